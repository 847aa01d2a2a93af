import { ces } from './ces.js';
import { c2es } from './c2es.js';
import { compareWithTarget, type TargetComparison } from './compare-with-target.js';
import { csat, type CsatVariant } from './csat.js';
import { csatChange } from './csat-change.js';
import { CxError } from './cx-error.js';
import type { KpiResult } from './kpi-result.js';
import { meanChange } from './mean-change.js';
import { meanScore } from './mean-score.js';
import { nps } from './nps.js';
import { npsChange, type KpiChange, type KpiChangeInsufficient } from './nps-change.js';
import { periodRange } from './period.js';
import type { ScoreSummary } from './score-summary.js';
import { DEFAULT_LEVEL, assertLevel } from './validate.js';

/** The survey KPIs a trend can follow. */
export type TrendKpi = 'nps' | 'csat' | 'ces' | 'c2es' | 'mean';

/** Options of {@link trend}. */
export interface TrendOptions {
  /** Which KPI to compute per period. */
  kpi: TrendKpi;
  /** Confidence level of the intervals, default 0.95. */
  level?: number;
  /** A change is flagged when its p-value is below alpha, default 0.05. */
  alpha?: number;
  /** Target to compare every period with. */
  target?: number;
  /** Insert empty periods between the first and last key (default true). */
  fillGaps?: boolean;
  /** CSAT variant and top box. */
  csat?: { variant?: CsatVariant; topBox?: number };
  /** NPS interval method. */
  npsInterval?: 'wald' | 'adjusted-wald';
}

/** One period of a trend. */
export interface TrendPoint {
  /** Period key (`2026-03` or `2026-Q1`). */
  period: string;
  /** The KPI for the period (insufficient-data for an empty period). */
  result: KpiResult;
  /** The most recent earlier period that had a value, the change is measured against; null for the first. */
  comparedWith: string | null;
  /** Change from `comparedWith` (npsChange, csatChange or meanChange); null without an earlier value. */
  change: KpiChange<object> | KpiChangeInsufficient<object> | null;
  /** True when the change's p-value is below alpha. */
  significantChange: boolean;
  /** Comparison with the target, when one was given. */
  target?: TargetComparison;
}

/**
 * A KPI per period with the change from the previous period flagged when significant
 * (seed 001: "trends over time, monthly at least; compare actuals with targets").
 *
 * For each period: the KPI; change vs the last earlier period with a value, tested with {@link npsChange}
 * (Wald), {@link csatChange} (two-proportion z; Welch t via {@link meanChange} for the mean-ratio variant) or
 * {@link meanChange} (Welch t); significant when p < alpha.
 * @throws CxError `trend/invalid-alpha`, `trend/invalid-level`, `periodRange/mixed-periods`.
 * @example trend(groupSummaries(rows, byPeriod('month'), { kind: 'nps' }), { kpi: 'nps', target: 30 })
 */
export function trend(
  byPeriod: ReadonlyMap<string, ScoreSummary> | Readonly<Record<string, ScoreSummary>>,
  o: TrendOptions,
): TrendPoint[] {
  const level = o.level ?? DEFAULT_LEVEL;
  assertLevel('trend', level);
  const alpha = o.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1))
    throw new CxError('trend/invalid-alpha', `alpha must be strictly between 0 and 1, got ${alpha}`, {
      field: 'alpha',
    });
  const map: ReadonlyMap<string, ScoreSummary> =
    byPeriod instanceof Map ? byPeriod : new Map(Object.entries(byPeriod as Record<string, ScoreSummary>));
  const present = [...map.keys()].sort();
  const first = present[0];
  const last = present[present.length - 1];
  if (first === undefined || last === undefined) return [];
  const keys = (o.fillGaps ?? true) ? periodRange(first, last) : present;
  const csatOpts = { level, ...(o.csat?.topBox === undefined ? {} : { topBox: o.csat.topBox }) };
  const kpi = (s: ScoreSummary): KpiResult => {
    switch (o.kpi) {
      case 'nps':
        return nps(s, { level, interval: o.npsInterval ?? 'adjusted-wald' });
      case 'csat':
        return csat(s, { ...csatOpts, variant: o.csat?.variant ?? 'top-box' });
      case 'ces':
        return ces(s, { level });
      case 'c2es':
        return c2es(s, { level });
      default:
        return meanScore(s, { level });
    }
  };
  const change = (a: ScoreSummary, b: ScoreSummary): KpiChange<object> | KpiChangeInsufficient<object> => {
    if (o.kpi === 'nps') return npsChange(a, b, { level });
    if (o.kpi === 'csat' && (o.csat?.variant ?? 'top-box') === 'top-box') return csatChange(a, b, csatOpts);
    const c = meanChange(a, b, { level });
    if (o.kpi !== 'csat' || c.status !== 'ok') return c;
    // Mean-ratio CSAT is the mean × 100 / max: the same test, rescaled.
    const k = 100 / a.scale.max;
    return {
      ...c,
      delta: c.delta * k,
      se: c.se * k,
      interval: { ...c.interval, lower: c.interval.lower * k, upper: c.interval.upper * k },
    };
  };

  let previous: { key: string; summary: ScoreSummary } | null = null;
  return keys.map((key) => {
    const s = map.get(key);
    const result: KpiResult = s
      ? kpi(s)
      : { status: 'insufficient-data', n: 0, value: null, reason: 'no answers', details: {} };
    let ch: TrendPoint['change'] = null;
    let comparedWith: string | null = null;
    if (s && previous && result.status === 'ok') {
      ch = change(previous.summary, s);
      comparedWith = previous.key;
    }
    const point: TrendPoint = {
      period: key,
      result,
      comparedWith,
      change: ch,
      significantChange: ch !== null && ch.status === 'ok' && ch.p < alpha,
    };
    if (o.target !== undefined) point.target = compareWithTarget(result, o.target);
    if (s && result.status === 'ok') previous = { key, summary: s };
    return point;
  });
}
