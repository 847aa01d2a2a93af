// Writes the benchmark's answers file: `rows` answers (NPS, CSAT, CES) from `accounts` accounts.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { SAMPLE_HEADER, sampleRows } from './sample-data.js';

/** Writes `rows` generated answers of `accounts` accounts to `file` as CSV (seed 42, as the benchmark). */
export async function writeBenchFile(file: string, rows: number, accounts: number): Promise<void> {
  const out = createWriteStream(file);
  out.write(SAMPLE_HEADER.join(',') + '\n');
  let chunk: string[] = [];
  for (const row of sampleRows(rows, 42, accounts)) {
    chunk.push(row);
    if (chunk.length === 10_000) {
      if (!out.write(chunk.join('\n') + '\n')) await once(out, 'drain');
      chunk = [];
    }
  }
  if (chunk.length > 0) out.write(chunk.join('\n') + '\n');
  out.end();
  await once(out, 'finish');
}

// Run directly: node --conditions=source --import tsx scripts/bench-file.ts FILE [ROWS] [ACCOUNTS]
if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'))) {
  const [file, rows = '1000000', accounts = '10000'] = process.argv.slice(2);
  if (file === undefined) throw new Error('usage: bench-file.ts FILE [ROWS] [ACCOUNTS]');
  await writeBenchFile(file, Number(rows), Number(accounts));
}
