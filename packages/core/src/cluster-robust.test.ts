import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clusterRobustCsat,
  clusterRobustMean,
  clusterRobustNps,
  nps,
  summarize,
  tCritical,
  mergeSummaries,
  rollupAccount,
  rolledUpNps,
} from '@cxkit/core';

const repeat = (score: number, times: number) => new Array<number>(times).fill(score);

describe('cluster-robust pooled KPIs', () => {
  it('widens a portfolio NPS whose accounts each answer as one (5 all promoters, 5 all detractors, 10 answers each)', () => {
    const accounts = [
      ...Array.from({ length: 5 }, () => summarize('nps', repeat(10, 10))),
      ...Array.from({ length: 5 }, () => summarize('nps', repeat(2, 10))),
    ];
    const r = clusterRobustNps(accounts);
    if (r.status !== 'ok' || !r.interval) throw new Error('expected an interval');
    expect(r.value).toBe(0);
    expect(r.n).toBe(100);
    // By hand: R = 0, residuals ±10, var = 10/9 × 1000 / 100² = 1/9, se = 33.3 points; t(9).
    expect(r.details.clusterSe).toBeCloseTo(100 / 3, 9);
    expect(r.interval.upper).toBeCloseTo((100 / 3) * tCritical(9, 0.95), 9);
    expect(r.interval.lower).toBeCloseTo(-(100 / 3) * tCritical(9, 0.95), 9);
    expect(r.interval.method).toBe('cluster-robust');
    // As if independent: var 1 per answer, se 10 points: a design effect of 100/9.
    expect(r.details.designEffect).toBeCloseTo(100 / 9, 9);
    expect(r.details.clusters).toBe(10);
    // The naive interval is some four times narrower.
    const naive = nps(mergeSummaries(accounts));
    expect(naive.status === 'ok' && naive.interval!.upper).toBeLessThan(25);
  });

  it('one answer per cluster is the independent case: se² = s²/n with the n − 1 variance, design effect n/(n − 1)', () => {
    const scores = [10, 10, 9, 7, 3, 0, 8, 10];
    const r = clusterRobustNps(scores.map((s) => summarize('nps', [s])));
    if (r.status !== 'ok') throw new Error('expected a value');
    // x = 1, 1, 1, 0, −1, −1, 0, 1: R = 0.25, Σ(x − R)² = 5.5, s² = 5.5/7.
    expect(r.value).toBe(25);
    expect(r.details.clusterSe).toBeCloseTo(100 * Math.sqrt(5.5 / 7 / 8), 9);
    expect(r.details.designEffect).toBeCloseTo(8 / 7, 9);
  });

  it('CSAT and means, by account or by respondent', () => {
    const c = clusterRobustCsat([
      summarize('csat', [5, 5, 5, 5]),
      summarize('csat', [4, 5, 4, 5]),
      summarize('csat', [1, 1, 2, 1]),
      summarize('csat', [2, 1, 1, 1]),
    ]);
    if (c.status !== 'ok' || !c.interval) throw new Error('expected an interval');
    // R = 0.5, residuals ±2, var = 4/3 × 16 / 16² = 1/12: se 28.9 points.
    expect(c.value).toBe(50);
    expect(c.details.clusterSe).toBeCloseTo(100 * Math.sqrt(1 / 12), 9);
    expect(c.interval).toMatchObject({ lower: 0, upper: 100 });
    const m = clusterRobustMean([
      summarize('ces', [7, 7]),
      summarize('ces', [1, 1]),
      summarize('ces', [4, 4]),
    ]);
    if (m.status !== 'ok') throw new Error('expected a value');
    // R = 4, residuals 6, −6, 0: var = 3/2 × 72 / 36 = 3, se √3.
    expect(m.value).toBe(4);
    expect(m.details.clusterSe).toBeCloseTo(Math.sqrt(3), 9);
    expect(() => clusterRobustNps([])).toThrow(/clusterRobustNps\/no-clusters/);
    expect(() => clusterRobustNps([summarize('csat', [5])])).toThrow(/clusters\[0\]/);
  });

  it('is never narrower than the independent interval and always holds the estimate (property)', () => {
    const cluster = fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 0, maxLength: 8 });
    fc.assert(
      fc.property(fc.array(cluster, { minLength: 1, maxLength: 8 }), (lists) => {
        const r = clusterRobustNps(lists.map((l) => summarize('nps', l)));
        if (r.status !== 'ok' || !r.interval) return;
        expect(r.interval.lower).toBeLessThanOrEqual(r.value);
        expect(r.interval.upper).toBeGreaterThanOrEqual(r.value);
        const base = r.details.independentInterval!;
        expect(r.interval.lower).toBeLessThanOrEqual(base.lower + 1e-9);
        expect(r.interval.upper).toBeGreaterThanOrEqual(base.upper - 1e-9);
      }),
    );
  });

  it("an account's pooled roll-up clusters by respondent when people answered more than once; the others keep theirs", () => {
    // One enthusiastic user answered 10 five times; three others answered once (6, 3, 8).
    const answers = [
      ...[1, 2, 3, 4, 5].map((d) => ({
        respondentId: 'fan',
        answeredAt: `2026-0${d}-01T00:00:00Z`,
        value: 10,
      })),
      { respondentId: 'a', answeredAt: '2026-02-01T00:00:00Z', value: 6 },
      { respondentId: 'b', answeredAt: '2026-03-01T00:00:00Z', value: 3 },
      { respondentId: 'c', answeredAt: '2026-04-01T00:00:00Z', value: 8 },
    ];
    const pooled = rolledUpNps(rollupAccount(answers, { kind: 'nps', mode: 'pooled' }));
    if (pooled.status !== 'ok' || !pooled.interval) throw new Error('expected an interval');
    expect(pooled.n).toBe(8);
    expect(pooled.interval.method).toBe('cluster-robust');
    expect((pooled.details as { clusters?: number }).clusters).toBe(4);
    // By hand: y = 5, −1, −1, 0 over n = 5, 1, 1, 1; R = 3/8; residuals 3.125, −1.375, −1.375, −0.375;
    // Σe² = 13.6875; var = 4/3 × 13.6875 / 64; se in points.
    const se = 100 * Math.sqrt(((4 / 3) * 13.6875) / 64);
    expect((pooled.details as { clusterSe?: number }).clusterSe).toBeCloseTo(se, 9);
    const perRespondent = rolledUpNps(rollupAccount(answers, { kind: 'nps', mode: 'per-respondent' }));
    expect(perRespondent.status === 'ok' && perRespondent.interval?.method).toBe('adjusted-wald');
  });
});
