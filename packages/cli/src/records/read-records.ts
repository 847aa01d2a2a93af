import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { CANT_RECOMMEND, SCORE_CODE, SCORED_KINDS, type Scale, type ScoredKind } from '@cxkit/core';
import { CliError, EXIT_CODES, fileUnreadable } from '../cli-error.js';
import { AnswerBatchBuilder, type AnswerBatch, type AnswerKeys } from './answer-batch.js';
import { CsvRowDecoder, text, utcMonth } from './csv-row-decoder.js';
import { scanCsv, type CsvRecord } from './csv-scanner.js';
import type { FieldMap } from './field-map.js';
import { RECORD_FIELDS, REQUIRED_FIELDS, type RecordField } from './fields.js';
import { probeInputFile, type InputFormat } from './input-file.js';
import { jsonlSource } from './jsonl-source.js';
import { parquetSource } from './parquet-source.js';
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
  /** Called as the file is read, with bytes read so far, the file size and rows read so far. */
  onProgress?: (bytesRead: number, totalBytes: number, rows: number) => void;
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
  /**
   * The valid answers in columns (metric, score code, month, and an id per key column), for aggregation
   * without an object per row; `keys.values(k)` gives each key column's values by id. Use instead of
   * {@link batches}, not with it.
   */
  answers(keys: AnswerKeys): AsyncIterable<AnswerBatch>;
  /** The file as named by the caller (used in every message). */
  readonly file: string;
  /** Problems of rejected rows. */
  readonly issues: RecordIssues;
  /** Row counts. */
  readonly stats: RecordStats;
  /** The scale of each metric's first valid row (every other valid row of it has the same one, unless `consistentScales` is false). */
  readonly scales: ReadonlyMap<ScoredKind, Scale>;
}

/** What one reading of a file fills. */
interface ReadContext {
  issues: RecordIssues;
  stats: RecordStats;
  scales: Map<ScoredKind, { scale: Scale; line: number }>;
  firstScales: Map<ScoredKind, Scale>;
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
  const scales = new Map<ScoredKind, { scale: Scale; line: number }>();
  const firstScales = new Map<ScoredKind, Scale>();
  const context = { issues, stats, scales, firstScales };
  const batches = () => iterate(file, options, context, undefined);
  return {
    file,
    issues,
    stats,
    scales: firstScales,
    batches,
    answers: (keys) => iterate(file, options, context, keys),
    async *[Symbol.asyncIterator]() {
      for await (const batch of batches()) yield* batch;
    },
  };
}

function iterate(
  file: string,
  options: ReadRecordsOptions,
  context: ReadContext,
  keys: undefined,
): AsyncGenerator<SurveyRecord[]>;
function iterate(
  file: string,
  options: ReadRecordsOptions,
  context: ReadContext,
  keys: AnswerKeys,
): AsyncGenerator<AnswerBatch>;
async function* iterate(
  file: string,
  options: ReadRecordsOptions,
  context: ReadContext,
  keys: AnswerKeys | undefined,
): AsyncGenerator<SurveyRecord[] | AnswerBatch> {
  const { issues, stats, scales, firstScales } = context;
  const input = await probeInputFile(file, options.cwd ?? process.cwd(), options.format);
  const map = options.map ?? {};
  const column = Object.fromEntries(RECORD_FIELDS.map((f) => [f, map[f] ?? f])) as Record<
    RecordField,
    string
  >;
  const fieldColumns = new Set<string>(Object.values(column));
  const wanted = options.dimensions ?? 'all';
  const consistent = options.consistentScales ?? true;

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

  /** True (and the row rejected) when a valid row's scale differs from the first of its metric. */
  const scaleMismatch = (metric: ScoredKind, scale: Scale, line: number): boolean => {
    // Scales are shared frozen objects: the same one as the first row's is the common, quick case.
    if (firstScales.get(metric) === scale) return false;
    const first = scales.get(metric);
    if (first === undefined) {
      scales.set(metric, { scale, line });
      firstScales.set(metric, scale);
      return false;
    }
    if (!consistent) return false;
    if (first.scale.min === scale.min && first.scale.max === scale.max) return false;
    reject(
      toIssues(line, [
        {
          field: 'scale_max',
          rule: 'scale-mismatch',
          message: `${metric} scale ${scale.min}-${scale.max} differs from ${first.scale.min}-${first.scale.max} on line ${first.line}; report one scale per file`,
        },
      ]),
    );
    return true;
  };

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
    if (scaleMismatch(record.metric, record.scale, line)) return undefined;
    stats.accepted += 1;
    return record;
  };

  if (input.format === 'csv') {
    let handle;
    try {
      handle = await open(input.path, 'r');
    } catch (error) {
      throw fileUnreadable('readRecords', file, error);
    }
    try {
      let header: string[] | undefined;
      let decoder: CsvRowDecoder | undefined;
      let out: SurveyRecord[] = [];
      let answers: AnswerBatchBuilder | undefined;
      let keyOf: ((r: CsvRecord, row: number) => void) | undefined;
      const handlers = {
        record(r: CsvRecord): void {
          if (strictError) return;
          // A blank line comes through as one empty field.
          if (r.count === 1 && r.ends[0] === r.starts[0]) return;
          if (decoder === undefined) {
            header = Array.from({ length: r.count }, (_, i) => text(r, i));
            const layout = csvLayout(file, header, column, map, options.metric !== undefined);
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
            const dimensions = keep.map((name) => [name, (header as string[]).indexOf(name)] as const);
            decoder = new CsvRowDecoder(
              { index: layout.index, dimensions },
              layout.index.metric === undefined ? options.metric : undefined,
            );
            if (keys !== undefined) [answers, keyOf] = csvAnswerKeys(keys, decoder, keep);
            return;
          }
          if (r.count !== (header as string[]).length) {
            stats.rows += 1;
            reject([
              {
                file,
                line: r.line,
                column: null,
                field: null,
                rule: 'field-count',
                message: `has ${r.count} fields, the header has ${(header as string[]).length}`,
              },
            ]);
            return;
          }
          stats.rows += 1;
          const problems = decoder.decode(r);
          if (problems !== undefined) {
            reject(toIssues(r.line, problems));
            return;
          }
          const row = decoder.row;
          const metric = SCORED_KINDS[row.metric] as ScoredKind;
          if (scaleMismatch(metric, row.scale, r.line)) return;
          stats.accepted += 1;
          if (answers !== undefined) {
            const k = answers.push(row.metric, row.code, row.month);
            (keyOf as (r: CsvRecord, row: number) => void)(r, k);
            return;
          }
          const dimensions: Record<string, string> = {};
          decoder.dimensionValues.forEach((dict, d) => {
            dimensions[(decoder as CsvRowDecoder).dimensionNames[d] as string] = dict.values[
              row.dims[d] as number
            ] as string;
          });
          out.push({
            line: r.line,
            accountId: decoder.accounts.values[row.account] as string,
            respondentId: decoder.respondent(r),
            role: decoder.roleSlug(row.role),
            metric,
            value:
              row.code === SCORE_CODE.skipped
                ? null
                : row.code === SCORE_CODE.cantRecommend
                  ? CANT_RECOMMEND
                  : row.code,
            answeredAt: decoder.answeredAt(r),
            scale: row.scale,
            dimensions,
          });
        },
        syntaxError(line: number, message: string): void {
          if (strictError) return;
          stats.rows += 1;
          reject([{ file, line, column: null, field: null, rule: 'csv-syntax', message }]);
        },
      };
      for await (const bytesRead of scanCsv(handle, input.delimiter, handlers)) {
        options.onProgress?.(bytesRead, input.size, stats.rows);
        if (answers !== undefined) {
          if (answers.length > 0) yield answers;
          answers.reset();
        } else if (out.length > 0) {
          yield out;
          out = [];
        }
        if (strictError) throw strictError;
      }
      if (header === undefined)
        throw new CliError(
          'readRecords/missing-column',
          EXIT_CODES.badInput,
          `${file}: empty file, expected a header line`,
          {
            file,
          },
        );
    } finally {
      await handle.close();
    }
    return;
  }

  // JSON Lines and Parquet rows are objects: both take the same path.
  const stream =
    input.format === 'jsonl' ? createReadStream(input.path, { highWaterMark: 1 << 20 }) : undefined;
  const onProgress = options.onProgress;
  if (stream !== undefined && onProgress !== undefined) {
    let read = 0;
    stream.on('data', (chunk) => {
      read += chunk.length;
      onProgress(read, input.size, stats.rows);
    });
  }
  const objects =
    stream !== undefined
      ? jsonlSource(stream)
      : parquetSource(input.path, (rows, total) =>
          onProgress?.(
            total === 0 ? input.size : Math.round((input.size * rows) / total),
            input.size,
            stats.rows,
          ),
        );
  const answers = keys === undefined ? undefined : new AnswerBatchBuilder(keys.keys.length);
  try {
    const seen = new Set<string>();
    for await (const rows of objects) {
      const out: SurveyRecord[] = [];
      for (const row of rows) {
        if (strictError) break;
        if (row.kind === 'syntax-error') {
          stats.rows += 1;
          reject([{ file, line: row.line, column: null, field: null, rule: row.rule, message: row.message }]);
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
      if (answers !== undefined) {
        answers.reset();
        for (const record of out) pushRecord(answers, keys as AnswerKeys, record);
        if (answers.length > 0) yield answers;
      } else if (out.length > 0) yield out;
      if (strictError) throw strictError;
    }
    if (wanted !== 'all' && stats.rows > 0)
      for (const name of wanted)
        if (!seen.has(name))
          throw new CliError(
            'readRecords/unknown-column',
            EXIT_CODES.usage,
            `${file} has no key "${name}" on any line`,
            {
              file,
              column: name,
            },
          );
  } finally {
    stream?.destroy();
  }
}

/** Appends a record to an answer batch, interning its key values. */
function pushRecord(answers: AnswerBatchBuilder, keys: AnswerKeys, record: SurveyRecord): void {
  const code =
    record.value === null
      ? SCORE_CODE.skipped
      : record.value === CANT_RECOMMEND
        ? SCORE_CODE.cantRecommend
        : record.value;
  const row = answers.push(SCORED_KINDS.indexOf(record.metric), code, utcMonth(record.answeredAt));
  keys.keys.forEach((key, k) => {
    const value =
      'dimension' in key
        ? (record.dimensions[key.dimension] ?? '')
        : key.field === 'account_id'
          ? record.accountId
          : key.field === 'role'
            ? (record.role ?? '')
            : (record.respondentId ?? '');
    (answers.ids[k] as Int32Array)[row] = answers.intern(k, value);
  });
}

/** The answer batch of a CSV file and how each key column's id is read from a decoded row. */
function csvAnswerKeys(
  keys: AnswerKeys,
  decoder: CsvRowDecoder,
  kept: readonly string[],
): [AnswerBatchBuilder, (r: CsvRecord, row: number) => void] {
  const sources = keys.keys.map((key) =>
    'dimension' in key
      ? decoder.dimensionValues[kept.indexOf(key.dimension)]?.values
      : key.field === 'account_id'
        ? decoder.accounts.values
        : undefined,
  );
  const answers = new AnswerBatchBuilder(keys.keys.length, sources);
  const readers = keys.keys.map((key, k): ((r: CsvRecord, row: number) => void) => {
    const ids = () => answers.ids[k] as Int32Array;
    if ('dimension' in key) {
      const d = kept.indexOf(key.dimension);
      return (_r, row) => (ids()[row] = decoder.row.dims[d] as number);
    }
    if (key.field === 'account_id') return (_r, row) => (ids()[row] = decoder.row.account);
    if (key.field === 'role') {
      // Cells that differ ("Buyer", "buyer ") share a slug: group by the slug.
      const slugIds: number[] = [];
      return (_r, row) => {
        const role = decoder.row.role;
        let id = role < 0 ? undefined : slugIds[role];
        if (id === undefined) {
          id = answers.intern(k, decoder.roleSlug(role) ?? '');
          if (role >= 0) slugIds[role] = id;
        }
        ids()[row] = id;
      };
    }
    return (r, row) => (ids()[row] = answers.intern(k, decoder.respondent(r) ?? ''));
  });
  return [
    answers,
    (r, row) => {
      for (const read of readers) read(r, row);
    },
  ];
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
