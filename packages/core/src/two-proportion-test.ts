import { CxError } from './cx-error.js';
import { twoSidedNormalP, zCritical } from './normal-distribution.js';
import { DEFAULT_LEVEL, assertAtMost, assertCount, assertLevel } from './validate.js';

/** Result of {@link twoProportionTest}, on the 0-1 scale. */
export interface TwoProportionTest {
  /** x1 / n1. */
  p1: number;
  /** x2 / n2. */
  p2: number;
  /** p2 − p1. */
  delta: number;
  /** Unpooled SE of the difference: sqrt(p1(1 − p1)/n1 + p2(1 − p2)/n2), used for the interval. */
  se: number;
  /** delta ± z·se (not clipped). */
  interval: { lower: number; upper: number; level: number };
  /** Pooled z statistic (p2 − p1) / sqrt(p(1 − p)(1/n1 + 1/n2)), p = (x1 + x2) / (n1 + n2). */
  z: number;
  /** Two-sided p-value 2Φ(−|z|), as R `prop.test(correct = FALSE)`. */
  p: number;
}

/**
 * Two-proportion z test (R `prop.test(c(x1, x2), c(n1, n2), correct = FALSE)`), delta = p2 − p1.
 *
 * z = (p2 − p1) / sqrt(p̄(1 − p̄)(1/n1 + 1/n2)) with the pooled p̄ = (x1 + x2)/(n1 + n2); p = 2Φ(−|z|).
 * The interval uses the unpooled SE. When p̄ is 0 or 1 both samples agree exactly: z = 0 and p = 1.
 * @throws CxError `twoProportionTest/invalid-count`, `/exceeds-total`, `/no-trials` when n1 or n2 is 0.
 * @example twoProportionTest(40, 50, 30, 50).p // 0.0291 (X² = 100/21)
 */
export function twoProportionTest(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  level: number = DEFAULT_LEVEL,
): TwoProportionTest {
  const fn = 'twoProportionTest';
  assertCount(fn, 'x1', x1);
  assertCount(fn, 'n1', n1);
  assertCount(fn, 'x2', x2);
  assertCount(fn, 'n2', n2);
  assertAtMost(fn, 'x1', x1, 'n1', n1);
  assertAtMost(fn, 'x2', x2, 'n2', n2);
  assertLevel(fn, level);
  if (n1 === 0 || n2 === 0)
    throw new CxError(`${fn}/no-trials`, 'n1 and n2 must both be at least 1', {
      field: n1 === 0 ? 'n1' : 'n2',
    });
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const delta = p2 - p1;
  const se = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  const pooled = (x1 + x2) / (n1 + n2);
  const sePooled = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = sePooled === 0 ? 0 : delta / sePooled;
  const half = zCritical(level) * se;
  return {
    p1,
    p2,
    delta,
    se,
    interval: { lower: delta - half, upper: delta + half, level },
    z,
    p: twoSidedNormalP(z),
  };
}
