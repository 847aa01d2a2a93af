import type { Readable } from 'node:stream';
import { parse, type CsvError, type Options } from 'csv-parse';

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
 * Streams a CSV file's records (header included) with the line each starts on. Malformed
 * records (bad quoting) are reported as `syntax-error` rows and parsing continues.
 */
export async function* csvSource(input: Readable, delimiter: string): AsyncGenerator<SourceRow> {
  const errors: SourceRow[] = [];
  let lastEnd = 0;
  let lastErrorEnd = 0;
  const options: Options<{ line: number; values: string[] }, string[]> = {
    delimiter,
    bom: true,
    trim: true,
    // The start line is worked out as each record is parsed, so a later syntax error knows
    // exactly which lines it swallowed.
    on_record: (record, context) => {
      const end = context.lines;
      const line = end - lastEnd > 1 ? end - countNewlines(record) : end;
      lastEnd = end;
      return { line, values: record };
    },
    skip_empty_lines: true,
    relax_column_count: true,
    skip_records_with_error: true,
  };
  // csv-parse types on_record as returning string[] for array records; ours returns the row object.
  const parser = input.pipe(parse(options as unknown as Options));
  parser.on('skip', (error: CsvError) => {
    const to = typeof error.lines === 'number' ? error.lines : lastEnd + 1;
    // After a quoting error csv-parse may resynchronise several lines later, and may report the same
    // broken record twice: one issue per broken stretch, naming the lines it covers.
    if (to <= lastErrorEnd) return;
    const from = Math.max(lastEnd, lastErrorEnd) + 1;
    lastErrorEnd = to;
    errors.push({
      kind: 'syntax-error',
      line: from,
      rule: 'csv-syntax',
      message: error.message + (to > from ? ` (lines ${from}-${to} not read)` : ''),
    });
  });
  input.on('error', (error) => parser.destroy(error));
  for await (const row of parser as AsyncIterable<{ line: number; values: string[] }>) {
    while (errors.length > 0 && (errors[0]?.line ?? 0) <= row.line) yield errors.shift() as SourceRow;
    yield { kind: 'row', line: row.line, values: row.values };
  }
  yield* errors;
}
