import type { Interval, KpiResult } from './kpi-result.js';
import { twoSidedNormalP, zCritical } from './normal-distribution.js';
import { nps, type NpsDetails } from './nps.js';
import type { ScoreSummary } from './score-summary.js';
import { DEFAULT_LEVEL, assertLevel, clip } from './validate.js';

/** A significant or not change of a KPI between two periods (b − a). */
export interface KpiChange<D extends object> {
  /** Discriminant. */
  status: 'ok';
  /** b − a, in the KPI's unit (points for NPS, points of percent for CSAT, scale units for means). */
  delta: number;
  /** Standard error of the delta, same unit. */
  se: number;
  /** Interval of the delta, clipped to its possible range (raw bounds in `raw`). */
  interval: Interval;
  /** Two-sided p-value of "no change". */
  p: number;
  /** p < 1 − level. */
  significant: boolean;
  /** The first period's KPI. */
  a: KpiResult<D>;
  /** The second period's KPI. */
  b: KpiResult<D>;
}

/** A change that cannot be tested: one period has no answers, or neither varies. */
export interface KpiChangeInsufficient<D extends object> {
  /** Discriminant. */
  status: 'insufficient-data';
  /** Always null. */
  delta: null;
  /** Why there is no test. */
  reason: string;
  /** The first period's KPI. */
  a: KpiResult<D>;
  /** The second period's KPI. */
  b: KpiResult<D>;
}

/** Result of {@link npsChange}. */
export type NpsChangeResult = KpiChange<NpsDetails> | KpiChangeInsufficient<NpsDetails>;

/** Options of {@link npsChange}. */
export interface NpsChangeOptions {
  /** Confidence level of the interval; a change is significant when p < 1 − level. Default 0.95. */
  level?: number;
}

/** Internal: builds the change result from a delta and its SE (normal approximation). */
export function normalChange<D extends object>(
  a: KpiResult<D>,
  b: KpiResult<D>,
  delta: number,
  se: number,
  level: number,
  range: number,
): KpiChange<D> {
  const half = zCritical(level) * se;
  const lower = delta - half;
  const upper = delta + half;
  const interval: Interval = {
    lower: clip(lower, -range, range),
    upper: clip(upper, -range, range),
    level,
    method: 'wald',
  };
  if (interval.lower !== lower || interval.upper !== upper) interval.raw = { lower, upper };
  const p = twoSidedNormalP(delta / se);
  return { status: 'ok', delta, se, interval, p, significant: p < 1 - level, a, b };
}

/**
 * Change of NPS between two periods, b − a, in points, with a Wald test (R package `NPS`).
 *
 * delta = nps_b − nps_a; se = sqrt(var_a/n_a + var_b/n_b) with var = p₊ + p₋ − (p₊ − p₋)²;
 * interval delta ± z·se (clipped to [−200, 200]); p = 2Φ(−|delta| / se).
 * Insufficient when a period has no scored answers or neither period varies (se = 0).
 * @throws CxError `npsChange/invalid-level`, `nps/wrong-kind`.
 * @example npsChange(a, b) // a: 20/30/50 and b: 10/20/70 detractors/passives/promoters: delta 30, se 10.25, p 0.0034
 */
export function npsChange(a: ScoreSummary, b: ScoreSummary, o: NpsChangeOptions = {}): NpsChangeResult {
  const level = o.level ?? DEFAULT_LEVEL;
  assertLevel('npsChange', level);
  const ra = nps(a, { level, interval: 'wald' });
  const rb = nps(b, { level, interval: 'wald' });
  if (ra.status !== 'ok' || rb.status !== 'ok')
    return {
      status: 'insufficient-data',
      delta: null,
      reason: 'a period has no scored answers',
      a: ra,
      b: rb,
    };
  const va = ra.details.variance ?? 0;
  const vb = rb.details.variance ?? 0;
  const se = 100 * Math.sqrt(va / ra.n + vb / rb.n);
  if (se === 0)
    return {
      status: 'insufficient-data',
      delta: null,
      reason: 'no variation in either period',
      a: ra,
      b: rb,
    };
  return normalChange(ra, rb, rb.value - ra.value, se, level, 200);
}
