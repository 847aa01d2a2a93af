import { write, type CliIo } from './cli-io.js';
import { formatCount, formatCounted } from './format-number.js';
import { formatIssue, type RecordIssue } from './records/record-issue.js';
import type { RecordReader } from './records/read-records.js';

/** How many bad-row messages are printed to stderr before the per-rule summary. */
export const PRINTED_ISSUES = 20;

/**
 * Prints a reader's bad rows to stderr: the first {@link PRINTED_ISSUES} messages in
 * `FILE:LINE: column "C" (field): message [rule]` form, then the count of rejected rows per rule.
 */
export async function writeIssues(io: CliIo, reader: RecordReader): Promise<void> {
  const { issues } = reader;
  if (issues.rejectedRows === 0) return;
  const lines = issues.kept.slice(0, PRINTED_ISSUES).map(formatIssue);
  if (issues.total > PRINTED_ISSUES) lines.push(`... and ${formatCount(issues.total - PRINTED_ISSUES)} more`);
  const rules = [...issues.byRule].map(([rule, n]) => `${rule} ${formatCount(n)}`).join(', ');
  lines.push(
    `${reader.file}: rejected ${formatCount(issues.rejectedRows)} of ${formatCounted(reader.stats.rows, 'row')} (${rules}); the results cover the other rows`,
  );
  await write(io.stderr, lines.join('\n') + '\n');
}

/** The kept issues as plain objects for JSON output (at most `limit`). */
export function issuesJson(reader: RecordReader, limit = 100): Omit<RecordIssue, 'file'>[] {
  return reader.issues.kept.slice(0, limit).map(({ file: _file, ...rest }) => rest);
}
