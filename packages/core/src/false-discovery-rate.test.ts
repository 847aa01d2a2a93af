import { describe, expect, it } from 'vitest';
import { benjaminiHochberg } from '@cxkit/core';

describe('benjaminiHochberg', () => {
  it('matches the step-up procedure worked by hand (R p.adjust(p, "BH"))', () => {
    // Sorted 0.01, 0.03, 0.04, 0.2 with m = 4: 4·0.01/1 = 0.04, min(4·0.03/2, 4·0.04/3) = 0.0533, 0.2.
    const r = benjaminiHochberg([0.01, 0.04, 0.03, 0.2], 0.05);
    expect(r.adjusted[0]).toBeCloseTo(0.04, 12);
    expect(r.adjusted[1]).toBeCloseTo(0.16 / 3, 12);
    expect(r.adjusted[2]).toBeCloseTo(0.16 / 3, 12);
    expect(r.adjusted[3]).toBeCloseTo(0.2, 12);
    expect(r.rejected).toEqual([true, false, false, false]);
  });

  it('rejects nothing on no tests and refuses a bad level or p-value, naming the field', () => {
    expect(benjaminiHochberg([], 0.05)).toEqual({ rejected: [], adjusted: [] });
    expect(() => benjaminiHochberg([0.1], 1)).toThrow(/benjaminiHochberg\/invalid-q/);
    expect(() => benjaminiHochberg([0.1, 1.2], 0.05)).toThrow(/pValues\[1\]/);
  });
});
