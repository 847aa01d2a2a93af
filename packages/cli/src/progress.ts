import cliProgress from 'cli-progress';
import type { CliIo } from './cli-io.js';

/** Files above this size get a progress bar (when stderr is a terminal). */
export const PROGRESS_MIN_BYTES = 5 * 1024 * 1024;

/** A progress display fed with bytes read; `stop` clears it before results are printed. */
export interface Progress {
  /** Reports bytes read so far. */
  update(bytesRead: number): void;
  /** Ends the display. */
  stop(): void;
}

/**
 * A progress bar on stderr for reading `file`, or undefined when stderr is not a terminal or the file
 * is small: pipes and CI logs must not fill with redraws.
 */
export function fileProgress(io: CliIo, file: string, totalBytes: number): Progress | undefined {
  if (!io.stderrIsTTY || totalBytes <= PROGRESS_MIN_BYTES) return undefined;
  const bar = new cliProgress.SingleBar(
    {
      stream: io.stderr,
      format: `reading ${file} [{bar}] {percentage}% | {mb} / {totalMb} MB | ETA {eta_formatted}`,
      // A hidden cursor would outlive a Ctrl-C.
      hideCursor: false,
      // We already decided the stream is a terminal (CliIo.stderrIsTTY); cli-progress must not second-guess it.
      noTTYOutput: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  bar.start(totalBytes, 0, { mb: mb(0), totalMb: mb(totalBytes) });
  return {
    update: (bytesRead) => bar.update(bytesRead, { mb: mb(bytesRead) }),
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
): { onProgress: (bytesRead: number, totalBytes: number) => void; stop: () => void } {
  let started = false;
  let bar: Progress | undefined;
  return {
    onProgress: (bytesRead, totalBytes) => {
      if (!started) {
        started = true;
        bar = fileProgress(io, file, totalBytes);
      }
      bar?.update(bytesRead);
    },
    stop: () => bar?.stop(),
  };
}
