import { z } from 'zod';
import {
  CANT_RECOMMEND,
  DEFAULT_SCALES,
  RoleSchema,
  ScaleSchema,
  isScoredKind,
  type Scale,
  type ScoredKind,
} from '@cxkit/core';
import type { RecordField } from './fields.js';

/** One validated answer read from a file, ready for `addToSummary(summary, record.value)`. */
export interface SurveyRecord {
  /** 1-based line where the row starts in its file. */
  line: number;
  /** The account (company) the respondent belongs to. */
  accountId: string;
  /** The person who answered, when known. */
  respondentId: string | undefined;
  /** Buying-group role as a lowercase slug (`buyer`, `after-sales`), when known. */
  role: string | undefined;
  /** Which KPI question the answer belongs to. */
  metric: ScoredKind;
  /** The score, `'cant-recommend'` (NPS only), or null when the question was skipped. */
  value: number | typeof CANT_RECOMMEND | null;
  /** When it was answered, ISO 8601 as written in the file (a date, or a date-time with offset). */
  answeredAt: string;
  /** The answer scale: the file's `scale_min`/`scale_max`, else the metric's default. */
  scale: Scale;
  /** The other columns kept as dimensions (all of them, or those asked for). */
  dimensions: Record<string, string>;
}

/** A failed cell check: the rule and the message, before the row adds its file position. */
export interface CellProblem {
  /** The field whose cell failed. */
  field: RecordField;
  /** Stable rule identifier. */
  rule: string;
  /** What is wrong, for people. */
  message: string;
}

/** The raw cells of one row, by field; missing cells are ''. */
export type RowCells = Record<RecordField, string>;

// Each cell schema takes the trimmed cell text; custom issues carry a stable `rule` in params.
const fail = (ctx: z.RefinementCtx, rule: string, message: string): never => {
  ctx.addIssue({ code: 'custom', message, params: { rule } });
  return z.NEVER;
};

const text = (max: number, required: boolean) =>
  z.string().transform((s, ctx): string | undefined => {
    if (s === '') return required ? fail(ctx, 'required', 'is required') : undefined;
    if (s.length > max) return fail(ctx, 'too-long', `must be at most ${max} characters, got ${s.length}`);
    return s;
  });

/** Cell schemas, one per field (`score` is checked against the row's scale afterwards). */
export const CellSchemas = {
  account_id: text(128, true),
  respondent_id: text(128, false),
  role: z.string().transform((s, ctx): string | undefined => {
    if (s === '') return undefined;
    const slug = s.toLowerCase().replace(/[\s_]+/g, '-');
    if (!RoleSchema.safeParse(slug).success)
      return fail(
        ctx,
        'invalid-role',
        `"${s}" must be a short slug such as buyer, user, prescriber, after-sales`,
      );
    return slug;
  }),
  metric: z.string().transform((s, ctx): ScoredKind => {
    if (s === '')
      return fail(ctx, 'required', 'is required (or give --metric when the file has no metric column)');
    const kind = s.toLowerCase();
    return isScoredKind(kind)
      ? kind
      : fail(ctx, 'invalid-metric', `"${s}" must be one of nps, csat, ces, c2es`);
  }),
  score: z.string().transform((s, ctx): number | typeof CANT_RECOMMEND | null => {
    if (s === '') return null;
    if (s.toLowerCase() === CANT_RECOMMEND) return CANT_RECOMMEND;
    if (!/^[+-]?\d+$/.test(s)) return fail(ctx, 'not-an-integer', `"${s}" must be a whole number`);
    return Number(s);
  }),
  answered_at: z.string().transform((s, ctx): string => {
    if (s === '') return fail(ctx, 'required', 'is required');
    // Try the likely shape first: a failed zod parse builds an error, which is slow over millions of rows.
    if ((s.length === 10 ? ISO_DATE : ISO_DATETIME).safeParse(s).success || ISO_DATE.safeParse(s).success) {
      // Year 0001 or 9999 in a survey export is a placeholder or a typo, not an answer date.
      const year = Number(s.slice(0, 4));
      if (year < MIN_YEAR || year > MAX_YEAR)
        return fail(ctx, 'date-out-of-range', `"${s}" must be between ${MIN_YEAR} and ${MAX_YEAR}`);
      return s;
    }
    if (LOCAL_DATETIME.safeParse(s).success)
      return fail(ctx, 'date-needs-offset', `"${s}" has a time but no offset: add Z or +hh:mm`);
    return fail(ctx, 'invalid-date', `"${s}" must be an ISO 8601 date (2026-03-31) or date-time with offset`);
  }),
  scale_min: z.string().transform((s, ctx) => scaleBound(s, ctx)),
  scale_max: z.string().transform((s, ctx) => scaleBound(s, ctx)),
  cant_recommend: z.string().transform((s, ctx): boolean => {
    const v = s.toLowerCase();
    if (v === '' || v === 'false' || v === 'no' || v === '0') return false;
    if (v === 'true' || v === 'yes' || v === '1') return true;
    return fail(ctx, 'invalid-boolean', `"${s}" must be true/false, yes/no or 1/0`);
  }),
} satisfies Record<RecordField, z.ZodType<unknown, string>>;

const ISO_DATE = z.iso.date();
const MIN_YEAR = 1900;
const MAX_YEAR = 2199;
const ISO_DATETIME = z.iso.datetime({ offset: true });
const LOCAL_DATETIME = z.iso.datetime({ local: true });

function scaleBound(s: string, ctx: z.RefinementCtx): number | undefined {
  if (s === '') return undefined;
  if (!/^\d+$/.test(s) || Number(s) > 10)
    return fail(ctx, 'invalid-scale', `"${s}" must be a whole number from 0 to 10`);
  return Number(s);
}

const scales = new Map<number, Scale | undefined>();

/** The validated scale min-max (memoised: a file has one or two), or undefined when invalid. */
function scaleOf(min: number, max: number): Scale | undefined {
  const key = min * 100 + max;
  if (!scales.has(key)) {
    const parsed = ScaleSchema.safeParse({ min, max });
    scales.set(key, parsed.success ? Object.freeze(parsed.data) : undefined);
  }
  return scales.get(key);
}

/** The outcome of one cell's check. */
export type CellResult = { ok: true; value: unknown } | { ok: false; problems: readonly CellProblem[] };

/** Most columns repeat a few values (metric, score, role, account, date): their checks are memoised. */
const MEMO_LIMIT = 10_000;
const memo = new Map<RecordField, Map<string, CellResult>>();

/** Checks one trimmed cell of a field with its schema; memoised for the values that repeat. */
export function checkCell(field: RecordField, cell: string): CellResult {
  let cache = memo.get(field);
  if (cache === undefined) memo.set(field, (cache = new Map()));
  const hit = cache.get(cell);
  if (hit !== undefined) return hit;
  const r = CellSchemas[field].safeParse(cell);
  const result: CellResult = r.success
    ? { ok: true, value: r.data }
    : {
        ok: false,
        problems: r.error.issues.map((issue) => ({
          field,
          rule:
            issue.code === 'custom' && typeof issue.params?.rule === 'string'
              ? issue.params.rule
              : issue.code,
          message: issue.message,
        })),
      };
  if (cache.size < MEMO_LIMIT) cache.set(cell, result);
  return result;
}

function parseCell<F extends RecordField>(
  field: F,
  cell: string,
  problems: CellProblem[],
): z.output<(typeof CellSchemas)[F]> | undefined {
  const r = checkCell(field, cell);
  if (r.ok) return r.value as z.output<(typeof CellSchemas)[F]>;
  for (const p of r.problems) problems.push(p);
  return undefined;
}

/**
 * Validates one row's cells into a {@link SurveyRecord}, or returns every problem found (an array).
 * `defaultMetric` fills the metric when the file has no metric column.
 * @example validateRow(2, { ...cells, score: '11' }, {}, 'nps') // [{ field: 'score', rule: 'out-of-scale', ... }]
 */
export function validateRow(
  line: number,
  cells: RowCells,
  dimensions: Record<string, string>,
  defaultMetric: ScoredKind | undefined,
): SurveyRecord | CellProblem[] {
  const problems: CellProblem[] = [];
  const accountId = parseCell('account_id', cells.account_id, problems);
  const respondentId = parseCell('respondent_id', cells.respondent_id, problems);
  const role = parseCell('role', cells.role, problems);
  const metric =
    cells.metric === '' && defaultMetric !== undefined
      ? defaultMetric
      : parseCell('metric', cells.metric, problems);
  let value = parseCell('score', cells.score, problems);
  const answeredAt = parseCell('answered_at', cells.answered_at, problems);
  const min = parseCell('scale_min', cells.scale_min, problems);
  const max = parseCell('scale_max', cells.scale_max, problems);
  const cantRecommend = parseCell('cant_recommend', cells.cant_recommend, problems);
  if (metric === undefined || problems.length > 0) return problems;

  const fallback = DEFAULT_SCALES[metric];
  const scale = scaleOf(min ?? fallback.min, max ?? fallback.max);
  if (scale === undefined) {
    problems.push({
      field: max !== undefined ? 'scale_max' : 'scale_min',
      rule: 'invalid-scale',
      message: `scale ${min ?? fallback.min}-${max ?? fallback.max} must have max greater than min`,
    });
    return problems;
  }
  // NPS is defined on 0-10 only (core refuses any other scale): a row that says otherwise is a bad row,
  // not a reason to stop the whole report.
  if (metric === 'nps' && (scale.min !== 0 || scale.max !== 10)) {
    problems.push({
      field: scale.min !== 0 ? 'scale_min' : 'scale_max',
      rule: 'nps-scale',
      message: `NPS is asked on 0-10, not ${scale.min}-${scale.max}`,
    });
    return problems;
  }
  // The explicit flag wins over the score: respondents barred from recommending often type 0.
  if (cantRecommend === true) value = CANT_RECOMMEND;
  if (value === CANT_RECOMMEND && metric !== 'nps')
    problems.push({
      field: cantRecommend === true ? 'cant_recommend' : 'score',
      rule: 'cant-recommend-not-nps',
      message: `"can't recommend" applies to NPS only, not ${metric}`,
    });
  else if (typeof value === 'number' && (value < scale.min || value > scale.max))
    problems.push({
      field: 'score',
      rule: 'out-of-scale',
      message: `${value} is not on the ${metric} scale ${scale.min}-${scale.max}`,
    });
  if (problems.length > 0 || accountId === undefined || answeredAt === undefined || value === undefined)
    return problems;
  return { line, accountId, respondentId, role, metric, value, answeredAt, scale, dimensions };
}
