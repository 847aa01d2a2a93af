import { CliError, EXIT_CODES } from '../cli-error.js';
import type { RecordField } from './fields.js';

/** One problem with one input row: where it is (file, line, column) and which rule it breaks. */
export interface RecordIssue {
  /** The file as named on the command line. */
  file: string;
  /** 1-based line where the row starts. */
  line: number;
  /** The file's column (CSV header name or JSON key), or null when the whole row is at fault. */
  column: string | null;
  /** The cxkit field that column feeds, when it feeds one. */
  field: RecordField | null;
  /** Stable rule identifier, e.g. `out-of-scale`, `invalid-date`, `csv-syntax`. */
  rule: string;
  /** What is wrong, for people. */
  message: string;
}

/**
 * Formats an issue as `FILE:LINE: column "COL" (field): message [rule]`, the shape editors and
 * terminals turn into links.
 * @example formatIssue({ file: 'a.csv', line: 3, column: 'REC', field: 'score', rule: 'out-of-scale', message: '11 is not on the scale 0-10' })
 *   // 'a.csv:3: column "REC" (score): 11 is not on the scale 0-10 [out-of-scale]'
 */
export function formatIssue(issue: RecordIssue): string {
  let where = '';
  if (issue.column !== null) {
    where = `column "${issue.column}"`;
    if (issue.field !== null && issue.field !== issue.column) where += ` (${issue.field})`;
    where += ': ';
  }
  return `${issue.file}:${issue.line}: ${where}${issue.message} [${issue.rule}]`;
}

/**
 * Collects the issues of rejected rows: every rejected row is counted, issues are counted per rule,
 * and the first `limit` issues are kept verbatim (a million bad rows must not exhaust memory).
 */
export class RecordIssues {
  /** Rows rejected because of at least one issue. */
  rejectedRows = 0;
  /** Issues counted, including those beyond the kept ones. */
  total = 0;
  /** Issue count per rule. */
  readonly byRule = new Map<string, number>();
  /** The first `limit` issues, in file order. */
  readonly kept: RecordIssue[] = [];

  constructor(
    /** How many issues to keep verbatim. */
    readonly limit = 1000,
  ) {}

  /** Records one rejected row and its issues (at least one). */
  addRow(issues: readonly RecordIssue[]): void {
    this.rejectedRows += 1;
    for (const issue of issues) {
      this.total += 1;
      this.byRule.set(issue.rule, (this.byRule.get(issue.rule) ?? 0) + 1);
      if (this.kept.length < this.limit) this.kept.push(issue);
    }
  }
}

/** Thrown under `--strict` at the first bad row (exit code 1); `issues` are that row's problems. */
export class RecordError extends CliError {
  /** The problems of the offending row. */
  readonly issues: readonly RecordIssue[];

  constructor(issues: readonly RecordIssue[]) {
    const first = issues[0];
    super(
      `readRecords/${first?.rule ?? 'bad-row'}`,
      EXIT_CODES.badInput,
      issues.map(formatIssue).join('\n'),
      first ? { ...first } : undefined,
    );
    this.name = 'RecordError';
    this.issues = issues;
  }
}
