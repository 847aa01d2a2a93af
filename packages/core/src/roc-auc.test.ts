import { describe, expect, it } from 'vitest';
import { brierScore, classificationAccuracy, isCxError, logLoss, rocAuc } from '@cxkit/core';

describe('rocAuc', () => {
  it('counts the share of positive-negative pairs ranked correctly', () => {
    // pairs (pos, neg): (0.35, 0.1) ok, (0.35, 0.4) wrong, (0.8, 0.1) ok, (0.8, 0.4) ok -> 3/4
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 12);
  });

  it('counts ties as one half', () => {
    // pairs: (0.5 vs 0.5) tie = 0.5, (0.5 vs 0.2) = 1, (0.9 vs 0.5) = 1, (0.9 vs 0.2) = 1 -> 3.5/4
    expect(rocAuc([0.5, 0.9, 0.5, 0.2], [1, 1, 0, 0])).toBeCloseTo(0.875, 12);
    expect(rocAuc([1, 1, 1, 1], [1, 0, 1, 0])).toBe(0.5);
  });

  it('is 1 for a perfect ranking and 0 for a reversed one', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
  });

  it('rejects one-class, mismatched and non-binary input with a code', () => {
    expect(() => rocAuc([0.1, 0.2], [1, 1])).toThrow(expect.objectContaining({ code: 'rocAuc/one-class' }));
    expect(() => rocAuc([0.1], [1, 0])).toThrow(expect.objectContaining({ code: 'rocAuc/length-mismatch' }));
    try {
      rocAuc([0.1, 0.2], [2, 0]);
      expect.unreachable();
    } catch (e) {
      expect(isCxError(e, 'rocAuc/invalid-label')).toBe(true);
    }
  });
});

describe('brierScore', () => {
  it('is the mean squared error of the probabilities', () => {
    // ((0.9-1)^2 + (0.2-0)^2) / 2 = (0.01 + 0.04) / 2
    expect(brierScore([0.9, 0.2], [1, 0])).toBeCloseTo(0.025, 12);
    // the base rate forecast scores p(1-p)
    expect(brierScore([0.25, 0.25, 0.25, 0.25], [1, 0, 0, 0])).toBeCloseTo(0.25 * 0.75, 12);
  });

  it('rejects probabilities outside 0..1', () => {
    expect(() => brierScore([1.2], [1])).toThrow(
      expect.objectContaining({ code: 'brierScore/out-of-range' }),
    );
  });
});

describe('logLoss', () => {
  it('is the mean negative log-likelihood in nats', () => {
    expect(logLoss([0.5, 0.5], [1, 0])).toBeCloseTo(Math.LN2, 12);
    // -(ln 0.8 + ln 0.9) / 2
    expect(logLoss([0.8, 0.1], [1, 0])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.9)) / 2, 12);
  });

  it('stays finite for a confident miss', () => {
    const v = logLoss([0], [1]);
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeCloseTo(-Math.log(1e-15), 6);
  });
});

describe('classificationAccuracy', () => {
  it('thresholds at 0.5 by default', () => {
    expect(classificationAccuracy([0.9, 0.6, 0.2, 0.5], [1, 0, 0, 1])).toBeCloseTo(3 / 4, 12);
    expect(classificationAccuracy([0.9, 0.6, 0.2], [1, 0, 0], 0.7)).toBe(1);
  });
});
