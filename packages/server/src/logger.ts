import { pino, type Logger } from 'pino';

/** The server's structured logger type (pino). */
export type { Logger };

/** A JSON logger at `level`; secrets in headers are redacted. */
export function createLogger(level: string = 'info'): Logger {
  return pino({
    level,
    base: { service: 'cxkit-server' },
    redact: ['req.headers.authorization', 'req.headers["x-cx-site-key"]'],
  });
}
