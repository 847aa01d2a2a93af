import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  finitePopulationCorrection,
  normalCdf,
  normalQuantile,
  tCdf,
  tCritical,
  tQuantile,
  twoSidedNormalP,
  twoSidedTP,
  wilsonInterval,
  zCritical,
} from '@cxkit/core';

describe('normal and t distributions', () => {
  it('match R qnorm / qt reference values', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12); // qnorm(0.975)
    expect(zCritical(0.9)).toBeCloseTo(1.644853626951472, 12); // qnorm(0.95)
    expect(tQuantile(0.975, 10)).toBeCloseTo(2.228138851986274, 12); // qt(0.975, 10)
    expect(tCritical(4, 0.99)).toBeCloseTo(4.604095, 6); // qt(0.995, 4)
  });

  it('quantile and cdf are inverse, and two-sided p-values hit alpha at the critical value', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.integer({ min: 1, max: 200 }),
        (p, df) => {
          expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 9);
          expect(tCdf(tQuantile(p, df), df)).toBeCloseTo(p, 9);
        },
      ),
    );
    expect(twoSidedNormalP(zCritical(0.95))).toBeCloseTo(0.05, 12);
    expect(twoSidedTP(tCritical(7, 0.95), 7)).toBeCloseTo(0.05, 12);
  });

  it('reject probabilities, levels and degrees of freedom out of range with typed errors', () => {
    expect(() => normalQuantile(1.5)).toThrowError(/normalQuantile\/out-of-range/);
    expect(() => zCritical(1)).toThrowError(/zCritical\/invalid-level/);
    expect(() => tQuantile(0.5, 0)).toThrowError(/tQuantile\/invalid-df/);
  });
});

describe('wilsonInterval', () => {
  it('stays inside [0, 1] and contains the observed proportion', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.nat(), (n, k) => {
        const x = k % (n + 1);
        const w = wilsonInterval(x, n);
        expect(w.lower).toBeGreaterThanOrEqual(0);
        expect(w.upper).toBeLessThanOrEqual(1);
        expect(w.lower).toBeLessThanOrEqual(x / n + 1e-12);
        expect(w.upper).toBeGreaterThanOrEqual(x / n - 1e-12);
      }),
    );
  });

  it('rejects impossible counts naming the field', () => {
    expect(() => wilsonInterval(6, 5)).toThrowError(
      /wilsonInterval\/exceeds-total: successes \(6\) cannot exceed n/,
    );
    expect(() => wilsonInterval(0, 0)).toThrowError(/wilsonInterval\/no-trials/);
    expect(() => wilsonInterval(1.5, 5)).toThrowError(/successes must be an integer/);
  });
});

describe('finitePopulationCorrection', () => {
  it('is sqrt((N − n) / (N − 1)): 1 for one answer, 0 for a census', () => {
    expect(finitePopulationCorrection(9, 12)).toBeCloseTo(Math.sqrt(3 / 11), 15);
    expect(finitePopulationCorrection(1, 50)).toBe(1);
    expect(finitePopulationCorrection(12, 12)).toBe(0);
  });

  it('rejects a sample larger than the population', () => {
    expect(() => finitePopulationCorrection(13, 12)).toThrowError(
      /finitePopulationCorrection\/sample-exceeds-population/,
    );
  });
});
