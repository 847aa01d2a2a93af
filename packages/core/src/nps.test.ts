import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emptySummary,
  isCxError,
  mergeSummaries,
  nps,
  npsBand,
  npsCounts,
  summarize,
  waldNpsInterval,
} from '@cxkit/core';

const npsValue = fc.oneof(
  fc.integer({ min: 0, max: 10 }),
  fc.constant('cant-recommend' as const),
  fc.constant(null),
);

describe('nps', () => {
  it('is %promoters minus %detractors over scored answers (catalogue formula)', () => {
    // 3 promoters (9, 9, 10), 1 passive (8), 1 detractor (3): 100 × (3 − 1) / 5 = 40.
    const r = nps(summarize('nps', [10, 9, 9, 8, 3]));
    expect(r).toMatchObject({ status: 'ok', n: 5, value: 40, smallSample: true });
    expect(r.details).toMatchObject({ detractors: 1, passives: 1, promoters: 3 });
  });

  it("counts can't-recommend and skipped answers but leaves them out of the score and of n", () => {
    const r = nps(summarize('nps', [10, 0, 'cant-recommend', 'cant-recommend', null]));
    expect(r).toMatchObject({ status: 'ok', n: 2, value: 0 });
    expect(r.details).toMatchObject({ cantRecommend: 2, skipped: 1, detractors: 1, promoters: 1 });
  });

  it('says insufficient data instead of a number when nobody scored', () => {
    const r = nps(summarize('nps', ['cant-recommend', null]));
    expect(r).toMatchObject({ status: 'insufficient-data', n: 0, value: null, reason: 'no scored answers' });
    expect(r.details).toMatchObject({ cantRecommend: 1, skipped: 1, variance: null, se: null });
  });

  it('uses the adjusted-Wald interval by default, so a unanimous small sample still gets a width', () => {
    const r = nps(summarize('nps', [10, 10, 10]));
    expect(r.status === 'ok' && r.interval?.method).toBe('adjusted-wald');
    expect(r.status === 'ok' && r.interval!.upper - r.interval!.lower).toBeGreaterThan(20);
    const wald = nps(summarize('nps', [10, 10, 10]), { interval: 'wald' });
    expect(wald.status === 'ok' && wald.interval).toMatchObject({ lower: 100, upper: 100 });
  });

  it('narrows the interval with the finite population correction and collapses it for a census', () => {
    const s = summarize('nps', [10, 9, 7, 3, 0, 9, 10, 6]);
    const open = nps(s, { interval: 'wald' });
    const known = nps(s, { interval: 'wald', populationSize: 12 });
    const census = nps(s, { interval: 'wald', populationSize: 8 });
    if (open.status !== 'ok' || known.status !== 'ok' || census.status !== 'ok')
      throw new Error('expected values');
    const width = (r: typeof open) => r.interval!.upper - r.interval!.lower;
    expect(width(known) / width(open)).toBeCloseTo(Math.sqrt(4 / 11), 12);
    expect(known.details.finitePopulationFactor).toBeCloseTo(Math.sqrt(4 / 11), 12);
    expect(width(census)).toBe(0);
  });

  it('rejects a population smaller than the sample and a non-NPS summary with typed errors', () => {
    expect(() => nps(summarize('nps', [9, 9, 9]), { populationSize: 2 })).toThrowError(
      /finitePopulationCorrection\/sample-exceeds-population/,
    );
    try {
      nps(emptySummary('csat'));
      expect.unreachable();
    } catch (e) {
      expect(isCxError(e, 'nps/wrong-kind')).toBe(true);
    }
    expect(() => nps(summarize('nps', [9]), { level: 1.2 })).toThrowError(/nps\/invalid-level/);
    expect(() => nps(emptySummary('nps', { min: 1, max: 5, polarity: 'higher-is-better' }))).toThrowError(
      /nps\/invalid-scale/,
    );
  });

  it('stays within [-100, 100] with a clipped interval that contains the Wald estimate, never NaN', () => {
    fc.assert(
      fc.property(fc.array(npsValue, { maxLength: 80 }), (values) => {
        const r = nps(summarize('nps', values), { interval: 'wald' });
        if (r.status !== 'ok') {
          expect(r.value).toBeNull();
          return;
        }
        expect(r.value).toBeGreaterThanOrEqual(-100);
        expect(r.value).toBeLessThanOrEqual(100);
        expect(r.interval!.lower).toBeGreaterThanOrEqual(-100);
        expect(r.interval!.upper).toBeLessThanOrEqual(100);
        expect(r.interval!.lower).toBeLessThanOrEqual(r.value + 1e-9);
        expect(r.interval!.upper).toBeGreaterThanOrEqual(r.value - 1e-9);
        expect(Number.isFinite(r.details.se)).toBe(true);
      }),
    );
  });

  it('of merged summaries equals the answer-weighted mean of the parts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 50 }),
        fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 50 }),
        (a, b) => {
          const ra = nps(summarize('nps', a));
          const rb = nps(summarize('nps', b));
          const all = nps(mergeSummaries([summarize('nps', a), summarize('nps', b)]));
          if (ra.status !== 'ok' || rb.status !== 'ok' || all.status !== 'ok')
            throw new Error('expected values');
          expect(all.value).toBeCloseTo((ra.value * ra.n + rb.value * rb.n) / (ra.n + rb.n), 9);
        },
      ),
    );
  });

  it('splits a summary into detractors 0-6, passives 7-8, promoters 9-10', () => {
    expect(npsCounts(summarize('nps', [0, 6, 7, 8, 9, 10, 10]))).toEqual({
      detractors: 2,
      passives: 2,
      promoters: 3,
    });
  });

  it('rejects an interval request without answers', () => {
    expect(() => waldNpsInterval({ detractors: 0, passives: 0, promoters: 0 })).toThrowError(
      /waldNpsInterval\/no-answers/,
    );
  });
});

describe('npsBand', () => {
  it('reads above 50 as excellent and below 0 as a sign of major problems (seed 001)', () => {
    expect(npsBand(51)).toBe('excellent');
    expect(npsBand(50)).toBe('positive');
    expect(npsBand(0)).toBe('positive');
    expect(npsBand(-1)).toBe('negative');
  });
});
