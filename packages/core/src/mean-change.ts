import type { KpiResult } from './kpi-result.js';
import { meanScore, type MeanDetails } from './mean-score.js';
import { newcombeChange } from './csat-change.js';
import { insufficientChange, type KpiChange, type KpiChangeInsufficient } from './nps-change.js';
import type { ScoreSummary } from './score-summary.js';
import { tCritical, twoSidedTP } from './t-distribution.js';
import { CxError } from './cx-error.js';
import { DEFAULT_LEVEL, assertLevel, clip } from './validate.js';

/** Result of {@link meanChange}. */
export type MeanChangeResult = KpiChange<MeanDetails> | KpiChangeInsufficient<MeanDetails>;

/**
 * Change of a mean score (CES, C2ES, or any scale) between two periods, b − a, with Welch's t test
 * (R `t.test(b, a)`), on normalised scores (higher is better).
 *
 * delta = mean_b − mean_a; se = sqrt(sd_a²/n_a + sd_b²/n_b);
 * df = se⁴ / ((sd_a²/n_a)²/(n_a − 1) + (sd_b²/n_b)²/(n_b − 1)); p = 2 F_t(−|delta/se|; df).
 * When neither period varies, Newcombe's interval of the means rescaled to 0-1 (bounded scores vary at most
 * like a proportion) and the p-value that inverts it, so unanimous periods are still tested.
 * Insufficient when a period has fewer than 2 answers.
 * @throws CxError `meanChange/scale-mismatch` when the summaries are on different scales, `meanChange/invalid-level`.
 * @example meanChange(summarize('ces', [4, 5, 5, 4]), summarize('ces', [6, 7, 6, 7])).delta // 2
 */
export function meanChange(a: ScoreSummary, b: ScoreSummary, o: { level?: number } = {}): MeanChangeResult {
  const level = o.level ?? DEFAULT_LEVEL;
  assertLevel('meanChange', level);
  if (a.scale.min !== b.scale.min || a.scale.max !== b.scale.max || a.scale.polarity !== b.scale.polarity)
    throw new CxError('meanChange/scale-mismatch', 'both periods must use the same scale', {
      field: 'scale',
    });
  const ra: KpiResult<MeanDetails> = meanScore(a, { level });
  const rb: KpiResult<MeanDetails> = meanScore(b, { level });
  if (ra.status !== 'ok' || rb.status !== 'ok' || ra.details.sd === null || rb.details.sd === null)
    return insufficientChange('a period has fewer than 2 answers', ra, rb);
  const va = (ra.details.sd * ra.details.sd) / ra.n;
  const vb = (rb.details.sd * rb.details.sd) / rb.n;
  const se = Math.sqrt(va + vb);
  if (se === 0) {
    // Both periods unanimous (7, 7, 7 against 1, 1, 1): Welch's t has no variance to work with. A score on a
    // bounded scale, rescaled to 0-1, has at most the variance of a proportion with the same mean, so the
    // Newcombe interval of the two rescaled means (as for CSAT) is a conservative, never-degenerate
    // interval, and its inversion the p-value.
    const range = a.scale.max - a.scale.min;
    const share = (v: number) => (v - a.scale.min) / range;
    return newcombeChange(ra, rb, share(ra.value), ra.n, share(rb.value), rb.n, level, range, 0);
  }
  const df = (se * se * se * se) / ((va * va) / (ra.n - 1) + (vb * vb) / (rb.n - 1));
  const delta = rb.value - ra.value;
  const half = tCritical(df, level) * se;
  const range = a.scale.max - a.scale.min;
  const lower = delta - half;
  const upper = delta + half;
  const p = twoSidedTP(delta / se, df);
  return {
    status: 'ok',
    delta,
    se,
    interval: {
      lower: clip(lower, -range, range),
      upper: clip(upper, -range, range),
      level,
      method: 't',
      ...(lower < -range || upper > range ? { raw: { lower, upper } } : {}),
    },
    p,
    significant: p < 1 - level,
    a: ra,
    b: rb,
  };
}
