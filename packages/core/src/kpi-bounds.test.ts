import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ces,
  csat,
  meanScore,
  nps,
  rate,
  rollupAccount,
  scoredCount,
  summarize,
  type KpiResult,
  type RollupAnswer,
  type Scale,
} from '@cxkit/core';

/** Every number in a result, however deep. */
function numbers(x: unknown): number[] {
  if (typeof x === 'number') return [x];
  if (x && typeof x === 'object') return Object.values(x).flatMap(numbers);
  return [];
}

function expectHonest(r: KpiResult, lo: number, hi: number): void {
  for (const v of numbers(r)) expect(Number.isFinite(v)).toBe(true);
  if (r.status === 'insufficient-data') {
    expect(r.value).toBeNull();
    expect(r.reason.length).toBeGreaterThan(0);
    return;
  }
  expect(r.value).toBeGreaterThanOrEqual(lo);
  expect(r.value).toBeLessThanOrEqual(hi);
  if (r.interval) {
    expect(r.interval.lower).toBeGreaterThanOrEqual(lo);
    expect(r.interval.upper).toBeLessThanOrEqual(hi);
    expect(r.interval.lower).toBeLessThanOrEqual(r.interval.upper);
  }
}

const scale: fc.Arbitrary<Scale> = fc
  .tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 10 }), fc.boolean())
  .filter(([min, max]) => max > min)
  .map(([min, max, worse]) => ({ min, max, polarity: worse ? 'higher-is-worse' : 'higher-is-better' }));

describe('every survey KPI is honest for any input', () => {
  it('NPS: finite, in [-100, 100], insufficient without answers, with or without a known population', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: 0, max: 10 }),
            fc.constant('cant-recommend' as const),
            fc.constant(null),
          ),
        ),
        fc.nat({ max: 20 }),
        fc.constantFrom('wald' as const, 'adjusted-wald' as const),
        (values, extra, interval) => {
          const s = summarize('nps', values);
          expectHonest(nps(s, { interval }), -100, 100);
          expectHonest(nps(s, { interval, populationSize: scoredCount(s) + extra }), -100, 100);
        },
      ),
    );
  });

  it('CSAT, CES and means on any scale and polarity', () => {
    fc.assert(
      fc.property(
        scale.chain((sc) =>
          fc.tuple(
            fc.constant(sc),
            fc.array(fc.oneof(fc.integer({ min: sc.min, max: sc.max }), fc.constant(null)), {
              maxLength: 40,
            }),
          ),
        ),
        fc.nat({ max: 5 }),
        ([sc, values], extra) => {
          const c = summarize('csat', values, sc);
          const n = scoredCount(c);
          expectHonest(csat(c), 0, 100);
          expectHonest(csat(c, { variant: 'mean-ratio', populationSize: n + extra }), 0, 100);
          expectHonest(ces(summarize('ces', values, sc)), sc.min, sc.max);
          expectHonest(meanScore(c, { populationSize: n + extra }), sc.min, sc.max);
        },
      ),
    );
  });

  it('rates: in [0, 100] with the value inside its Wilson interval', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1000 }), fc.nat({ max: 1000 }), (a, b) => {
        const r = rate(Math.min(a, b), Math.max(a, b));
        expectHonest(r, 0, 100);
        if (r.status === 'ok') {
          expect(r.interval!.lower).toBeLessThanOrEqual(r.value + 1e-9);
          expect(r.interval!.upper).toBeGreaterThanOrEqual(r.value - 1e-9);
        }
      }),
    );
  });
});

describe('account roll-up consistency', () => {
  it('the pooled summary is the summary of the answers in the window', () => {
    const answer: fc.Arbitrary<RollupAnswer> = fc.record({
      respondentId: fc.constantFrom('a', 'b', 'c'),
      role: fc.constantFrom('buyer', 'user'),
      answeredAt: fc
        .integer({ min: 0, max: 59 })
        .map((d) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString()),
      value: fc.oneof(fc.integer({ min: 0, max: 10 }), fc.constant(null)),
    });
    fc.assert(
      fc.property(fc.array(answer, { maxLength: 40 }), (answers) => {
        const from = '2026-01-15T00:00:00.000Z';
        const to = '2026-02-15T00:00:00.000Z';
        const r = rollupAccount(answers, { kind: 'nps', mode: 'pooled', from, to });
        const inWindow = answers.filter((a) => a.answeredAt >= from && a.answeredAt < to);
        expect(r.summary).toEqual(
          summarize(
            'nps',
            inWindow.map((a) => a.value),
          ),
        );
        expect(r.answers).toBe(inWindow.length);
        // Per-respondent keeps one answer per person.
        const p = rollupAccount(answers, { kind: 'nps', mode: 'per-respondent', from, to });
        expect(scoredCount(p.summary) + p.summary.skipped).toBe(
          new Set(inWindow.map((a) => a.respondentId)).size,
        );
      }),
    );
  });
});
