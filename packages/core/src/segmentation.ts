import { CxError, isCxError } from './cx-error.js';
import { periodKey, type Period } from './period.js';
import type { ScoredKind } from './question-kind.js';
import { DEFAULT_SCALES, type Scale } from './scale.js';
import { addToSummary, emptySummary, type ScoreSummary } from './score-summary.js';

/** One scored answer with the attributes it can be segmented by (sector, size, region, channel, audience, ...). */
export interface SegmentRow {
  /** Segmentation attributes, e.g. `{ sector: 'energy', region: 'EMEA', audience: 'partner' }`. */
  dims: Readonly<Record<string, string>>;
  /** ISO 8601 date-time (or Date) of the answer. */
  answeredAt: string | Date;
  /** The question kind. */
  kind: ScoredKind;
  /** The score, `'cant-recommend'`, or null when skipped. */
  value: number | 'cant-recommend' | null;
  /** The question's scale, when rows may come from questions on different scales (CSAT 1-5 and 1-10). */
  scale?: Scale;
}

/** Maps a row to its group; null or undefined drops the row. */
export type GroupKey = (row: SegmentRow) => string | null | undefined;

/** Options of {@link groupSummaries}. */
export interface GroupOptions {
  /** Only rows of this kind are summarised; when omitted, every row must be of the first row's kind. */
  kind?: ScoredKind;
  /** The scale of rows that do not carry one; the kind's default when omitted. */
  scale?: Scale;
}

const sameScale = (a: Scale, b: Scale) => a.min === b.min && a.max === b.max && a.polarity === b.polarity;

/**
 * Groups by one attribute; rows without it go to `missing` (default `(none)`), or are dropped when `missing` is null.
 * @example groupSummaries(rows, byDimension('region'), { kind: 'nps' }).get('EMEA')
 */
export function byDimension(name: string, missing: string | null = '(none)'): GroupKey {
  return (row) => row.dims[name] ?? missing;
}

/**
 * Groups by a numeric attribute cut at ascending `edges` (behavioural segments: tenure, purchase frequency,
 * average amount): with edges [1, 3] the groups are `<1`, `1-3` (1 ≤ x < 3) and `>=3`. Rows without the attribute
 * go to `missing`; a value that is not a number is an error naming the row.
 * @throws CxError `byBuckets/invalid-edges` unless edges are finite and strictly ascending,
 *   `byBuckets/not-a-number` naming the attribute and value.
 * @example groupSummaries(rows, byBuckets('tenureYears', [1, 3, 5]), { kind: 'nps' }).get('1-3')
 */
export function byBuckets(
  name: string,
  edges: readonly number[],
  missing: string | null = '(none)',
): GroupKey {
  if (
    edges.length === 0 ||
    edges.some((e, i) => !Number.isFinite(e) || (i > 0 && e <= (edges[i - 1] as number)))
  )
    throw new CxError('byBuckets/invalid-edges', 'edges must be finite and strictly ascending', {
      field: 'edges',
    });
  return (row) => {
    const raw = row.dims[name];
    if (raw === undefined || raw === '') return missing;
    const x = Number(raw);
    if (!Number.isFinite(x))
      throw new CxError('byBuckets/not-a-number', `dims.${name} must be a number, got "${raw}"`, {
        field: `dims.${name}`,
      });
    const first = edges[0] as number;
    if (x < first) return `<${first}`;
    for (let i = 1; i < edges.length; i++) if (x < (edges[i] as number)) return `${edges[i - 1]}-${edges[i]}`;
    return `>=${edges[edges.length - 1]}`;
  };
}

/**
 * Groups by UTC month or quarter of the answer ({@link periodKey}).
 * @example groupSummaries(rows, byPeriod('month'), { kind: 'csat' }).get('2026-03')
 */
export function byPeriod(period: Period): GroupKey {
  return (row) => periodKey(row.answeredAt, period);
}

function addRow(s: ScoreSummary, row: SegmentRow, i: number): void {
  try {
    addToSummary(s, row.value);
  } catch (e) {
    if (isCxError(e))
      throw new CxError('groupSummaries/invalid-value', `rows[${i}].value: ${e.message}`, {
        field: `rows[${i}].value`,
        rule: e.code,
      });
    throw e;
  }
}

/**
 * Builds one mergeable summary per group from answer rows of one kind, so every KPI can be computed per
 * segment, per month, or per segment and month (compose keys, or use {@link nestedGroupSummaries}).
 * Groups are returned in sorted key order. With `o.kind`, rows of other kinds are ignored; without it,
 * rows of mixed kinds are an error (a CSAT 4 must not land in an NPS histogram).
 * @throws CxError `groupSummaries/invalid-value` naming `rows[i].value` when a score is off the scale,
 *   `groupSummaries/mixed-kinds` naming `rows[i].kind`, `groupSummaries/scale-mismatch` naming `rows[i].scale`
 *   when a group would mix scales (a 4 on 1-10 is not a 4 on 1-5).
 * @example nps(groupSummaries(rows, byDimension('sector'), { kind: 'nps' }).get('energy')!)
 */
export function groupSummaries(
  rows: Iterable<SegmentRow>,
  key: GroupKey,
  o: GroupOptions = {},
): Map<string, ScoreSummary> {
  let kind = o.kind;
  const groups = new Map<string, ScoreSummary>();
  let i = 0;
  for (const row of rows) {
    const index = i++;
    if (kind === undefined) kind = row.kind;
    if (row.kind !== kind) {
      if (o.kind !== undefined) continue;
      throw new CxError(
        'groupSummaries/mixed-kinds',
        `rows[${index}].kind is ${row.kind}, earlier rows are ${kind}`,
        {
          field: `rows[${index}].kind`,
        },
      );
    }
    const scale = row.scale ?? o.scale ?? DEFAULT_SCALES[kind];
    const k = key(row);
    if (k === null || k === undefined) continue;
    let s = groups.get(k);
    if (!s) {
      s = emptySummary(kind, scale);
      groups.set(k, s);
    } else if (!sameScale(s.scale, scale))
      throw new CxError(
        'groupSummaries/scale-mismatch',
        `rows[${index}].scale ${scale.min}-${scale.max} differs from group "${k}" (${s.scale.min}-${s.scale.max})`,
        { field: `rows[${index}].scale` },
      );
    addRow(s, row, index);
  }
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Two-level grouping, e.g. segment then month, for one trend per segment.
 * @example nestedGroupSummaries(rows, byDimension('region'), byPeriod('quarter'), { kind: 'nps' }).get('EMEA')?.get('2026-Q1')
 */
export function nestedGroupSummaries(
  rows: Iterable<SegmentRow>,
  outer: GroupKey,
  inner: GroupKey,
  o: GroupOptions = {},
): Map<string, Map<string, ScoreSummary>> {
  const buckets = new Map<string, SegmentRow[]>();
  for (const row of rows) {
    if (o.kind !== undefined && row.kind !== o.kind) continue;
    const k = outer(row);
    if (k === null || k === undefined) continue;
    let b = buckets.get(k);
    if (!b) buckets.set(k, (b = []));
    b.push(row);
  }
  return new Map(
    [...buckets]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, b]) => [k, groupSummaries(b, inner, o)]),
  );
}
