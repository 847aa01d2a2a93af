import { open } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { fileUnreadable } from '../cli-error.js';

/** The formats an answers file may have. */
export type InputFormat = 'csv' | 'jsonl' | 'parquet';

/** What probing a file found: its absolute path, size, format and (CSV) delimiter. */
export interface InputFile {
  /** Absolute path. */
  path: string;
  /** Size in bytes. */
  size: number;
  /** Detected or requested format. */
  format: InputFormat;
  /** CSV delimiter (`,`, `;`, tab or `|`), sniffed from the header line. */
  delimiter: string;
}

const DELIMITERS = [',', ';', '\t', '|'] as const;

/** Picks the delimiter that occurs most often outside quotes on the header line (',' on a tie). */
export function sniffDelimiter(firstLine: string): string {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (DELIMITERS as readonly string[]).includes(ch))
      counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  for (const d of DELIMITERS) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

/**
 * Opens a file to check it is readable and sniffs its format: `.parquet` (or a file starting with Parquet's
 * `PAR1` magic) is Parquet, `.jsonl`/`.ndjson`/`.json` are JSON Lines, `.csv`/`.tsv`/`.txt` CSV, anything
 * else JSON Lines when it starts with `{`.
 * @throws CliError `readRecords/file-unreadable` (exit 3) when missing, a directory, or not readable.
 */
export async function probeInputFile(file: string, cwd: string, format?: InputFormat): Promise<InputFile> {
  const path = resolve(cwd, file);
  let head: string;
  let size: number;
  try {
    const handle = await open(path, 'r');
    try {
      const stat = await handle.stat();
      if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      size = stat.size;
      const buffer = Buffer.alloc(Math.min(size, 64 * 1024));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      head = buffer
        .subarray(0, bytesRead)
        .toString('utf8')
        .replace(/^\uFEFF/, '');
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw fileUnreadable('readRecords', file, error);
  }
  const ext = extname(path).toLowerCase();
  const detected: InputFormat =
    format ??
    (ext === '.parquet' || head.startsWith('PAR1')
      ? 'parquet'
      : ['.jsonl', '.ndjson', '.json'].includes(ext)
        ? 'jsonl'
        : ['.csv', '.tsv', '.txt'].includes(ext)
          ? 'csv'
          : head.trimStart().startsWith('{')
            ? 'jsonl'
            : 'csv');
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  return { path, size, format: detected, delimiter: ext === '.tsv' ? '\t' : sniffDelimiter(firstLine) };
}
