import cdf from '@stdlib/stats-base-dists-t-cdf';
import quantile from '@stdlib/stats-base-dists-t-quantile';
import { CxError } from './cx-error.js';
import { DEFAULT_LEVEL, assertLevel } from './validate.js';

function assertDf(fn: string, df: number): void {
  if (!(df > 0) || !Number.isFinite(df))
    throw new CxError(
      `${fn}/invalid-df`,
      `degrees of freedom must be a finite number > 0, got ${String(df)}`,
      {
        field: 'df',
      },
    );
}

/**
 * Quantile of Student's t distribution with `df` degrees of freedom.
 * @throws CxError `tQuantile/out-of-range` when p is not in [0, 1], `tQuantile/invalid-df` when df <= 0.
 * @example tQuantile(0.975, 10) // 2.2281388519862744
 */
export function tQuantile(p: number, df: number): number {
  if (!(p >= 0 && p <= 1))
    throw new CxError('tQuantile/out-of-range', `p must lie in [0, 1], got ${String(p)}`, { field: 'p' });
  assertDf('tQuantile', df);
  return quantile(p, df);
}

/**
 * Cumulative distribution function of Student's t distribution with `df` degrees of freedom.
 * @throws CxError `tCdf/invalid-df` when df <= 0.
 * @example tCdf(2.2281388519862744, 10) // 0.975
 */
export function tCdf(x: number, df: number): number {
  assertDf('tCdf', df);
  return cdf(x, df);
}

/**
 * Two-sided critical value t such that P(|T| <= t) = level for `df` degrees of freedom.
 * @example tCritical(10, 0.95) // 2.2281388519862744
 */
export function tCritical(df: number, level: number = DEFAULT_LEVEL): number {
  // The t quantile inverts an incomplete beta function: cache it, since per-account means repeat the same df.
  const key = `${level}:${df}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  assertLevel('tCritical', level);
  assertDf('tCritical', df);
  const t = quantile(1 - (1 - level) / 2, df);
  if (cache.size >= 4096) cache.clear();
  cache.set(key, t);
  return t;
}

const cache = new Map<string, number>();

/**
 * Two-sided p-value of a t statistic: 2 F(-|t|; df).
 * @example twoSidedTP(2.2281388519862744, 10) // 0.05
 */
export function twoSidedTP(t: number, df: number): number {
  assertDf('twoSidedTP', df);
  return 2 * cdf(-Math.abs(t), df);
}
