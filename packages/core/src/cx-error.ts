/**
 * Stable machine-readable error codes thrown by @cxkit/core.
 * A code names the function (or schema) and the rule that failed, e.g. `mergeSummaries/scale-mismatch`.
 */
export type CxErrorCode = `${string}/${string}`;

/** The one error type core throws: `code` is stable across versions, `message` is for people. */
export class CxError extends Error {
  /** Stable identifier of the function and rule, safe to branch on. */
  readonly code: CxErrorCode;
  /** Optional structured context (field path, offending value, ...). */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: CxErrorCode, message: string, details?: Record<string, unknown>) {
    super(`${code}: ${message}`);
    this.name = 'CxError';
    this.code = code;
    this.details = details;
  }
}

/** True when `error` is a {@link CxError}, optionally with the given code. */
export function isCxError(error: unknown, code?: CxErrorCode): error is CxError {
  return error instanceof CxError && (code === undefined || error.code === code);
}
