import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** One rejected field: its path in the request (dot-separated) and the rule it broke. */
export interface FieldIssue {
  /** Path such as `responses.3.answers.0.value`; empty for the whole body. */
  path: string;
  /** The rule, in words. */
  message: string;
  /** Machine-readable rule (zod issue code or ours). */
  rule: string;
}

/**
 * An error the server answers with a 4xx (or a deliberate 5xx such as 503) and a stable `code`.
 * Routes and domain functions throw it; the one error handler turns it into JSON.
 */
export class HttpError extends Error {
  /** HTTP status. */
  readonly status: ContentfulStatusCode;
  /** Stable code, `area/rule`. */
  readonly code: string;
  /** Field-level problems, for 400s. */
  readonly issues: FieldIssue[] | undefined;
  /** Extra response headers (e.g. `Retry-After`). */
  readonly headers: Record<string, string> | undefined;

  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    extra: { issues?: FieldIssue[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.issues = extra.issues;
    this.headers = extra.headers;
  }
}

/** True when `e` is an {@link HttpError}. */
export function isHttpError(e: unknown): e is HttpError {
  return e instanceof HttpError;
}
