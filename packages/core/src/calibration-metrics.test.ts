import { describe, expect, it } from 'vitest';
import { calibrationMetrics } from '@cxkit/core';

const s = (z: number) => 1 / (1 + Math.exp(-z));

describe('calibrationMetrics', () => {
  it('matches the closed form of a two-value example', () => {
    // Predictions sigmoid(-1) and sigmoid(1), observed rates 1/4 and 3/4: the saturated fit gives
    // slope (logit 0.75 - logit 0.25) / 2 = ln 3 and, by symmetry, intercept 0;
    // ECE = (|s(-1) - 0.25| + |s(1) - 0.75|) / 2.
    const p = [s(-1), s(-1), s(-1), s(-1), s(1), s(1), s(1), s(1)];
    const y = [1, 0, 0, 0, 1, 1, 1, 0];
    const m = calibrationMetrics(p, y);
    expect(m.slope).toBeCloseTo(Math.log(3), 6);
    expect(m.intercept).toBeCloseTo(0, 9);
    expect(m.ece).toBeCloseTo((Math.abs(s(-1) - 0.25) + Math.abs(s(1) - 0.75)) / 2, 12);
  });

  it('finds the intercept that makes the mean prediction match the event rate', () => {
    // Every prediction 0.2, observed rate 0.5: a = logit(0.5) - logit(0.2) = ln 4.
    const p = Array.from({ length: 10 }, () => 0.2);
    const y = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0];
    expect(calibrationMetrics(p, y).intercept).toBeCloseTo(Math.log(4), 9);
    expect(calibrationMetrics(p, y).ece).toBeCloseTo(0.3, 12);
  });

  it('says NaN for slope and intercept when the outcomes have one class', () => {
    const m = calibrationMetrics([0.1, 0.2], [0, 0]);
    expect(m.slope).toBeNaN();
    expect(m.ece).toBeCloseTo(0.15, 12);
  });
});
