import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { c2es, ces, isCxError, meanScore, summarize, tQuantile, type Scale } from '@cxkit/core';

const effort10: Scale = { min: 1, max: 10, polarity: 'higher-is-worse' };

describe('CES, C2ES and mean scores', () => {
  it('CES is sum / count on 1-7 (seed 000) with a Student t interval', () => {
    const r = ces(summarize('ces', [7, 6, 5, 6]));
    expect(r).toMatchObject({ status: 'ok', n: 4, value: 6 });
    const sd = Math.sqrt(((7 - 6) ** 2 + 0 + 1 + 0) / 3);
    const half = tQuantile(0.975, 3) * (sd / 2);
    expect(r.details.sd).toBeCloseTo(sd, 12);
    expect(r.status === 'ok' && r.interval!.lower).toBeCloseTo(6 - half, 12);
    expect(r.status === 'ok' && r.interval!.upper).toBe(7); // clipped to the scale
    expect(r.status === 'ok' && r.interval!.raw!.upper).toBeCloseTo(6 + half, 12);
  });

  it('reverses a higher-is-worse effort scale so that higher is always better (seed 002)', () => {
    // "How much effort?" 2 and 3 on 1-10 mean little effort: normalised 9 and 8.
    const r = ces(summarize('ces', [2, 3], effort10));
    expect(r.value).toBe(8.5);
    expect(r.details.reversed).toBe(true);
  });

  it('C2ES is the employees’ mean on 1-5', () => {
    expect(c2es(summarize('c2es', [5, 4, 4, 3])).value).toBe(4);
  });

  it('gives a value without an interval for one answer, and insufficient data for none', () => {
    const one = ces(summarize('ces', [5]));
    expect(one).toMatchObject({ status: 'ok', n: 1, value: 5 });
    expect(one.status === 'ok' && one.interval).toBeUndefined();
    expect(ces(summarize('ces', [null]))).toMatchObject({ status: 'insufficient-data', n: 0, value: null });
  });

  it('refuses a summary of another kind', () => {
    try {
      ces(summarize('c2es', [3]));
      expect.unreachable();
    } catch (e) {
      expect(isCxError(e, 'ces/wrong-kind')).toBe(true);
    }
  });

  it('keeps the mean and its interval on the scale for any answers', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 60 }), (values) => {
        const r = meanScore(summarize('ces', values, effort10));
        if (r.status !== 'ok') throw new Error('expected a value');
        expect(r.value).toBeGreaterThanOrEqual(1);
        expect(r.value).toBeLessThanOrEqual(10);
        expect(r.value).toBeCloseTo(values.reduce((s, v) => s + 11 - v, 0) / values.length, 9);
        if (r.interval) {
          expect(r.interval.lower).toBeGreaterThanOrEqual(1);
          expect(r.interval.upper).toBeLessThanOrEqual(10);
        }
      }),
    );
  });
});
