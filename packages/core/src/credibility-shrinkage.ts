/** One account's answers to a KPI, as sufficient statistics of its per-answer values. */
export interface CredibilityGroup {
  /** Answers. */
  n: number;
  /** Sum of the per-answer values (an NPS answer is +100, 0 or -100; a CSAT answer 100 or 0). */
  sum: number;
  /** Sum of their squares. */
  sumOfSquares: number;
}

/** Result of {@link credibilityConstant}. */
export interface CredibilityConstant {
  /** k of the credibility weight n / (n + k): the answers an account needs to count half. */
  k: number;
  /** `buhlmann-straub` when estimated from the groups, `fallback` when they could not support an estimate. */
  method: 'buhlmann-straub' | 'fallback';
  /** Accounts that entered the estimate. */
  groups: number;
}

/** Options of {@link credibilityConstant}. */
export interface CredibilityOptions {
  /** k used when the groups cannot support an estimate. Default 10. */
  fallback?: number;
  /** Bounds of k: below `min` one answer would count almost fully, above `max` no account ever would. Default [1, 100]. */
  min?: number;
  /** Upper bound of k. Default 100. */
  max?: number;
  /** Accounts with at least 2 answers needed for an estimate. Default 5. */
  minGroups?: number;
}

/**
 * Empirical-Bayes credibility constant of Bühlmann-Straub: k = s² / a, where s² is the pooled
 * within-account variance of the answers (the noise of one answer) and a the variance of the
 * accounts' true means (estimated from the spread of their means net of that noise):
 *
 * s² = Σ_i (Σ_j x_ij² - n_i x̄_i²) / Σ_i (n_i - 1)
 * a  = (Σ_i n_i (x̄_i - x̄)² - (r - 1) s²) / (m - Σ_i n_i² / m),  m = Σ_i n_i, r accounts
 *
 * An account's shrunk KPI is then z x̄_i + (1 - z) x̄ with z = n_i / (n_i + k). When the accounts
 * differ no more than their noise explains (a <= 0), k is the upper bound.
 * @example credibilityConstant(groups).k // 12: an account's NPS from 12 answers counts half, the segment's the other half
 */
export function credibilityConstant(
  groups: readonly CredibilityGroup[],
  options: CredibilityOptions = {},
): CredibilityConstant {
  const min = options.min ?? 1;
  const max = options.max ?? 100;
  const fallback = Math.min(max, Math.max(min, options.fallback ?? 10));
  const used = groups.filter((g) => g.n >= 1);
  const withDf = used.filter((g) => g.n >= 2);
  if (withDf.length < (options.minGroups ?? 5))
    return { k: fallback, method: 'fallback', groups: used.length };
  let ss = 0;
  let df = 0;
  for (const g of withDf) {
    ss += Math.max(0, g.sumOfSquares - (g.sum * g.sum) / g.n);
    df += g.n - 1;
  }
  const s2 = ss / df;
  const m = used.reduce((a, g) => a + g.n, 0);
  const grand = used.reduce((a, g) => a + g.sum, 0) / m;
  let between = 0;
  let sumN2 = 0;
  for (const g of used) {
    between += g.n * (g.sum / g.n - grand) ** 2;
    sumN2 += g.n * g.n;
  }
  const denominator = m - sumN2 / m;
  const a = denominator > 0 ? (between - (used.length - 1) * s2) / denominator : 0;
  if (!(s2 > 0)) return { k: min, method: 'buhlmann-straub', groups: used.length };
  const k = a > 0 ? s2 / a : max;
  return { k: Math.min(max, Math.max(min, k)), method: 'buhlmann-straub', groups: used.length };
}

/**
 * Credibility-weighted value: an account's KPI from n answers moved towards its segment's,
 * `z x + (1 - z) target` with `z = n / (n + k)`; with no answer it is null (nothing to shrink).
 * @example shrinkTowards(100, 2, 30, 10) // 41.7: two promoters barely move an account off its segment's 30
 */
export function shrinkTowards(
  value: number | null,
  n: number,
  target: number | null,
  k: number,
): number | null {
  if (value === null || !(n > 0)) return null;
  if (target === null || !Number.isFinite(target)) return value;
  const z = n / (n + k);
  return z * value + (1 - z) * target;
}
