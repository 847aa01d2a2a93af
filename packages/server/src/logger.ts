import { pino, type Logger } from 'pino';

/** The server's structured logger type (pino). */
export type { Logger };

/** What a logged error keeps: enough to find the cause, nothing of the data it was about. */
export interface RedactedError {
  type: string;
  message: string;
  code?: string;
  stack?: string;
}

/**
 * An error as it may be logged: name, message, code and stack only. Database drivers attach the
 * statement and its parameters (PGlite's `query` and `params`, pg's `detail` and `where`), which
 * hold answers, verbatims and respondent ids: those never reach a log.
 */
export function redactError(err: unknown): RedactedError | unknown {
  if (!(err instanceof Error) && (typeof err !== 'object' || err === null || !('message' in err))) return err;
  const e = err as Error & { code?: unknown };
  return {
    type: e.name ?? 'Error',
    message: String(e.message),
    ...(typeof e.code === 'string' || typeof e.code === 'number' ? { code: String(e.code) } : {}),
    ...(typeof e.stack === 'string' ? { stack: e.stack } : {}),
  };
}

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /**
   * Write each line before returning (default true), so the lines of requests a `SIGKILL` cuts
   * short are not lost in pino's asynchronous buffer; false trades that for throughput.
   */
  sync?: boolean;
  /** Where to write (default stdout, file descriptor 1). */
  fd?: number;
}

/**
 * A JSON logger at `level`: secrets in headers are redacted, errors keep no driver query or
 * parameters ({@link redactError}), and lines are written synchronously by default.
 */
export function createLogger(level: string = 'info', options: LoggerOptions = {}): Logger {
  return pino(
    {
      level,
      base: { service: 'cxkit-server' },
      redact: ['req.headers.authorization', 'req.headers["x-cx-site-key"]'],
      serializers: { err: redactError, error: redactError },
    },
    pino.destination({ dest: options.fd ?? 1, sync: options.sync ?? true }),
  );
}
