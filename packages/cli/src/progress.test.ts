import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, PROGRESS_MIN_BYTES } from '@cxkit/cli';
import { captureIo } from './testing/capture-io.js';
import { SAMPLE_HEADER, sampleRows } from '../scripts/sample-data.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cxkit-progress-'));
  const out = createWriteStream(join(dir, 'large.csv'));
  out.write(SAMPLE_HEADER.join(',') + '\n');
  let bytes = 0;
  for (const row of sampleRows(200_000, 7)) {
    bytes += row.length + 1;
    if (!out.write(row + '\n')) await once(out, 'drain');
    if (bytes > PROGRESS_MIN_BYTES * 1.2) break;
  }
  out.end();
  await once(out, 'finish');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A captured io whose stderr and stdout are terminals or not. */
const ttys = (stderr: boolean, stdout: boolean) => ({ ...captureIo(dir, stderr), stdoutIsTTY: stdout });

describe('progress bar', () => {
  it('is drawn on stderr for a large file, with rows read and rows per second, when both streams are terminals', async () => {
    const io = captureIo(dir, true);
    const code = await main(['report', 'large.csv', '--metric', 'nps'], io);
    expect(code).toBe(0);
    expect(io.err()).toMatch(/reading large\.csv \[.*\] \d+% \| [\d,]+ rows, [\d,]+ rows\/s \| ETA/);
    expect(io.out()).toMatch(/^NPS · large\.csv/);
  });

  it('stays off when stderr is not a terminal', async () => {
    const io = ttys(false, true);
    expect(await main(['report', 'large.csv', '--metric', 'nps'], io)).toBe(0);
    expect(io.err()).toBe('');
  });

  it('stays off when stdout is piped to another program', async () => {
    const io = ttys(true, false);
    expect(await main(['report', 'large.csv', '--metric', 'nps'], io)).toBe(0);
    expect(io.err()).toBe('');
  });

  it('stays off with --json, whatever the terminal', async () => {
    const io = captureIo(dir, true);
    expect(await main(['report', 'large.csv', '--metric', 'nps', '--json'], io)).toBe(0);
    expect(io.err()).toBe('');
    expect((JSON.parse(io.out()) as { total: { n: number } }).total.n).toBeGreaterThan(0);
  });
});
