import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareWithTarget,
  csat,
  csatChange,
  meanChange,
  meanScore,
  nps,
  npsChange,
  summarize,
  type KpiResult,
  type ScoreSummary,
} from '@cxkit/core';

const repeat = (score: number, times: number) => new Array<number>(times).fill(score);
const npsOf = (d: number, p: number, pr: number) =>
  summarize('nps', [...repeat(3, d), ...repeat(7, p), ...repeat(10, pr)]);
const csatOf = (yes: number, n: number) => summarize('csat', [...repeat(5, yes), ...repeat(2, n - yes)]);

/** log n! */
const logFactorial = (n: number) => {
  let s = 0;
  for (let i = 2; i <= n; i++) s += Math.log(i);
  return s;
};

/** Every outcome of n answers drawn from a trinomial (detractor, passive, promoter) with its probability. */
function outcomes(n: number, pd: number, pp: number): { d: number; q: number; p: number; prob: number }[] {
  const out = [];
  for (let d = 0; d <= n; d++)
    for (let p = 0; p + d <= n; p++) {
      const q = n - d - p;
      const logProb =
        logFactorial(n) -
        logFactorial(d) -
        logFactorial(p) -
        logFactorial(q) +
        d * Math.log(pd) +
        p * Math.log(pp) +
        q * Math.log(1 - pd - pp);
      out.push({ d, q, p, prob: Math.exp(logProb) });
    }
  return out;
}

describe('npsChange at the edges', () => {
  it('rejects a true "no change" at most 5 % of the time down to 5 and 10 answers (exact enumeration)', () => {
    // The plain Wald test rejected 12 % at n = 5 and 8 % at n = 10 for these distributions.
    for (const n of [5, 10])
      for (const [pd, pp] of [
        [0.2, 0.5],
        [0.3, 0.3],
        [0.4, 0.2],
      ] as const) {
        const all = outcomes(n, pd, pp);
        const summaries = all.map((o) => npsOf(o.d, o.q, o.p));
        let size = 0;
        all.forEach((a, i) =>
          all.forEach((b, j) => {
            const r = npsChange(summaries[i]!, summaries[j]!);
            if (r.status === 'ok' && r.significant) size += a.prob * b.prob;
          }),
        );
        expect(size, `n = ${n}, detractors ${pd}, promoters ${pp}`).toBeLessThanOrEqual(0.05);
      }
  });

  it('tests unanimous periods: +100 to −100 on 5 against 5 answers is a significant fall', () => {
    const r = npsChange(npsOf(0, 0, 5), npsOf(5, 0, 0));
    expect(r.status).toBe('ok');
    if (r.status !== 'ok') return;
    expect(r.delta).toBe(-200);
    expect(r.significant).toBe(true);
    expect(r.interval.upper).toBeLessThan(0);
    expect(r.interval.lower).toBe(-200);
  });

  it('gives 100 against 100 (both unanimous) p = 1 and a wide interval, not "no variation"', () => {
    const r = npsChange(npsOf(0, 0, 3), npsOf(0, 0, 30));
    expect(r).toMatchObject({ status: 'ok', delta: 0, p: 1, significant: false });
    if (r.status !== 'ok') return;
    // Three answers cannot rule out that the first period was lower: the interval spans 0.
    expect(r.interval.lower).toBeLessThan(0);
    expect(r.interval.upper).toBeGreaterThan(0);
  });

  it('uses the single-period adjusted-Wald method (its interval name and pseudo-counts)', () => {
    const r = npsChange(npsOf(20, 30, 50), npsOf(10, 20, 70));
    if (r.status !== 'ok') throw new Error('expected a change');
    expect(r.interval.method).toBe('adjusted-wald');
    // Adjusted counts 20.75/31.5/50.75 (n 103) and 10.75/21.5/70.75: centre 100 × (60/103 − 30/103).
    const centre = (100 * 30) / 103;
    expect((r.interval.lower + r.interval.upper) / 2).toBeCloseTo(centre, 9);
    expect(r.delta).toBeCloseTo(30, 9);
  });
});

describe('csatChange: p-value and interval agree', () => {
  it('0/3 against 7/11: significant, as its interval [0.8, 84.8] says (the pooled z test gave p = 0.051)', () => {
    const r = csatChange(csatOf(0, 3), csatOf(7, 11));
    if (r.status !== 'ok') throw new Error('expected a change');
    expect(r.interval.lower).toBeGreaterThan(0);
    expect(r.p).toBeLessThan(0.05);
    expect(r.significant).toBe(true);
  });
});

describe('meanChange for unanimous periods', () => {
  const ces = (score: number, n: number) => summarize('ces', repeat(score, n));
  it('tests 7, 7, 7, 7, 7 against 1, 1, 1, 1, 1: a significant fall with an interval below 0', () => {
    const r = meanChange(ces(7, 5), ces(1, 5));
    expect(r.status).toBe('ok');
    if (r.status !== 'ok') return;
    expect(r.delta).toBe(-6);
    expect(r.significant).toBe(true);
    expect(r.interval.upper).toBeLessThan(0);
    expect(r.interval.lower).toBeGreaterThanOrEqual(-6);
  });
  it('sees no change between two unanimous periods at the same score, with a width', () => {
    const r = meanChange(ces(5, 4), ces(5, 6));
    expect(r).toMatchObject({ status: 'ok', delta: 0, p: 1, significant: false });
    if (r.status === 'ok') expect(r.interval.upper - r.interval.lower).toBeGreaterThan(1);
  });
});

describe('every interval contains its estimate', () => {
  it('one promoter: NPS 100 with an interval reaching 100 (adjusted Wald gave [−48.5, 98.5])', () => {
    const r = nps(summarize('nps', [10]));
    if (r.status !== 'ok' || !r.interval) throw new Error('expected an interval');
    expect(r.value).toBe(100);
    expect(r.interval.upper).toBe(100);
    expect(r.interval.lower).toBeCloseTo(-48.5, 1);
    expect(compareWithTarget(r, 99)).toMatchObject({ met: true, verdict: 'not-distinguishable' });
  });

  const contains = (r: KpiResult) =>
    r.status !== 'ok' ||
    !r.interval ||
    (r.interval.lower <= r.value + 1e-9 && r.value - 1e-9 <= r.interval.upper);

  const npsArb = fc
    .tuple(fc.nat(12), fc.nat(12), fc.nat(12))
    .filter(([d, q, p]) => d + q + p > 0)
    .map(([d, q, p]) => npsOf(d, q, p));
  const csatArb = fc
    .tuple(fc.nat(15), fc.nat(15))
    .filter(([y, no]) => y + no > 0)
    .map(([y, no]) => csatOf(y, y + no));
  const cesArb = fc
    .array(fc.integer({ min: 1, max: 7 }), { minLength: 2, maxLength: 12 })
    .map((v) => summarize('ces', v));
  const levelArb = fc.constantFrom(0.8, 0.9, 0.95, 0.99);

  it('holds for single-period NPS, CSAT and means, at any level', () => {
    fc.assert(
      fc.property(npsArb, csatArb, cesArb, levelArb, (n, c, m, level) => {
        expect(contains(nps(n, { level }))).toBe(true);
        expect(contains(nps(n, { level, interval: 'wald' }))).toBe(true);
        expect(contains(csat(c, { level }))).toBe(true);
        expect(contains(meanScore(m, { level }))).toBe(true);
      }),
    );
  });

  it('holds for changes, and "significant" is exactly "the interval excludes 0"', () => {
    const check = (r: ReturnType<typeof npsChange | typeof csatChange | typeof meanChange>) => {
      if (r.status !== 'ok') return;
      expect(r.interval.lower).toBeLessThanOrEqual(r.delta + 1e-9);
      expect(r.interval.upper).toBeGreaterThanOrEqual(r.delta - 1e-9);
      const excludes = r.interval.lower > 1e-9 || r.interval.upper < -1e-9;
      const touches = Math.abs(r.interval.lower) < 1e-6 || Math.abs(r.interval.upper) < 1e-6;
      if (!touches) expect(r.significant).toBe(excludes);
      expect(r.p).toBeGreaterThanOrEqual(0);
      expect(r.p).toBeLessThanOrEqual(1);
    };
    fc.assert(
      fc.property(npsArb, npsArb, csatArb, csatArb, cesArb, cesArb, levelArb, (a, b, c, d, e, f, level) => {
        check(npsChange(a, b, { level }));
        check(csatChange(c, d, { level }));
        check(meanChange(e, f, { level }));
      }),
      { numRuns: 300 },
    );
  });

  it('compareWithTarget never says met and significantly below (or not met and significantly above)', () => {
    const summaries = fc.oneof(
      npsArb.map((s) => ({ s, kpi: (x: ScoreSummary) => nps(x) as KpiResult })),
      csatArb.map((s) => ({ s, kpi: (x: ScoreSummary) => csat(x) as KpiResult })),
    );
    fc.assert(
      fc.property(
        summaries,
        fc.integer({ min: -100, max: 100 }),
        fc.boolean(),
        ({ s, kpi }, target, higher) => {
          const c = compareWithTarget(kpi(s), target, { higherIsBetter: higher });
          if (c.status !== 'ok') return;
          const above = c.value >= target;
          if (c.verdict === 'significantly-below') expect(above && c.value !== target).toBe(false);
          if (c.verdict === 'significantly-above') expect(c.value > target).toBe(true);
          if (c.met && higher) expect(c.verdict).not.toBe('significantly-below');
          if (c.met && !higher) expect(c.verdict).not.toBe('significantly-above');
        },
      ),
    );
    // A result built elsewhere whose interval excludes its value is read as containing it.
    const odd: KpiResult = {
      status: 'ok',
      n: 1,
      value: 100,
      smallSample: true,
      details: {},
      interval: { lower: -48.5, upper: 98.5, level: 0.95, method: 'adjusted-wald' },
    };
    expect(compareWithTarget(odd, 99)).toMatchObject({ met: true, verdict: 'not-distinguishable' });
  });
});
