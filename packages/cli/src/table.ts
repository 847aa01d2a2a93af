/** A table column: its header and which side its cells align to. */
export interface TableColumn {
  /** Header text. */
  header: string;
  /** Numbers align right, labels left (default). */
  align?: 'left' | 'right';
}

const width = (s: string): number => [...s].length;

const pad = (s: string, w: number, align: 'left' | 'right'): string => {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return align === 'right' ? fill + s : s + fill;
};

/**
 * Lays out rows as a plain-text table with aligned columns, a rule under the header, and an
 * optional rule before the last `footerRows` rows (totals). Trailing spaces are trimmed.
 * @example formatTable([{ header: 'Region' }, { header: 'n', align: 'right' }], [['EMEA', '12'], ['NAM', '7']])
 *   // 'Region   n\n------  --\nEMEA    12\nNAM      7\n'
 */
export function formatTable(
  columns: readonly TableColumn[],
  rows: readonly (readonly string[])[],
  options: { footerRows?: number; gap?: number } = {},
): string {
  const gap = ' '.repeat(options.gap ?? 2);
  const widths = columns.map((c, i) => Math.max(width(c.header), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    columns
      .map((c, i) => pad(cells[i] ?? '', widths[i] ?? 0, c.align ?? 'left'))
      .join(gap)
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join(gap);
  const footer = options.footerRows ?? 0;
  const out = [line(columns.map((c) => c.header)), rule];
  rows.forEach((r, i) => {
    if (footer > 0 && i === rows.length - footer) out.push(rule);
    out.push(line(r));
  });
  return out.join('\n') + '\n';
}
