import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csat, summarize, wilsonInterval, type Scale } from '@cxkit/core';

const oneToTen: Scale = { min: 1, max: 10, polarity: 'higher-is-better' };

describe('csat', () => {
  it('top box by default: 4-5 on 1-5 over all answers, with a Wilson interval', () => {
    const r = csat(summarize('csat', [5, 4, 4, 3, 1, null]));
    expect(r).toMatchObject({ status: 'ok', n: 5, value: 60 });
    expect(r.details).toMatchObject({ variant: 'top-box', topBox: 4, satisfied: 3, skipped: 1 });
    const w = wilsonInterval(3, 5);
    expect(r.status === 'ok' && r.interval).toMatchObject({
      method: 'wilson',
      lower: 100 * w.lower,
      upper: 100 * w.upper,
    });
  });

  it('top box 8-10 on 1-10, "yes" on yes/no and the happy smiley on three smileys', () => {
    expect(csat(summarize('csat', [8, 10, 7, 2], oneToTen)).value).toBe(50);
    expect(
      csat(summarize('csat', [1, 1, 0, 1], { min: 0, max: 1, polarity: 'higher-is-better' })).value,
    ).toBe(75);
    expect(
      csat(summarize('csat', [3, 2, 1, 3, 3], { min: 1, max: 3, polarity: 'higher-is-better' })).value,
    ).toBe(60);
  });

  it('accepts an explicit top box', () => {
    expect(csat(summarize('csat', [5, 4, 4, 3, 1]), { topBox: 5 }).value).toBe(20);
    expect(() => csat(summarize('csat', [5]), { topBox: 6 })).toThrowError(/csat\/top-box-out-of-scale/);
  });

  it('mean-ratio variant: mean / highest possible score × 100 (seed 003), with a t interval', () => {
    const r = csat(summarize('csat', [5, 4, 4, 3, 1]), { variant: 'mean-ratio' });
    expect(r.status === 'ok' && r.value).toBeCloseTo(68, 12);
    expect(r.status === 'ok' && r.interval?.method).toBe('t');
    expect(r.details.mean).toBeCloseTo(3.4, 12);
  });

  it('says insufficient data with no answers', () => {
    expect(csat(summarize('csat', [null, null]))).toMatchObject({
      status: 'insufficient-data',
      n: 0,
      value: null,
    });
  });

  it('collapses the interval to the value when the whole population answered', () => {
    const r = csat(summarize('csat', [5, 4, 2]), { populationSize: 3 });
    expect(r.status === 'ok' && r.interval).toMatchObject({ lower: r.value, upper: r.value });
  });

  it('stays within [0, 100] and inside its interval bounds for any answers', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant(null)), { maxLength: 60 }),
        fc.constantFrom('top-box' as const, 'mean-ratio' as const),
        (values, variant) => {
          const r = csat(summarize('csat', values), { variant });
          if (r.status !== 'ok') return;
          expect(r.value).toBeGreaterThanOrEqual(0);
          expect(r.value).toBeLessThanOrEqual(100);
          if (r.interval) {
            expect(r.interval.lower).toBeGreaterThanOrEqual(0);
            expect(r.interval.upper).toBeLessThanOrEqual(100);
          }
        },
      ),
    );
  });
});
