import { describe, expect, it } from 'vitest';
import { fitLogisticRegression, linearPredictor, logit, sigmoid, type DesignMatrix } from '@cxkit/core';

/** A 2x2 table: x = 0 has 3 positives of 10, x = 1 has 6 of 8. */
function table(): { x: DesignMatrix; y: number[] } {
  const xs: number[] = [];
  const y: number[] = [];
  const add = (x: number, pos: number, n: number) => {
    for (let i = 0; i < n; i++) {
      xs.push(x);
      y.push(i < pos ? 1 : 0);
    }
  };
  add(0, 3, 10);
  add(1, 6, 8);
  return { x: { rows: xs.length, cols: 1, data: Float64Array.from(xs) }, y };
}

describe('fitLogisticRegression', () => {
  it('recovers the saturated 2x2 solution without a penalty', () => {
    const { x, y } = table();
    const fit = fitLogisticRegression(x, y, { lambda: 0 });
    // MLE: intercept = logit(3/10), slope = logit(6/8) - logit(3/10)
    expect(fit.converged).toBe(true);
    expect(fit.intercept).toBeCloseTo(logit(0.3), 8);
    expect(fit.coefficients[0]).toBeCloseTo(logit(0.75) - logit(0.3), 8);
  });

  it('shrinks coefficients towards 0 as lambda grows and solves the penalised score equation', () => {
    const { x, y } = table();
    const free = fitLogisticRegression(x, y, { lambda: 0 }).coefficients[0]!;
    const fit = fitLogisticRegression(x, y, { lambda: 5 });
    const shrunk = fit.coefficients[0]!;
    expect(shrunk).toBeGreaterThan(0);
    expect(shrunk).toBeLessThan(free);
    // gradient of the penalised objective is zero: sum x (p - y) + lambda beta = 0
    const eta = linearPredictor(x, fit);
    let g = 0;
    for (let i = 0; i < x.rows; i++) g += x.data[i]! * (sigmoid(eta[i]!) - y[i]!);
    expect(g + 5 * shrunk).toBeCloseTo(0, 8);
  });

  it('stays finite on separable data thanks to the penalty', () => {
    const x = { rows: 4, cols: 1, data: Float64Array.of(-2, -1, 1, 2) };
    const fit = fitLogisticRegression(x, [0, 0, 1, 1], { lambda: 1 });
    expect(Number.isFinite(fit.coefficients[0]!)).toBe(true);
    expect(fit.coefficients[0]!).toBeGreaterThan(0);
  });

  it('rejects labels other than 0/1 and shape mismatches', () => {
    const x = { rows: 2, cols: 1, data: Float64Array.of(0, 1) };
    expect(() => fitLogisticRegression(x, [0, 2])).toThrow(
      expect.objectContaining({ code: 'fitLogisticRegression/invalid-input' }),
    );
    expect(() => fitLogisticRegression(x, [0])).toThrow(
      expect.objectContaining({ code: 'fitLogisticRegression/invalid-input' }),
    );
  });
});
