import type { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { readBatches } from './read-batches.js';

/** A row from a text source: its start line and its values, or a row-level syntax problem. */
export type SourceRow =
  | { kind: 'row'; line: number; values: string[] }
  | { kind: 'syntax-error'; line: number; rule: string; message: string };

const countNewlines = (values: readonly string[]): number => {
  let n = 0;
  for (const v of values) for (let i = v.indexOf('\n'); i !== -1; i = v.indexOf('\n', i + 1)) n++;
  return n;
};

/**
 * Streams a CSV file's records (header included) in batches, with the line each starts on. Malformed
 * records (bad quoting) are reported as `syntax-error` rows and parsing continues.
 */
export async function* csvSource(input: Readable, delimiter: string): AsyncGenerator<SourceRow[]> {
  // Line numbers are counted here rather than with csv-parse's `info`/`on_record`, which build a
  // context object per record and double the parse time. Syntax errors carry csv-parse's own record
  // and line counters, which place them exactly in the record stream and resynchronise the count.
  const errors: { records: number; lines: number; message: string }[] = [];
  const parser = input.pipe(
    parse({
      delimiter,
      bom: true,
      trim: true,
      skip_empty_lines: false,
      relax_column_count: true,
      skip_records_with_error: true,
    }),
  );
  parser.on('skip', (error: CsvError) => {
    const lines = typeof error.lines === 'number' ? error.lines : 0;
    const records = typeof error.records === 'number' ? error.records : 0;
    const last = errors.at(-1);
    // csv-parse may report one broken stretch twice (bad closing quote, then quote not closed at EOF).
    if (last !== undefined && last.records === records && last.lines >= lines) return;
    errors.push({ records, lines, message: error.message });
  });
  input.on('error', (error) => parser.destroy(error));
  let next = 1;
  let index = 0;
  let lastErrorEnd = 0;
  const flush = function* (): Generator<SourceRow> {
    while (errors.length > 0 && (errors[0]?.records ?? 0) <= index) {
      const e = errors.shift() as (typeof errors)[number];
      const from = Math.max(next, lastErrorEnd + 1);
      const to = Math.max(e.lines, from);
      lastErrorEnd = to;
      next = to + 1;
      yield {
        kind: 'syntax-error',
        line: from,
        rule: 'csv-syntax',
        message: e.message + (to > from ? ` (lines ${from}-${to} not read)` : ''),
      };
    }
  };
  for await (const batch of readBatches<string[]>(parser)) {
    const out: SourceRow[] = [];
    for (const values of batch) {
      for (const e of flush()) out.push(e);
      index += 1;
      const line = next;
      next = line + 1 + countNewlines(values);
      // A blank line comes through as one empty field.
      if (values.length === 1 && values[0] === '') continue;
      out.push({ kind: 'row', line, values });
    }
    yield out;
  }
  index = Infinity;
  yield [...flush()];
}
