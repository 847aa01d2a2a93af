import { csat, type CsatDetails } from './csat.js';
import type { KpiResult } from './kpi-result.js';
import { normalChange, type KpiChange, type KpiChangeInsufficient } from './nps-change.js';
import type { ScoreSummary } from './score-summary.js';
import { twoProportionTest } from './two-proportion-test.js';
import { zCritical } from './normal-distribution.js';
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
 * Change of top-box CSAT between two periods, b − a, in points of percent, with a two-proportion z test.
 *
 * delta = 100 (x_b/n_b − x_a/n_a); p from the pooled z = (p_b − p_a) / sqrt(p̄(1 − p̄)(1/n_a + 1/n_b));
 * `se` the unpooled SE × 100; interval Newcombe's hybrid score interval from the two Wilson intervals
 * (l, u): delta − sqrt((p_b − l_b)² + (u_a − p_a)²) to delta + sqrt((u_b − p_b)² + (p_a − l_a)²), × 100.
 * Insufficient when a period has no scored answers; when everyone in both periods is satisfied
 * (or nobody is) there is no evidence of change: p = 1.
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
    return {
      status: 'insufficient-data',
      delta: null,
      reason: 'a period has no scored answers',
      a: ra,
      b: rb,
    };
  const t = twoProportionTest(ra.details.satisfied, ra.n, rb.details.satisfied, rb.n, level);
  const change = normalChange(ra, rb, 100 * t.delta, 100 * t.se, level, 100);
  change.p = t.p;
  change.significant = t.p < 1 - level;
  // Newcombe's hybrid score interval (his method 10) from the two Wilson intervals: the Wald one
  // collapses to a point when both periods sit at 0 % or 100 %, which small B2B samples often do.
  const z = zCritical(level);
  const pa = ra.details.satisfied / ra.n;
  const pb = rb.details.satisfied / rb.n;
  const wa = wilsonBounds(pa, ra.n, z);
  const wb = wilsonBounds(pb, rb.n, z);
  const lower = 100 * (pb - pa - Math.hypot(pb - wb.lower, wa.upper - pa));
  const upper = 100 * (pb - pa + Math.hypot(wb.upper - pb, pa - wa.lower));
  change.interval = {
    lower: clip(lower, -100, 100),
    upper: clip(upper, -100, 100),
    level,
    method: 'newcombe',
  };
  return change;
}
