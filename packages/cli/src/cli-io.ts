import type { Writable } from 'node:stream';

/**
 * Everything a command touches outside its arguments, so tests run commands in-process
 * with captured streams and the bin passes the real process.
 */
export interface CliIo {
  /** Where results go (the table or the JSON document). */
  stdout: Writable;
  /** Where diagnostics, bad-row messages and the progress bar go. */
  stderr: Writable;
  /** True when stdout is a terminal. */
  stdoutIsTTY: boolean;
  /** True when stderr is a terminal (the progress bar is drawn only then). */
  stderrIsTTY: boolean;
  /** Directory that relative file arguments are resolved against. */
  cwd: string;
}

/** The {@link CliIo} of the running process. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    cwd: process.cwd(),
  };
}

/** Writes text to a stream and resolves once it is flushed, so exit codes never cut output short. */
export function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}
