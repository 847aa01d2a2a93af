import { describe, expect, it } from 'vitest';
import { detectAnomalies, detectAnomaly, isCxError, MAD_SCALE, robustBand } from '@cxkit/core';

describe('robustBand', () => {
  it('is the median ± k × 1.4826 × MAD', () => {
    // sorted 29 30 30 31 32 35: median 30.5; |deviations| .5 .5 .5 1.5 1.5 4.5: MAD 1
    const b = robustBand([30, 32, 31, 29, 35, 30]);
    expect(b.median).toBe(30.5);
    expect(b.spread).toBeCloseTo(MAD_SCALE, 12);
    expect(b.lower).toBeCloseTo(30.5 - 3 * MAD_SCALE, 12);
    expect(b.upper).toBeCloseTo(30.5 + 3 * MAD_SCALE, 12);
    expect(robustBand([30, 32, 31, 29, 35, 30], { k: 2 }).upper).toBeCloseTo(30.5 + 2 * MAD_SCALE, 12);
  });

  it('ignores one wild earlier point, unlike a mean ± 3 sd band', () => {
    const history = [40, 41, 39, 40, 42, 38, 40, -90, 41, 39, 40, 40];
    const b = robustBand(history);
    expect(b.median).toBe(40);
    expect(b.upper - b.lower).toBeLessThan(12);
  });

  it('falls back to the mean absolute deviation when more than half the points are equal', () => {
    // MAD is 0; mean |x − 50| = 12 / 6 = 2; spread = 1.2533 × 2
    const b = robustBand([50, 50, 50, 50, 38, 50]);
    expect(b.median).toBe(50);
    expect(b.spread).toBeCloseTo(1.2533 * 2, 12);
  });

  it('rejects empty input and non-finite values, naming the field', () => {
    expect(() => robustBand([])).toThrow(/robustBand\/empty/);
    try {
      robustBand([1, Number.NaN]);
      expect.unreachable();
    } catch (e) {
      expect(isCxError(e, 'robustBand/invalid-value')).toBe(true);
      expect((e as Error).message).toContain('values[1]');
    }
    expect(() => robustBand([1, 2], { k: 0 })).toThrow(/robustBand\/invalid-k/);
  });
});

describe('detectAnomaly', () => {
  const year = [30, 32, 31, 29, 35, 30, 33, 31, 28, 30, 32, 31];

  it('flags a point outside the band and gives its robust z-score', () => {
    const low = detectAnomaly(year, 12);
    expect(low.status).toBe('ok');
    if (low.status !== 'ok') return;
    expect(low.anomalous).toBe(true);
    expect(low.score).toBeLessThan(-3);
    const usual = detectAnomaly(year, 34);
    expect(usual.status === 'ok' && usual.anomalous).toBe(false);
  });

  it('a larger k widens the band', () => {
    const r = detectAnomaly(year, 25, { k: 3 });
    const wide = detectAnomaly(year, 25, { k: 6 });
    expect(r.status === 'ok' && r.anomalous).toBe(true);
    expect(wide.status === 'ok' && wide.anomalous).toBe(false);
  });

  it('needs the minimum history', () => {
    expect(detectAnomaly([30, 31, 32], -50)).toEqual({
      status: 'insufficient-history',
      value: -50,
      n: 3,
      minHistory: 6,
    });
    expect(detectAnomaly([30, 31, 32], -50, { minHistory: 3 }).status).toBe('ok');
    expect(() => detectAnomaly([1, 2], 3, { minHistory: 1 })).toThrow(/detectAnomaly\/invalid-min-history/);
  });

  it('on a flat history any different value is anomalous and the same value is not', () => {
    const flat = [100, 100, 100, 100, 100, 100];
    const r = detectAnomaly(flat, 99);
    expect(r.status === 'ok' && r.anomalous).toBe(true);
    expect(r.status === 'ok' && r.score).toBe(-Infinity);
    const same = detectAnomaly(flat, 100);
    expect(same.status === 'ok' && same.anomalous).toBe(false);
  });
});

describe('detectAnomalies', () => {
  it('judges each point against the trailing window of non-null points and skips gaps', () => {
    const series = [30, 31, 29, 30, 32, 31, 30, null, 5, 30].map((value, i) => ({
      period: `2026-${String(i + 1).padStart(2, '0')}`,
      value,
    }));
    const out = detectAnomalies(series, { window: 12, minHistory: 6 });
    expect(out.map((p) => p.period)).not.toContain('2026-08');
    const flagged = out.filter((p) => p.status === 'ok' && p.anomalous).map((p) => p.period);
    expect(flagged).toEqual(['2026-09']);
    expect(out.slice(0, 6).every((p) => p.status === 'insufficient-history')).toBe(true);
  });

  it('only looks back `window` points', () => {
    // A long history around 0, then a new level around 50: the recent level is normal for a short window only.
    const values = [0, 1, 0, 1, 0, 1, 0, 1, 0, 50, 51, 50, 49, 50];
    const series = values.map((value, i) => ({ period: String(i), value }));
    const short = detectAnomalies(series, { window: 4, minHistory: 3 }).at(-1);
    expect(short?.status === 'ok' && short.anomalous).toBe(false);
    const long = detectAnomalies(series, { window: 12, minHistory: 3 }).at(-1);
    expect(long?.status === 'ok' && long.anomalous).toBe(true);
    expect(() => detectAnomalies(series, { window: 1 })).toThrow(/detectAnomalies\/invalid-window/);
  });
});
