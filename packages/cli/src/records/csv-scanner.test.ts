import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanCsv } from './csv-scanner.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cxkit-scan-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Every record the scanner hands out (fields as text, start line), and its syntax errors. */
async function scan(text: string | Uint8Array, chunkSize: number, delimiter = ',') {
  const path = join(dir, 'in.csv');
  await writeFile(path, text);
  const handle = await open(path, 'r');
  const records: { line: number; fields: string[] }[] = [];
  const errors: { line: number; message: string }[] = [];
  const decoder = new TextDecoder();
  try {
    for await (const _ of scanCsv(
      handle,
      delimiter,
      {
        record: (r) =>
          records.push({
            line: r.line,
            fields: Array.from({ length: r.count }, (_, i) =>
              decoder.decode(r.bytes.subarray(r.starts[i], r.ends[i])),
            ),
          }),
        syntaxError: (line, message) => errors.push({ line, message }),
      },
      chunkSize,
    ));
  } finally {
    await handle.close();
  }
  return { records, errors };
}

// Cells with the characters that matter: delimiters, quotes, line breaks, blanks, non-ASCII.
const cell = fc
  .array(fc.constantFrom('a', 'Z', '7', ' ', ',', ';', '"', '\n', '\r\n', 'é', '€', '-'), { maxLength: 8 })
  .map((cs) => cs.join(''));
const quote = (v: string) => `"${v.replaceAll('"', '""')}"`;
const needsQuotes = (v: string) => /[",;\r\n]|^\s|\s$/.test(v);

describe('scanCsv', () => {
  it('reads any well-formed file as csv-parse does, with each record on its start line, whatever the chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 }),
        fc.constantFrom('\n', '\r\n'),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        async (rows, eol, chunkSize, finalEol) => {
          const text =
            rows
              // A row of one empty cell is written "" (a bare empty line at the end is no record).
              .map((r) => r.map((v) => (needsQuotes(v) || r.length === 1 ? quote(v) : v)).join(','))
              .join(eol) + (finalEol ? eol : '');
          const expected = parse(text, { bom: true, trim: true, relax_column_count: true }) as string[][];
          const { records, errors } = await scan(text, chunkSize);
          expect(errors).toEqual([]);
          expect(records.map((r) => r.fields)).toEqual(expected);
          // A record starts one line after the previous one, plus the line feeds inside its quoted cells.
          let line = 1;
          rows.forEach((r, k) => {
            expect(records[k]?.line).toBe(line);
            line += 1 + r.join('').split('\n').length - 1;
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('skips a byte order mark and reads other delimiters', async () => {
    const { records } = await scan('\uFEFFa;b\n"x;y";2\n', 4, ';');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x;y', '2'] },
    ]);
  });

  it('names a bad closing or opening quote in csv-parse words, skips to the next line and reads on', async () => {
    const { records, errors } = await scan('a,b\n1,"9"x\n2,ab"c\n3,4\n', 5);
    expect(records.map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['3', '4'],
    ]);
    expect(errors).toEqual([
      {
        line: 2,
        message:
          'Invalid Closing Quote: got "x" at line 2 instead of delimiter, record delimiter, trimable character (if activated) or comment',
      },
      { line: 3, message: 'Invalid Opening Quote: a quote is found on field 1 at line 3, value is "ab"' },
    ]);
  });

  it('reports a quote still open at the end of the file with the lines it swallowed', async () => {
    const { records, errors } = await scan('a,b\n1,"open\n2,3\n', 3);
    expect(records).toHaveLength(1);
    expect(errors).toEqual([
      {
        line: 2,
        message:
          'Quote Not Closed: the parsing is finished with an opening quote at line 3 (lines 2-3 not read)',
      },
    ]);
  });
});
