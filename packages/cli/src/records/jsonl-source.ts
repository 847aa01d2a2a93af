import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/** A JSON Lines row: its line and parsed object, or why the line is not one. */
export type JsonlRow =
  | { kind: 'row'; line: number; object: Record<string, unknown> }
  | { kind: 'syntax-error'; line: number; rule: string; message: string };

/**
 * Streams a JSON Lines file one object per line, in batches (one per chunk read);
 * blank lines are allowed and skipped.
 */
export async function* jsonlSource(input: Readable): AsyncGenerator<JsonlRow[]> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let line = 0;
  const parseLine = (text: string, out: JsonlRow[]) => {
    line += 1;
    const trimmed = (line === 1 ? text.replace(/^\uFEFF/, '') : text).trim();
    if (trimmed === '') return;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      out.push({ kind: 'syntax-error', line, rule: 'invalid-json', message: (error as Error).message });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      out.push({
        kind: 'syntax-error',
        line,
        rule: 'not-an-object',
        message: 'each line must be a JSON object',
      });
    else out.push({ kind: 'row', line, object: value as Record<string, unknown> });
  };
  for await (const chunk of input as AsyncIterable<Buffer>) {
    const lines = (carry + decoder.write(chunk)).split('\n');
    carry = lines.pop() ?? '';
    const out: JsonlRow[] = [];
    for (const text of lines) parseLine(text, out);
    yield out;
  }
  const rest = carry + decoder.end();
  const out: JsonlRow[] = [];
  if (rest !== '') parseLine(rest, out);
  yield out;
}
