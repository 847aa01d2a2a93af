import cliProgress from 'cli-progress';
import type { CliIo } from './cli-io.js';

/** Files above this size get a progress bar (when both streams are terminals and --json is off). */
export const PROGRESS_MIN_BYTES = 5 * 1024 * 1024;

/** A progress display fed with bytes and rows read; `stop` clears it before results are printed. */
export interface Progress {
  /** Reports bytes and rows read so far. */
  update(bytesRead: number, rows?: number): void;
  /** Ends the display. */
  stop(): void;
}

/** When a progress bar is shown. */
export interface ProgressOptions {
  /** The command prints JSON: no bar, whatever the terminal (scripts read that output). */
  json?: boolean;
}

/**
 * A progress bar on stderr for reading `file` (rows read, rows per second, ETA), or undefined when the
 * file is small, stderr is not a terminal, stdout is piped (the output goes to another program, which
 * should not share a screen with redraws) or `json` is set.
 */
export function fileProgress(
  io: CliIo,
  file: string,
  totalBytes: number,
  options: ProgressOptions = {},
): Progress | undefined {
  if (!io.stderrIsTTY || !io.stdoutIsTTY || options.json === true || totalBytes <= PROGRESS_MIN_BYTES)
    return undefined;
  const bar = new cliProgress.SingleBar(
    {
      stream: io.stderr,
      format: `reading ${file} [{bar}] {percentage}% | {rows} rows, {rate} rows/s | ETA {eta_formatted}`,
      // A hidden cursor would outlive a Ctrl-C.
      hideCursor: false,
      // We already decided the stream is a terminal (CliIo.stderrIsTTY); cli-progress must not second-guess it.
      noTTYOutput: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  const count = (n: number) => Math.round(n).toLocaleString('en-US');
  bar.start(totalBytes, 0, { rows: '0', rate: '0' });
  return {
    update: (bytesRead, rows = 0) => {
      const seconds = (performance.now() - started) / 1000;
      bar.update(bytesRead, { rows: count(rows), rate: seconds > 0 ? count(rows / seconds) : '0' });
    },
    stop: () => bar.stop(),
  };
}

/**
 * A `readRecords` progress callback that creates the bar on the first call (when the file size is
 * known) and a `stop` to call once reading ends.
 */
export function progressCallback(
  io: CliIo,
  file: string,
  options: ProgressOptions = {},
): { onProgress: (bytesRead: number, totalBytes: number, rows?: number) => void; stop: () => void } {
  let started = false;
  let bar: Progress | undefined;
  return {
    onProgress: (bytesRead, totalBytes, rows) => {
      if (!started) {
        started = true;
        bar = fileProgress(io, file, totalBytes, options);
      }
      bar?.update(bytesRead, rows);
    },
    stop: () => bar?.stop(),
  };
}
