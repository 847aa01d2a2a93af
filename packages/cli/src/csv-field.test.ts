import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from './csv-field.js';

describe('CSV fields written by the CLI', () => {
  it('defuse what a spreadsheet would run as a formula', () => {
    for (const cell of [
      '=HYPERLINK("http://evil.test","click")',
      '+1+cmd|x',
      '-2+3',
      '@SUM(A1)',
      '\t=1',
      '\r=1',
    ])
      expect(csvField(cell).replace(/^"/, '').startsWith("'")).toBe(true);
  });

  it('leave plain numbers and ordinary text as they are', () => {
    expect(['-0.5', '+3', '-12', '1e-3', '0.1234', 'acme', 'Acme Corp'].map(csvField)).toEqual([
      '-0.5',
      '+3',
      '-12',
      '1e-3',
      '0.1234',
      'acme',
      'Acme Corp',
    ]);
  });

  it('stay valid RFC 4180: an independent parser reads back the defused text', () => {
    const row = ['=HYPERLINK("http://evil.test","a,b")', 'line\nbreak', 'plain', '-7'];
    const [parsed] = parse(`${csvLine(row)}\n`) as string[][];
    expect(parsed).toEqual([`'${row[0]}`, 'line\nbreak', 'plain', '-7']);
  });
});
