import { csat, type CsatDetails } from './csat.js';
import type { KpiResult } from './kpi-result.js';
import { normalChange, type KpiChange, type KpiChangeInsufficient } from './nps-change.js';
import type { ScoreSummary } from './score-summary.js';
import { twoProportionTest } from './two-proportion-test.js';
import { DEFAULT_LEVEL, assertLevel } from './validate.js';

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
 * interval and `se` from the unpooled SE, × 100 (clipped to [−100, 100]).
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
  // The test uses the pooled SE (as prop.test), the interval the unpooled one.
  change.p = t.p;
  change.significant = t.p < 1 - level;
  return change;
}
