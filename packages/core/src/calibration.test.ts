import { describe, expect, it } from 'vitest';
import { calibrate, fitPlattScaling, rocAuc, seededRandom, sigmoid } from '@cxkit/core';

describe('fitPlattScaling', () => {
  it('recovers the mapping of over-confident scores and keeps the ranking', () => {
    // true probability sigmoid(0.5 s - 1): a model whose log-odds are twice too large and shifted
    const random = seededRandom(3);
    const scores: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 20000; i++) {
      const s = (random() - 0.5) * 8;
      scores.push(s);
      labels.push(random() < sigmoid(0.5 * s - 1) ? 1 : 0);
    }
    const cal = fitPlattScaling(scores, labels);
    if (cal.method !== 'platt') throw new Error('expected platt');
    expect(cal.slope).toBeCloseTo(0.5, 1);
    expect(cal.intercept).toBeCloseTo(-1, 1);
    const calibrated = scores.map((s) => calibrate(cal, s));
    expect(rocAuc(calibrated, labels)).toBeCloseTo(rocAuc(scores, labels), 12);
  });

  it('never inverts the ranking: scores without signal map to the base rate', () => {
    // the higher the score, the less likely the event: a negative slope would fit best
    const cal = fitPlattScaling([1, 2, 3, 4], [1, 1, 0, 1]);
    expect(cal).toEqual({ method: 'platt', slope: 0, intercept: expect.closeTo(Math.log(3), 12) });
  });

  it('needs both classes', () => {
    expect(() => fitPlattScaling([1, 2], [1, 1])).toThrow(
      expect.objectContaining({ code: 'fitPlattScaling/invalid-input' }),
    );
  });
});
