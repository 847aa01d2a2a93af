import { describe, expect, it } from 'vitest';
import { compareWithTarget, csatChange, npsChange, nps, summarize, trend } from '@cxkit/core';

const repeat = (score: number, times: number) => new Array<number>(times).fill(score);

describe('trend', () => {
  const byMonth = new Map([
    ['2026-01', summarize('nps', [...repeat(10, 40), ...repeat(3, 40), ...repeat(8, 20)])],
    ['2026-02', summarize('nps', [...repeat(10, 42), ...repeat(3, 38), ...repeat(8, 20)])],
    // March: nobody answered.
    ['2026-04', summarize('nps', [...repeat(10, 70), ...repeat(3, 10), ...repeat(8, 20)])],
  ]);

  it('shows every month, empty ones as insufficient data', () => {
    const t = trend(byMonth, { kpi: 'nps' });
    expect(t.map((p) => p.period)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04']);
    expect(t[2]!.result).toMatchObject({ status: 'insufficient-data', n: 0, value: null });
    expect(trend(byMonth, { kpi: 'nps', fillGaps: false })).toHaveLength(3);
  });

  it('flags only the significant change, measured against the last month with data', () => {
    const t = trend(byMonth, { kpi: 'nps' });
    expect(t.map((p) => p.significantChange)).toEqual([false, false, false, true]);
    expect(t[3]!.comparedWith).toBe('2026-02');
    const direct = npsChange(byMonth.get('2026-02')!, byMonth.get('2026-04')!);
    expect(t[3]!.change).toEqual(direct);
  });

  it('compares each period with a target', () => {
    const t = trend(byMonth, { kpi: 'nps', target: 30 });
    expect(t[0]!.target).toMatchObject({
      status: 'ok',
      gap: -30,
      met: false,
      verdict: 'significantly-below',
    });
    expect(t[2]!.target).toMatchObject({ status: 'insufficient-data' });
    expect(t[3]!.target).toMatchObject({ gap: 30, met: true, verdict: 'significantly-above' });
  });

  it('follows CSAT with the two-proportion test', () => {
    const q = {
      '2026-Q1': summarize('csat', [...repeat(5, 40), ...repeat(2, 10)]),
      '2026-Q2': summarize('csat', [...repeat(4, 30), ...repeat(1, 20)]),
    };
    const t = trend(q, { kpi: 'csat', alpha: 0.01 });
    const c = csatChange(q['2026-Q1'], q['2026-Q2']);
    expect(t[1]!.change).toEqual(c);
    expect(t[1]!.significantChange).toBe(c.status === 'ok' && c.p < 0.01);
  });

  it('rejects an alpha outside (0, 1)', () => {
    expect(() => trend(byMonth, { kpi: 'nps', alpha: 0 })).toThrowError(/trend\/invalid-alpha/);
  });
});

describe('compareWithTarget', () => {
  it('does not call a small miss on few answers a failure', () => {
    const c = compareWithTarget(nps(summarize('nps', [10, 9, 3, 8, 7])), 25);
    expect(c).toMatchObject({
      status: 'ok',
      gap: -5,
      met: false,
      intervalExcludesTarget: false,
      verdict: 'not-distinguishable',
    });
  });

  it('supports lower-is-better KPIs and results without an interval', () => {
    const noInterval = { status: 'ok' as const, n: 3, value: 12, smallSample: true, details: {} };
    expect(compareWithTarget(noInterval, 15, { higherIsBetter: false })).toMatchObject({
      met: true,
      verdict: 'no-interval',
      intervalExcludesTarget: null,
    });
  });
});
