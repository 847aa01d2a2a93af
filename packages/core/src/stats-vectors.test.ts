import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  emptySummary,
  npsChange,
  npsStatistics,
  nps,
  waldNpsInterval,
  wilsonInterval,
  type ScoreSummary,
} from '@cxkit/core';

// R reference values (NPS package, prop.test) shipped beside the repository.
interface Counts {
  d: number;
  p: number;
  pr: number;
}
interface Vectors {
  nps: (Counts & {
    nps: number;
    variance: number;
    se: number;
    wald: [number, number];
    adjustedWald?: [number, number];
  })[];
  npsChange: {
    first: Counts;
    second: Counts;
    delta: number;
    se: number;
    interval: [number, number];
    p: number;
  }[];
  wilson: { successes: number; n: number; interval: [number, number] }[];
}
const vectors = JSON.parse(
  readFileSync(new URL('../../../data/stats-vectors.json', import.meta.url), 'utf8'),
) as Vectors;

const TOL = 1e-9;

/** An NPS summary with the given group counts (scores 0, 7 and 10). */
function summaryOf(c: Counts): ScoreSummary {
  const s = emptySummary('nps');
  s.counts[0] = c.d;
  s.counts[7] = c.p;
  s.counts[10] = c.pr;
  return s;
}

describe('R reference vectors', () => {
  it.each(vectors.nps)('NPS, variance, SE and intervals for $d/$p/$pr', (v) => {
    const counts = { detractors: v.d, passives: v.p, promoters: v.pr };
    const st = npsStatistics(counts);
    expect(st).not.toBeNull();
    expect(Math.abs(st!.nps - v.nps)).toBeLessThan(TOL);
    expect(Math.abs(st!.variance - v.variance)).toBeLessThan(TOL);
    expect(Math.abs(st!.se - v.se)).toBeLessThan(TOL);

    const wald = waldNpsInterval(counts);
    expect(Math.abs(wald.lower - v.wald[0])).toBeLessThan(TOL);
    expect(Math.abs(wald.upper - v.wald[1])).toBeLessThan(TOL);

    // The KPI reports points, clips the displayed interval to [-100, 100] and keeps the raw bounds.
    const r = nps(summaryOf(v), { interval: 'wald' });
    expect(r.status).toBe('ok');
    if (r.status !== 'ok') return;
    expect(Math.abs(r.value - 100 * v.nps)).toBeLessThan(100 * TOL);
    expect(Math.abs((r.details.se ?? NaN) - v.se)).toBeLessThan(TOL);
    const lower = r.interval?.raw?.lower ?? r.interval?.lower ?? NaN;
    const upper = r.interval?.raw?.upper ?? r.interval?.upper ?? NaN;
    expect(Math.abs(lower - 100 * v.wald[0])).toBeLessThan(100 * TOL);
    expect(Math.abs(upper - 100 * v.wald[1])).toBeLessThan(100 * TOL);
    expect(r.interval!.upper).toBeLessThanOrEqual(100);
    expect(r.interval!.lower).toBeGreaterThanOrEqual(-100);

    if (v.adjustedWald) {
      const adj = waldNpsInterval(counts, { adjusted: true });
      expect(Math.abs(adj.lower - v.adjustedWald[0])).toBeLessThan(TOL);
      expect(Math.abs(adj.upper - v.adjustedWald[1])).toBeLessThan(TOL);
      const ra = nps(summaryOf(v));
      expect(ra.status === 'ok' && ra.interval?.method).toBe('adjusted-wald');
      expect(
        Math.abs((ra.status === 'ok' ? ra.interval!.lower : NaN) - 100 * v.adjustedWald[0]),
      ).toBeLessThan(100 * TOL);
    }
  });

  it('clips a Wald bound that leaves [-1, 1] for display and keeps it raw', () => {
    const r = nps(summaryOf({ d: 0, p: 2, pr: 8 }), { interval: 'wald' });
    expect(r.status === 'ok' && r.interval).toMatchObject({ upper: 100, raw: { upper: expect.any(Number) } });
    expect(r.status === 'ok' && r.interval!.raw!.upper).toBeGreaterThan(100);
  });

  it.each(vectors.npsChange)('NPS change between two periods', (v) => {
    const r = npsChange(summaryOf(v.first), summaryOf(v.second), { method: 'wald' });
    expect(r.status).toBe('ok');
    if (r.status !== 'ok') return;
    expect(Math.abs(r.delta - 100 * v.delta)).toBeLessThan(100 * TOL);
    expect(Math.abs(r.se - 100 * v.se)).toBeLessThan(100 * TOL);
    expect(Math.abs(r.interval.lower - 100 * v.interval[0])).toBeLessThan(100 * TOL);
    expect(Math.abs(r.interval.upper - 100 * v.interval[1])).toBeLessThan(100 * TOL);
    expect(Math.abs(r.p - v.p)).toBeLessThan(TOL);
    expect(r.significant).toBe(v.p < 0.05);
  });

  it.each(vectors.wilson)('Wilson interval for $successes / $n', (v) => {
    const w = wilsonInterval(v.successes, v.n);
    expect(Math.abs(w.lower - v.interval[0])).toBeLessThan(TOL);
    expect(Math.abs(w.upper - v.interval[1])).toBeLessThan(TOL);
    expect(w.method).toBe('wilson');
  });
});
