import type { KpiResult } from './kpi-result.js';
import { meanOf, type MeanDetails, type MeanScoreOptions } from './mean-score.js';
import type { ScoreSummary } from './score-summary.js';
import { assertKind } from './validate.js';

/**
 * Customer Effort Score: the mean answer on the question's scale, normalised so that higher is better.
 *
 * CES = Σ x / n (seed 000), with x replaced by min + max − x on a scale declared `higher-is-worse`
 * (seed 002's "how much effort did you make?" on 1-10), and a t interval mean ± t(n − 1) · sd / sqrt(n).
 * @throws CxError `ces/wrong-kind` for a non-CES summary, `ces/invalid-level`.
 * @example ces(summarize('ces', [7, 6, 5, 6])).value // 6 (on 1-7, 7 = very easy)
 * @example ces(summarize('ces', [2, 3], { min: 1, max: 10, polarity: 'higher-is-worse' })).value // 8.5
 */
export function ces(s: ScoreSummary, o: MeanScoreOptions = {}): KpiResult<MeanDetails> {
  assertKind('ces', s.kind, ['ces']);
  return meanOf('ces', s, o);
}
