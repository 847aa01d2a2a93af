import { describe, expect, it } from 'vitest';
import { normalCdf, twoProportionTest, zCritical } from '@cxkit/core';

describe('twoProportionTest', () => {
  it('matches prop.test(c(40, 30), c(50, 50), correct = FALSE): X² = 100/21', () => {
    const t = twoProportionTest(40, 50, 30, 50);
    expect(t.delta).toBeCloseTo(-0.2, 15);
    expect(t.z * t.z).toBeCloseTo(100 / 21, 12);
    expect(t.p).toBeCloseTo(2 * (1 - normalCdf(Math.sqrt(100 / 21))), 12);
    const se = Math.sqrt((0.8 * 0.2) / 50 + (0.6 * 0.4) / 50);
    expect(t.se).toBeCloseTo(se, 15);
    expect(t.interval.lower).toBeCloseTo(-0.2 - zCritical(0.95) * se, 12);
  });

  it('reports no evidence of change when both samples are unanimous', () => {
    expect(twoProportionTest(10, 10, 5, 5)).toMatchObject({ delta: 0, z: 0, p: 1 });
  });

  it('rejects empty samples and impossible counts', () => {
    expect(() => twoProportionTest(0, 0, 1, 2)).toThrowError(/twoProportionTest\/no-trials/);
    expect(() => twoProportionTest(3, 2, 1, 2)).toThrowError(/twoProportionTest\/exceeds-total: x1/);
  });
});
