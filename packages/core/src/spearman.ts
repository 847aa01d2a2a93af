import {
  completePairs,
  correlationResult,
  type CorrelationDetails,
  type CorrelationOptions,
} from './correlation.js';
import type { KpiResult } from './kpi-result.js';
import { averageRanks } from './rank.js';

/**
 * Spearman rank correlation: Pearson's r on the ranks, ties given their average rank, robust to the skewed
 * outcomes (revenue, CLV) CX metrics are usually compared with. Null on either side drops the pair.
 *
 * ρ = pearson(rank(x), rank(y)); p from t = ρ·sqrt((n − 2)/(1 − ρ²)) with n − 2 df (R `cor.test(method =
 * "spearman", exact = FALSE)`); interval tanh(atanh(ρ) ± z / sqrt(n − 3)) (Fisher z, needs n ≥ 4).
 * @throws CxError `spearman/length-mismatch`, `spearman/non-finite`, `spearman/invalid-level`.
 * @example spearman([1, 2, 3, 4, 5], [1, 4, 9, 16, 25]).value // 1
 */
export function spearman(
  x: readonly (number | null)[],
  y: readonly (number | null)[],
  o: CorrelationOptions = {},
): KpiResult<CorrelationDetails> {
  const { xs, ys, dropped } = completePairs('spearman', x, y);
  return correlationResult('spearman', 'spearman', averageRanks(xs), averageRanks(ys), dropped, o);
}
