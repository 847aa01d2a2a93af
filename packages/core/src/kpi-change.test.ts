import { describe, expect, it } from 'vitest';
import {
  csatChange,
  meanChange,
  npsChange,
  summarize,
  twoProportionTest,
  twoSidedTP,
  type Scale,
} from '@cxkit/core';

const repeat = (score: number, times: number) => new Array<number>(times).fill(score);

describe('npsChange', () => {
  it('flags a significant rise and gives the delta in points (b − a)', () => {
    const a = summarize('nps', [...repeat(0, 20), ...repeat(7, 30), ...repeat(10, 50)]);
    const b = summarize('nps', [...repeat(0, 10), ...repeat(7, 20), ...repeat(10, 70)]);
    const r = npsChange(a, b);
    expect(r.status).toBe('ok');
    if (r.status !== 'ok') return;
    expect(r.delta).toBeCloseTo(30, 9);
    expect(r.significant).toBe(true);
    const back = npsChange(b, a);
    expect(back.status === 'ok' && back.delta).toBeCloseTo(-30, 9);
    expect(back.status === 'ok' && back.p).toBeCloseTo(r.p, 12);
  });

  it('does not flag a small change on a few answers', () => {
    const r = npsChange(summarize('nps', [9, 6, 8]), summarize('nps', [9, 9, 6]));
    expect(r.status === 'ok' && r.significant).toBe(false);
  });

  it('is insufficient only when a period has no scored answer', () => {
    expect(npsChange(summarize('nps', ['cant-recommend']), summarize('nps', [9]))).toMatchObject({
      status: 'insufficient-data',
      delta: null,
    });
    expect(npsChange(summarize('nps', [10, 10]), summarize('nps', [9]))).toMatchObject({
      status: 'ok',
      delta: 0,
      p: 1,
    });
  });
});

describe('csatChange', () => {
  it('tests top-box CSAT, delta in points of percent, p near the two-proportion z test and agreeing with the interval', () => {
    const a = summarize('csat', [...repeat(5, 40), ...repeat(2, 10)]);
    const b = summarize('csat', [...repeat(4, 30), ...repeat(1, 20)]);
    const r = csatChange(a, b);
    expect(r.status).toBe('ok');
    if (r.status !== 'ok') return;
    const t = twoProportionTest(40, 50, 30, 50);
    expect(r.delta).toBeCloseTo(-20, 12);
    // 40/50 against 30/50: the z test gives p = 0.029; the inverted Newcombe interval lands close to it.
    expect(r.p).toBeGreaterThan(0.02);
    expect(r.p).toBeLessThan(0.04);
    expect(r.se).toBeCloseTo(100 * t.se, 12);
    expect(r.significant).toBe(true);
    expect(r.interval.upper).toBeLessThan(0);
  });

  it("gives Newcombe's hybrid score interval (his 1998 example: 56/70 against 48/80, 5.24 to 33.39)", () => {
    const a = summarize('csat', [...repeat(5, 48), ...repeat(2, 32)]);
    const b = summarize('csat', [...repeat(5, 56), ...repeat(2, 14)]);
    const r = csatChange(a, b);
    if (r.status !== 'ok') throw new Error('expected a change');
    expect(r.delta).toBeCloseTo(20, 10);
    expect(r.interval.method).toBe('newcombe');
    expect(r.interval.lower).toBeCloseTo(5.243, 3);
    expect(r.interval.upper).toBeCloseTo(33.387, 3);
  });

  it('sees no change when everybody is satisfied in both periods, yet keeps an honest interval', () => {
    const r = csatChange(summarize('csat', [5, 4]), summarize('csat', [5, 5, 4]));
    expect(r).toMatchObject({ status: 'ok', delta: 0, p: 1, significant: false });
    // Two and three answers cannot exclude a large drop: the interval is wide, not the point 0.
    if (r.status !== 'ok') throw new Error('expected a change');
    expect(r.interval.lower).toBeLessThan(-40);
    expect(r.interval.upper).toBeGreaterThan(0);
  });

  it('is insufficient when a period has no answers', () => {
    expect(csatChange(summarize('csat', []), summarize('csat', [5]))).toMatchObject({
      status: 'insufficient-data',
    });
  });
});

describe('meanChange', () => {
  it("is Welch's t test on normalised scores", () => {
    const r = meanChange(summarize('ces', [4, 5, 5, 4]), summarize('ces', [6, 7, 6, 7]));
    expect(r.status).toBe('ok');
    if (r.status !== 'ok') return;
    // Equal variances 1/3 and n = 4: se = sqrt(1/6), Welch df = 6.
    expect(r.delta).toBe(2);
    expect(r.se).toBeCloseTo(Math.sqrt(1 / 6), 12);
    expect(r.p).toBeCloseTo(twoSidedTP(2 / Math.sqrt(1 / 6), 6), 12);
    expect(r.significant).toBe(true);
  });

  it('measures an improvement as positive on a higher-is-worse scale', () => {
    const effort: Scale = { min: 1, max: 10, polarity: 'higher-is-worse' };
    const r = meanChange(summarize('ces', [8, 9, 7, 8], effort), summarize('ces', [3, 2, 4, 3], effort));
    expect(r.status === 'ok' && r.delta).toBe(5);
  });

  it('refuses summaries on different scales', () => {
    expect(() =>
      meanChange(
        summarize('ces', [4]),
        summarize('ces', [4], { min: 1, max: 5, polarity: 'higher-is-better' }),
      ),
    ).toThrowError(/meanChange\/scale-mismatch/);
  });
});
