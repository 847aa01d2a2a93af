import { CxError } from './cx-error.js';
import type { Interval } from './kpi-result.js';
import { zCritical } from './normal-distribution.js';
import { DEFAULT_LEVEL, assertAtMost, assertCount, assertLevel, clip } from './validate.js';

/**
 * Wilson score interval of a proportion p̂ from `n` trials at critical value `z`, on the 0-1 scale.
 * `n` may be fractional (an effective sample size); with n = Infinity the interval is the point p̂.
 */
export function wilsonBounds(p: number, n: number, z: number): { lower: number; upper: number } {
  if (n === Infinity) return { lower: p, upper: p };
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { lower: clip(centre - half, 0, 1), upper: clip(centre + half, 0, 1) };
}

/**
 * Wilson score interval for a proportion (R `prop.test(x, n, correct = FALSE)`), on the 0-1 scale.
 *
 * centre = (p̂ + z²/2n) / (1 + z²/n); half-width = z·sqrt(p̂(1-p̂)/n + z²/4n²) / (1 + z²/n),
 * z = Φ⁻¹(1 - (1 - level)/2). Unlike the Wald interval it stays inside [0, 1] and is not
 * degenerate at 0% or 100%, which matters for small B2B samples.
 * @throws CxError `wilsonInterval/invalid-count`, `wilsonInterval/exceeds-total`,
 *   `wilsonInterval/no-trials` when n = 0, `wilsonInterval/invalid-level`.
 * @example wilsonInterval(45, 50) // { lower: 0.7864, upper: 0.9565, level: 0.95, method: 'wilson' }
 */
export function wilsonInterval(successes: number, n: number, level: number = DEFAULT_LEVEL): Interval {
  assertCount('wilsonInterval', 'successes', successes);
  assertCount('wilsonInterval', 'n', n);
  assertAtMost('wilsonInterval', 'successes', successes, 'n', n);
  assertLevel('wilsonInterval', level);
  if (n === 0) throw new CxError('wilsonInterval/no-trials', 'n must be at least 1', { field: 'n' });
  const b = wilsonBounds(successes / n, n, zCritical(level));
  return { ...b, level, method: 'wilson' };
}
