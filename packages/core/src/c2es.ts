import type { KpiResult } from './kpi-result.js';
import { meanOf, type MeanDetails, type MeanScoreOptions } from './mean-score.js';
import type { ScoreSummary } from './score-summary.js';
import { assertKind } from './validate.js';

/**
 * Customer-to-Employee Effort Score: the mean answer of the employees who handled requests
 * ("how easy was it to handle this customer's request?", 1-5), normalised so that higher is better.
 * Read beside CES, it shows ease on both sides of the relationship.
 *
 * C2ES = Σ x / n (seed 000), t interval mean ± t(n − 1) · sd / sqrt(n).
 * @throws CxError `c2es/wrong-kind` for a non-C2ES summary, `c2es/invalid-level`.
 * @example c2es(summarize('c2es', [5, 4, 4, 3])).value // 4
 */
export function c2es(s: ScoreSummary, o: MeanScoreOptions = {}): KpiResult<MeanDetails> {
  assertKind('c2es', s.kind, ['c2es']);
  return meanOf('c2es', s, o);
}
