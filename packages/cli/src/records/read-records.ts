import { createReadStream } from 'node:fs';
import type { Scale, ScoredKind } from '@cxkit/core';
import { CliError, EXIT_CODES } from '../cli-error.js';
import { csvSource } from './csv-source.js';
import type { FieldMap } from './field-map.js';
import { RECORD_FIELDS, REQUIRED_FIELDS, type RecordField } from './fields.js';
import { probeInputFile, type InputFormat } from './input-file.js';
import { jsonlSource } from './jsonl-source.js';
import { RecordError, RecordIssues, type RecordIssue } from './record-issue.js';
import { validateRow, type CellProblem, type RowCells, type SurveyRecord } from './survey-record.js';

/** Options of {@link readRecords}. */
export interface ReadRecordsOptions {
  /** The metric of every row when the file has no metric column (`--metric`). */
  metric?: ScoredKind;
  /** Field-to-column mapping (`--map`). */
  map?: FieldMap;
  /** Throw a {@link RecordError} at the first bad row instead of collecting it. */
  strict?: boolean;
  /** Which non-field columns to keep as dimensions: all of them (default) or the named ones. */
  dimensions?: readonly string[] | 'all';
  /** Force a format instead of detecting it from the extension. */
  format?: InputFormat;
  /** Directory relative paths are resolved against (default: the process's). */
  cwd?: string;
  /** Reject rows whose scale differs from the first row of the same metric (default true): their summaries cannot merge. */
  consistentScales?: boolean;
  /** How many issues to keep verbatim (default 1000); all are counted. */
  issueLimit?: number;
  /** Called as the file is read, with bytes read so far and the file size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/** Counts of the rows read so far. */
export interface RecordStats {
  /** Data rows seen (header and blank lines excluded). */
  rows: number;
  /** Rows that passed validation and were yielded. */
  accepted: number;
  /** Rows rejected (each with at least one issue in `issues`). */
  rejected: number;
}

/** The result of {@link readRecords}: iterate it once for the records; issues and stats fill as it goes. */
export interface RecordReader extends AsyncIterable<SurveyRecord> {
  /** The records in batches (whatever one read of the file yields): faster than one `await` per record. */
  batches(): AsyncIterable<SurveyRecord[]>;
  /** The file as named by the caller (used in every message). */
  readonly file: string;
  /** Problems of rejected rows. */
  readonly issues: RecordIssues;
  /** Row counts. */
  readonly stats: RecordStats;
}

/** Where each field lives in the file: a CSV column index, or a JSON key. */
interface Layout {
  column: Record<RecordField, string>;
  index: Partial<Record<RecordField, number>>;
}

const toCell = (value: unknown): string | null => {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
};

/**
 * Reads an answers file (CSV with a header, or JSON Lines) as a stream of validated {@link SurveyRecord}s.
 * Bad rows are never dropped silently: each is counted in `stats.rejected` with its problems in
 * `issues` (file, line, column, rule), or thrown as a {@link RecordError} with `strict`.
 * @throws CliError `readRecords/file-unreadable` (exit 3); `readRecords/missing-column` (exit 1) when the
 *   header lacks a required field; `readRecords/unknown-column` (exit 2) when `map` or `dimensions`
 *   name a column the file does not have; `readRecords/duplicate-column` (exit 1).
 * @example
 *   const reader = readRecords('answers.csv', { metric: 'nps', map: { score: 'REC' } });
 *   for await (const r of reader) addToSummary(summary, r.value);
 *   console.log(reader.stats.rejected, reader.issues.kept);
 */
export function readRecords(file: string, options: ReadRecordsOptions = {}): RecordReader {
  const issues = new RecordIssues(options.issueLimit);
  const stats: RecordStats = { rows: 0, accepted: 0, rejected: 0 };
  const batches = () => iterate(file, options, issues, stats);
  return {
    file,
    issues,
    stats,
    batches,
    async *[Symbol.asyncIterator]() {
      for await (const batch of batches()) yield* batch;
    },
  };
}

async function* iterate(
  file: string,
  options: ReadRecordsOptions,
  issues: RecordIssues,
  stats: RecordStats,
): AsyncGenerator<SurveyRecord[]> {
  const input = await probeInputFile(file, options.cwd ?? process.cwd(), options.format);
  const map = options.map ?? {};
  const column = Object.fromEntries(RECORD_FIELDS.map((f) => [f, map[f] ?? f])) as Record<
    RecordField,
    string
  >;
  const fieldColumns = new Set(Object.values(column));
  const wanted = options.dimensions ?? 'all';
  const consistent = options.consistentScales ?? true;
  const scales = new Map<ScoredKind, { scale: Scale; line: number }>();

  const stream = createReadStream(input.path, { highWaterMark: 1 << 20 });
  if (options.onProgress) {
    const onProgress = options.onProgress;
    let read = 0;
    stream.on('data', (chunk) => {
      read += chunk.length;
      onProgress(read, input.size);
    });
  }

  let strictError: RecordError | undefined;
  const reject = (rowIssues: RecordIssue[]): void => {
    if (options.strict) {
      // Thrown by the loop once the rows accepted before this one are handed out.
      strictError ??= new RecordError(rowIssues);
      return;
    }
    issues.addRow(rowIssues);
    stats.rejected = issues.rejectedRows;
  };
  const toIssues = (line: number, problems: readonly CellProblem[]) =>
    problems.map((p): RecordIssue => ({
      file,
      line,
      column: column[p.field],
      field: p.field,
      rule: p.rule,
      message: p.message,
    }));

  /** Validates a row's cells; yields the record or files the issues. */
  const accept = (
    line: number,
    cells: RowCells,
    hasMetric: boolean,
    dimensions: Record<string, string>,
  ): SurveyRecord | undefined => {
    stats.rows += 1;
    const record = validateRow(line, cells, dimensions, hasMetric ? undefined : options.metric);
    if (Array.isArray(record)) {
      reject(toIssues(line, record));
      return undefined;
    }
    if (consistent) {
      const first = scales.get(record.metric);
      if (first === undefined) scales.set(record.metric, { scale: record.scale, line });
      else if (first.scale.min !== record.scale.min || first.scale.max !== record.scale.max) {
        reject(
          toIssues(line, [
            {
              field: 'scale_max',
              rule: 'scale-mismatch',
              message: `${record.metric} scale ${record.scale.min}-${record.scale.max} differs from ${first.scale.min}-${first.scale.max} on line ${first.line}; report one scale per file`,
            },
          ]),
        );
        return undefined;
      }
    }
    stats.accepted += 1;
    return record;
  };

  try {
    if (input.format === 'csv') {
      let layout: Layout | undefined;
      let header: string[] = [];
      let dimensionIndex: [string, number][] = [];
      // One object reused for every row: validateRow only reads it.
      const cells = {} as RowCells;
      for await (const rows of csvSource(stream, input.delimiter)) {
        const out: SurveyRecord[] = [];
        for (const row of rows) {
          if (strictError) break;
          if (row.kind === 'syntax-error') {
            stats.rows += 1;
            reject([
              { file, line: row.line, column: null, field: null, rule: row.rule, message: row.message },
            ]);
            continue;
          }
          if (layout === undefined) {
            header = row.values;
            layout = csvLayout(file, header, column, map, options.metric !== undefined);
            const dims = header.filter((c) => !fieldColumns.has(c));
            const keep = wanted === 'all' ? dims : wanted;
            for (const name of keep)
              if (!dims.includes(name))
                throw new CliError(
                  'readRecords/unknown-column',
                  EXIT_CODES.usage,
                  `${file} has no column "${name}" (columns: ${header.join(', ')})`,
                  { file, column: name },
                );
            dimensionIndex = keep.map((name) => [name, header.indexOf(name)]);
            continue;
          }
          const values = row.values;
          if (values.length !== header.length) {
            stats.rows += 1;
            reject([
              {
                file,
                line: row.line,
                column: null,
                field: null,
                rule: 'field-count',
                message: `has ${values.length} fields, the header has ${header.length}`,
              },
            ]);
            continue;
          }
          for (const f of RECORD_FIELDS) {
            const i = layout.index[f];
            cells[f] = i === undefined ? '' : (values[i] ?? '').trim();
          }
          const dimensions: Record<string, string> = {};
          for (const [name, i] of dimensionIndex) dimensions[name] = values[i] ?? '';
          const record = accept(row.line, cells, layout.index.metric !== undefined, dimensions);
          if (record) out.push(record);
        }
        if (out.length > 0) yield out;
        if (strictError) throw strictError;
      }
      if (layout === undefined)
        throw new CliError(
          'readRecords/missing-column',
          EXIT_CODES.badInput,
          `${file}: empty file, expected a header line`,
          {
            file,
          },
        );
    } else {
      const seen = new Set<string>();
      for await (const rows of jsonlSource(stream)) {
        const out: SurveyRecord[] = [];
        for (const row of rows) {
          if (strictError) break;
          if (row.kind === 'syntax-error') {
            stats.rows += 1;
            reject([
              { file, line: row.line, column: null, field: null, rule: row.rule, message: row.message },
            ]);
            continue;
          }
          const object = row.object;
          const cells = {} as RowCells;
          const problems: RecordIssue[] = [];
          for (const f of RECORD_FIELDS) {
            const cell = toCell(object[column[f]]);
            if (cell === null) problems.push(notScalar(file, row.line, column[f], f));
            cells[f] = cell ?? '';
          }
          const dimensions: Record<string, string> = {};
          const names = wanted === 'all' ? Object.keys(object).filter((k) => !fieldColumns.has(k)) : wanted;
          for (const name of names) {
            if (Object.hasOwn(object, name)) seen.add(name);
            const cell = toCell(object[name]);
            if (cell === null) problems.push(notScalar(file, row.line, name, null));
            dimensions[name] = cell ?? '';
          }
          if (problems.length > 0) {
            stats.rows += 1;
            reject(problems);
            continue;
          }
          const record = accept(row.line, cells, Object.hasOwn(object, column.metric), dimensions);
          if (record) out.push(record);
        }
        if (out.length > 0) yield out;
        if (strictError) throw strictError;
      }
      if (wanted !== 'all' && stats.rows > 0)
        for (const name of wanted)
          if (!seen.has(name))
            throw new CliError(
              'readRecords/unknown-column',
              EXIT_CODES.usage,
              `${file} has no key "${name}" on any line`,
              { file, column: name },
            );
    }
  } finally {
    stream.destroy();
  }
}

const notScalar = (file: string, line: number, column: string, field: RecordField | null): RecordIssue => ({
  file,
  line,
  column,
  field,
  rule: 'not-a-scalar',
  message: 'must be a string, number, boolean or null',
});

/** Resolves where each field is in a CSV header, or throws naming the missing column. */
function csvLayout(
  file: string,
  header: readonly string[],
  column: Record<RecordField, string>,
  map: FieldMap,
  metricGiven: boolean,
): Layout {
  const duplicate = header.find((c, i) => header.indexOf(c) !== i);
  if (duplicate !== undefined)
    throw new CliError(
      'readRecords/duplicate-column',
      EXIT_CODES.badInput,
      `${file}:1: column "${duplicate}" appears twice in the header`,
      { file, column: duplicate },
    );
  const index: Partial<Record<RecordField, number>> = {};
  for (const f of RECORD_FIELDS) {
    const i = header.indexOf(column[f]);
    if (i >= 0) index[f] = i;
    else if (map[f] !== undefined)
      throw new CliError(
        'readRecords/unknown-column',
        EXIT_CODES.usage,
        `--map ${f}=${column[f]}: ${file} has no column "${column[f]}" (columns: ${header.join(', ')})`,
        { file, column: column[f] },
      );
    else if (REQUIRED_FIELDS.includes(f) && !(f === 'metric' && metricGiven))
      throw new CliError(
        'readRecords/missing-column',
        EXIT_CODES.badInput,
        `${file}:1: no "${f}" column${f === 'metric' ? ' (or give --metric)' : ''}; map one with --map ${f}=COLUMN (columns: ${header.join(', ')})`,
        { file, column: f },
      );
  }
  return { column, index };
}
