import type { Readable } from 'node:stream';

/**
 * Reads an object-mode stream in batches of whatever is buffered. `for await` over a stream costs
 * a promise per item, which dominates when the items are a million CSV records.
 */
export async function* readBatches<T>(stream: Readable): AsyncGenerator<T[]> {
  let ended = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  stream.on('readable', notify);
  stream.once('end', () => {
    ended = true;
    notify();
  });
  stream.once('error', (error) => {
    failure = error;
    notify();
  });
  try {
    for (;;) {
      if (failure !== undefined) throw failure;
      const batch: T[] = [];
      let item: T | null;
      while ((item = stream.read() as T | null) !== null) batch.push(item);
      if (batch.length > 0) yield batch;
      else if (ended) return;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stream.off('readable', notify);
    stream.destroy();
  }
}
