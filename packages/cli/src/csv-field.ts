/**
 * One CSV field for a file people open in a spreadsheet: quoted when it holds a delimiter, quote
 * or line break (RFC 4180), and defused when it would start a formula (OWASP "CSV injection"):
 * a cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so
 * `=HYPERLINK(...)` shows as text instead of running. Plain numbers (`-0.5`) are left as they are.
 * @example csvField('=HYPERLINK("http://x","y")') // "'=HYPERLINK(""http://x"",""y"")"
 */
export function csvField(value: string): string {
  const defused =
    /^[=+\-@\t\r]/.test(value) && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value)
      ? `'${value}`
      : value;
  return /[",\r\n]/.test(defused) ? `"${defused.replace(/"/g, '""')}"` : defused;
}

/** One CSV line of fields (no line break). */
export function csvLine(values: readonly string[]): string {
  return values.map(csvField).join(',');
}
