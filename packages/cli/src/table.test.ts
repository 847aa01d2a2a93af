import { describe, expect, it } from 'vitest';
import { formatTable } from '@cxkit/cli';

describe('formatTable', () => {
  it('aligns labels left and numbers right under a rule, with a footer rule before totals', () => {
    const text = formatTable(
      [{ header: 'Region' }, { header: 'n', align: 'right' }, { header: 'NPS', align: 'right' }],
      [
        ['EMEA', '1,204', '12.5'],
        ['NAM', '87', '-3.0'],
        ['Total', '1,291', '11.4'],
      ],
      { footerRows: 1 },
    );
    expect(text).toBe(
      [
        'Region      n   NPS',
        '------  -----  ----',
        'EMEA    1,204  12.5',
        'NAM        87  -3.0',
        '------  -----  ----',
        'Total   1,291  11.4',
        '',
      ].join('\n'),
    );
  });

  it('counts characters, not UTF-16 units, and trims trailing blanks', () => {
    const text = formatTable(
      [{ header: 'Région' }, { header: 'Note' }],
      [
        ['Zürich 🇨🇭', ''],
        ['Genève', 'ok'],
      ],
    );
    const lines = text.split('\n');
    expect(lines[2]).toBe('Zürich 🇨🇭');
    expect(lines[3]?.indexOf('ok')).toBe(lines[0]?.indexOf('Note'));
  });
});
