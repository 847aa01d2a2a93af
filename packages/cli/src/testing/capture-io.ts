import { Writable } from 'node:stream';
import type { CliIo } from '../cli-io.js';
import { main } from '../cli.js';

/** A {@link CliIo} whose streams collect text, for running commands in-process in tests. */
export interface CapturedIo extends CliIo {
  /** Everything written to stdout. */
  out(): string;
  /** Everything written to stderr. */
  err(): string;
}

const collector = (chunks: string[]) =>
  new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });

/** Builds a captured io; `tty` pretends both streams are terminals. */
export function captureIo(cwd: string, tty = false): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: collector(out),
    stderr: collector(err),
    stdoutIsTTY: tty,
    stderrIsTTY: tty,
    cwd,
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

/** Runs `cxkit ARGS` in-process and returns the exit code and captured output. */
export async function runCli(
  args: string[],
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = captureIo(cwd);
  const code = await main(args, io);
  return { code, stdout: io.out(), stderr: io.err() };
}
