import { describe, expect, it } from 'vitest';
import { exactChangeMidP } from '@cxkit/core';

const c = (detractors: number, passives: number, promoters: number) => ({ detractors, passives, promoters });

describe('exactChangeMidP', () => {
  it("is half of Fisher's one-sided p when the only extreme table is the observed one (120/120 then 9/10)", () => {
    // One unsatisfied answer among 130; P(it falls in the 10 recent ones) = 10/130; mid-p halves it.
    expect(exactChangeMidP(c(0, 0, 120), c(1, 0, 9), 'decrease')).toBeCloseTo(5 / 130, 12);
    expect(exactChangeMidP(c(0, 0, 120), c(1, 0, 9), 'increase')).toBeCloseTo(1 - 5 / 130, 12);
  });

  it('gives 3 promoters then 3 detractors the two-sided mid-p 1/20 (two extreme splits of 20, halved)', () => {
    // C(6, 3) = 20 splits; the observed one and its mirror are the most extreme.
    expect(exactChangeMidP(c(0, 0, 3), c(3, 0, 0), 'any')).toBeCloseTo(0.05, 12);
    expect(exactChangeMidP(c(0, 0, 3), c(3, 0, 0), 'decrease')).toBeCloseTo(0.025, 12);
  });

  it('sees no evidence when nothing changed, and skips what the normal test handles', () => {
    expect(exactChangeMidP(c(2, 2, 2), c(2, 2, 2), 'decrease')).toBeGreaterThan(0.4);
    expect(exactChangeMidP(c(0, 0, 0), c(1, 0, 0), 'any')).toBeNull();
    expect(exactChangeMidP(c(100, 100, 100), c(100, 100, 100), 'any')).toBeNull();
  });
});
