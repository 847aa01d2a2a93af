import {
  completePairs,
  correlationResult,
  type CorrelationDetails,
  type CorrelationOptions,
} from './correlation.js';
import type { KpiResult } from './kpi-result.js';

/**
 * Pearson correlation of a per-account CX metric with an outcome (e.g. NPS vs repurchase, OTIF vs disputes),
 * over the pairs where both are known (null on either side drops the pair; `n` counts the pairs kept).
 *
 * r = Σ(x − x̄)(y − ȳ) / sqrt(Σ(x − x̄)² Σ(y − ȳ)²); p from t = r·sqrt((n − 2)/(1 − r²)) with n − 2 df
 * (R `cor.test`); interval tanh(atanh(r) ± z / sqrt(n − 3)) (Fisher z, needs n ≥ 4).
 * Insufficient below 3 pairs or when a series is constant.
 * @throws CxError `pearson/length-mismatch`, `pearson/non-finite` naming `x[i]` or `y[i]`, `pearson/invalid-level`.
 * @example pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]).value // 0.7746
 */
export function pearson(
  x: readonly (number | null)[],
  y: readonly (number | null)[],
  o: CorrelationOptions = {},
): KpiResult<CorrelationDetails> {
  const { xs, ys, dropped } = completePairs('pearson', x, y);
  return correlationResult('pearson', 'pearson', xs, ys, dropped, o);
}
