import { csat, type CsatDetails } from './csat.js';
import type { Interval, KpiResult } from './kpi-result.js';
import { insufficientChange, type KpiChange, type KpiChangeInsufficient } from './nps-change.js';
import type { ScoreSummary } from './score-summary.js';
import { twoProportionTest } from './two-proportion-test.js';
import { twoSidedNormalP, zCritical } from './normal-distribution.js';
import { DEFAULT_LEVEL, assertLevel, clip } from './validate.js';
import { wilsonBounds } from './wilson-interval.js';

/** Result of {@link csatChange}. */
export type CsatChangeResult = KpiChange<CsatDetails> | KpiChangeInsufficient<CsatDetails>;

/** Options of {@link csatChange}. */
export interface CsatChangeOptions {
  /** Lowest score counted as satisfied, for both periods; defaults from the scale. */
  topBox?: number;
  /** Confidence level; a change is significant when p < 1 − level. Default 0.95. */
  level?: number;
}

/**
 * Change of top-box CSAT between two periods, b − a, in points of percent.
 *
 * delta = 100 (x_b/n_b − x_a/n_a); interval Newcombe's hybrid score interval from the two Wilson intervals
 * (l, u): delta − sqrt((p_b − l_b)² + (u_a − p_a)²) to delta + sqrt((u_b − p_b)² + (p_a − l_a)²), × 100;
 * p the inversion of that interval: the smallest 1 − level at which it excludes 0, so `significant` and
 * "the interval excludes 0" always agree (the pooled z test disagreed with it on 0.8 % of small tables,
 * e.g. 0/3 against 7/11). `se` is the unpooled SE × 100.
 * Insufficient when a period has no scored answers; when both periods have the same share, p = 1.
 * @throws CxError `csat/wrong-kind`, `csat/top-box-out-of-scale`, `csatChange/invalid-level`.
 * @example csatChange(summarize('csat', [5, 5, 4, 2]), summarize('csat', [5, 4, 4, 4])).delta // 25
 */
export function csatChange(a: ScoreSummary, b: ScoreSummary, o: CsatChangeOptions = {}): CsatChangeResult {
  const level = o.level ?? DEFAULT_LEVEL;
  assertLevel('csatChange', level);
  const opts = o.topBox === undefined ? { level } : { level, topBox: o.topBox };
  const ra: KpiResult<CsatDetails> = csat(a, opts);
  const rb: KpiResult<CsatDetails> = csat(b, opts);
  if (ra.status !== 'ok' || rb.status !== 'ok')
    return insufficientChange('a period has no scored answers', ra, rb);
  const t = twoProportionTest(ra.details.satisfied, ra.n, rb.details.satisfied, rb.n, level);
  return newcombeChange(ra, rb, t.p1, ra.n, t.p2, rb.n, level, 100, 100 * t.se);
}

/**
 * Newcombe's hybrid score interval (his method 10) of p_b − p_a from the two Wilson intervals at critical
 * value z, on the 0-1 scale. Unlike the Wald interval it does not collapse to a point when both periods sit
 * at 0 % or 100 %, which small B2B samples often do.
 * @example newcombeBounds(48 / 80, 80, 56 / 70, 70, 1.96) // { lower: 0.0524, upper: 0.3339 }
 */
export function newcombeBounds(
  pa: number,
  na: number,
  pb: number,
  nb: number,
  z: number,
): { lower: number; upper: number } {
  const wa = wilsonBounds(pa, na, z);
  const wb = wilsonBounds(pb, nb, z);
  return {
    lower: pb - pa - Math.hypot(pb - wb.lower, wa.upper - pa),
    upper: pb - pa + Math.hypot(wb.upper - pb, pa - wa.lower),
  };
}

/**
 * The two-sided p-value that inverts Newcombe's interval: 2Φ(−z*) where z* is the critical value at which
 * the bound nearest 0 touches 0 (the bounds move away from the estimate monotonically as z grows).
 */
export function newcombeP(pa: number, na: number, pb: number, nb: number): number {
  const d = pb - pa;
  if (d === 0) return 1;
  const bound = (z: number) => {
    const b = newcombeBounds(pa, na, pb, nb, z);
    return d > 0 ? b.lower : -b.upper;
  };
  let hi = 8;
  while (bound(hi) > 0 && hi < 1e4) hi *= 2;
  if (bound(hi) > 0) return 0;
  let lo = 0;
  for (let i = 0; i < 80 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (bound(mid) > 0) lo = mid;
    else hi = mid;
  }
  return twoSidedNormalP((lo + hi) / 2);
}

/** Internal: a change of two shares (0-1) with Newcombe's interval × `scale` and the p-value that inverts it. */
export function newcombeChange<D extends object>(
  a: KpiResult<D>,
  b: KpiResult<D>,
  pa: number,
  na: number,
  pb: number,
  nb: number,
  level: number,
  scale: number,
  se: number,
): KpiChange<D> {
  const raw = newcombeBounds(pa, na, pb, nb, zCritical(level));
  const lower = scale * raw.lower;
  const upper = scale * raw.upper;
  const interval: Interval = {
    lower: clip(lower, -scale, scale),
    upper: clip(upper, -scale, scale),
    level,
    method: 'newcombe',
  };
  if (interval.lower !== lower || interval.upper !== upper) interval.raw = { lower, upper };
  const p = newcombeP(pa, na, pb, nb);
  return { status: 'ok', delta: scale * (pb - pa), se, interval, p, significant: p < 1 - level, a, b };
}
