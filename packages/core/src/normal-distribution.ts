import cdf from '@stdlib/stats-base-dists-normal-cdf';
import quantile from '@stdlib/stats-base-dists-normal-quantile';
import { CxError } from './cx-error.js';
import { DEFAULT_LEVEL, assertLevel } from './validate.js';

/**
 * Quantile of the standard normal distribution, Φ⁻¹(p).
 * @throws CxError `normalQuantile/out-of-range` when p is not in [0, 1].
 * @example normalQuantile(0.975) // 1.959963984540054
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1))
    throw new CxError('normalQuantile/out-of-range', `p must lie in [0, 1], got ${String(p)}`, {
      field: 'p',
    });
  return quantile(p, 0, 1);
}

/**
 * Cumulative distribution function of the standard normal distribution, Φ(x).
 * @example normalCdf(1.959963984540054) // 0.975
 */
export function normalCdf(x: number): number {
  return cdf(x, 0, 1);
}

/**
 * Two-sided critical value z such that P(|Z| <= z) = level: Φ⁻¹(1 - (1 - level) / 2).
 * @throws CxError `zCritical/invalid-level` unless 0 < level < 1.
 * @example zCritical(0.95) // 1.959963984540054
 */
export function zCritical(level: number = DEFAULT_LEVEL): number {
  // Every KPI asks for the same one or two levels, thousands of times per report.
  if (level === lastLevel) return lastZ;
  assertLevel('zCritical', level);
  lastZ = quantile(1 - (1 - level) / 2, 0, 1);
  lastLevel = level;
  return lastZ;
}

let lastLevel = NaN;
let lastZ = NaN;

/**
 * Two-sided p-value of a standard normal statistic: 2 Φ(-|z|) (computed on the lower tail to keep precision
 * for very small p).
 * @example twoSidedNormalP(1.959963984540054) // 0.05
 */
export function twoSidedNormalP(z: number): number {
  return 2 * cdf(-Math.abs(z), 0, 1);
}
