import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageRanks, pearson, spearman } from '@cxkit/core';

// R's mtcars: mpg vs wt. cor.test(mpg, wt): r = -0.8676594, t = -9.559, p = 1.294e-10,
// 95% CI [-0.9338264, -0.7440872]; cor.test(..., method = "spearman"): rho = -0.886422, p = 1.488e-11.
const mpg = [
  21.0, 21.0, 22.8, 21.4, 18.7, 18.1, 14.3, 24.4, 22.8, 19.2, 17.8, 16.4, 17.3, 15.2, 10.4, 10.4, 14.7, 32.4,
  30.4, 33.9, 21.5, 15.5, 15.2, 13.3, 19.2, 27.3, 26.0, 30.4, 15.8, 19.7, 15.0, 21.4,
];
const wt = [
  2.62, 2.875, 2.32, 3.215, 3.44, 3.46, 3.57, 3.19, 3.15, 3.44, 3.44, 4.07, 3.73, 3.78, 5.25, 5.424, 5.345,
  2.2, 1.615, 1.835, 2.465, 3.52, 3.435, 3.84, 3.845, 1.935, 2.14, 1.513, 3.17, 2.77, 3.57, 2.78,
];

describe('pearson', () => {
  it('matches R cor.test on mtcars', () => {
    const r = pearson(mpg, wt);
    expect(r.status).toBe('ok');
    if (r.status !== 'ok') return;
    expect(r.n).toBe(32);
    expect(r.value).toBeCloseTo(-0.8676594, 7);
    expect(r.details.t).toBeCloseTo(-9.559, 3);
    expect(r.details.p! / 1.294e-10).toBeCloseTo(1, 3);
    expect(r.interval).toMatchObject({ method: 'fisher-z', level: 0.95 });
    expect(r.interval!.lower).toBeCloseTo(-0.9338264, 7);
    expect(r.interval!.upper).toBeCloseTo(-0.7440872, 7);
  });

  it('drops pairs with a missing side and counts only complete pairs', () => {
    const r = pearson([1, 2, null, 4, 5], [2, 4, 5, null, 5]);
    expect(r).toMatchObject({ n: 3, details: { dropped: 2 } });
    expect(r.status === 'ok' && r.interval).toBeUndefined(); // Fisher z needs n >= 4
  });

  it('says insufficient data below 3 pairs or for a constant series', () => {
    expect(pearson([1, 2], [3, 4])).toMatchObject({ status: 'insufficient-data', n: 2 });
    expect(pearson([1, 1, 1, 1], [3, 4, 5, 6])).toMatchObject({
      status: 'insufficient-data',
      reason: 'one of the series is constant',
    });
  });

  it('rejects unequal lengths and non-finite values naming the index', () => {
    expect(() => pearson([1, 2, 3], [1, 2])).toThrowError(/pearson\/length-mismatch/);
    expect(() => pearson([1, NaN, 3], [1, 2, 3])).toThrowError(/pearson\/non-finite: x\[1\]/);
  });

  it('stays in [-1, 1] with an interval around it and a p-value in [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 })), {
          minLength: 4,
          maxLength: 40,
        }),
        (pairs) => {
          const r = pearson(
            pairs.map((p) => p[0]),
            pairs.map((p) => p[1]),
          );
          if (r.status !== 'ok') return;
          expect(Math.abs(r.value)).toBeLessThanOrEqual(1);
          expect(r.interval!.lower).toBeLessThanOrEqual(r.value + 1e-12);
          expect(r.interval!.upper).toBeGreaterThanOrEqual(r.value - 1e-12);
          expect(r.details.p).toBeGreaterThanOrEqual(0);
          expect(r.details.p).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});

describe('spearman', () => {
  it('matches R cor.test(method = "spearman") on mtcars (with ties)', () => {
    const r = spearman(mpg, wt);
    expect(r.value).toBeCloseTo(-0.886422, 6);
    expect(r.status === 'ok' && r.details.p! / 1.488e-11).toBeCloseTo(1, 3);
  });

  it('is 1 for any monotone relation, with a degenerate interval and p = 0', () => {
    const r = spearman([1, 2, 3, 4, 5], [1, 8, 27, 64, 125]);
    expect(r).toMatchObject({ value: 1, details: { p: 0, t: null }, interval: { lower: 1, upper: 1 } });
  });

  it('averages tied ranks', () => {
    expect(averageRanks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
  });
});
