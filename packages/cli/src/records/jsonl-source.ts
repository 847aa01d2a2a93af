import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';

/** A JSON Lines row: its line and parsed object, or why the line is not one. */
export type JsonlRow =
  | { kind: 'row'; line: number; object: Record<string, unknown> }
  | { kind: 'syntax-error'; line: number; rule: string; message: string };

/** Streams a JSON Lines file one object per line; blank lines are allowed and skipped. */
export async function* jsonlSource(input: Readable): AsyncGenerator<JsonlRow> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    const trimmed = line === 1 ? text.replace(/^\uFEFF/, '').trim() : text.trim();
    if (trimmed === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      yield { kind: 'syntax-error', line, rule: 'invalid-json', message: (error as Error).message };
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      yield { kind: 'syntax-error', line, rule: 'not-an-object', message: 'each line must be a JSON object' };
    else yield { kind: 'row', line, object: value as Record<string, unknown> };
  }
}
