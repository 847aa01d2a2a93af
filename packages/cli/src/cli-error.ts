import { CxError, type CxErrorCode } from '@cxkit/core';

/** The process exit codes of `cxkit`, documented in the README. */
export const EXIT_CODES = {
  /** Everything was read and reported. */
  ok: 0,
  /** Some input rows were rejected (the report of the valid rows is still printed unless --strict). */
  badInput: 1,
  /** The command line is wrong: unknown command or option, bad option value, unknown column. */
  usage: 2,
  /** An input file does not exist or cannot be read. */
  fileUnreadable: 3,
} as const;

/** One of {@link EXIT_CODES}. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** A CLI failure with a stable `code` (as every cxkit error) and the exit code it maps to. */
export class CliError extends CxError {
  /** The process exit code for this failure. */
  readonly exitCode: ExitCode;
  /** The message for people, without the code prefix. */
  readonly reason: string;

  constructor(code: CxErrorCode, exitCode: ExitCode, reason: string, details?: Record<string, unknown>) {
    super(code, reason, details);
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.reason = reason;
  }
}

/** A usage error (exit code 2): the message is printed with a pointer to `--help`. */
export function usageError(command: string, rule: string, message: string): CliError {
  return new CliError(`${command}/${rule}`, EXIT_CODES.usage, message);
}

/**
 * The exit-code-3 error for a file that cannot be read, worded for people ("no such file", "is a directory").
 * @example throw fileUnreadable('report', 'answers.csv', error)
 */
export function fileUnreadable(command: string, file: string, error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EISDIR'
        ? 'is a directory'
        : code === 'EACCES'
          ? 'permission denied'
          : (error as Error).message;
  return new CliError(`${command}/file-unreadable`, EXIT_CODES.fileUnreadable, `${file}: ${why}`, { file });
}
