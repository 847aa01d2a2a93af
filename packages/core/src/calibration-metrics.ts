import { fitLogisticRegression, logit, sigmoid } from './logistic-regression.js';

/** How well predicted probabilities match what happened. */
export interface CalibrationMetrics {
  /**
   * Calibration slope: b of the logistic regression y ~ a + b logit(p). 1 is ideal; below 1 the
   * probabilities are too extreme (overfitting), above 1 squeezed towards the base rate.
   */
  slope: number;
  /**
   * Calibration in the large: a of y ~ a + offset(logit p). 0 is ideal; positive means the
   * probabilities are too low on average.
   */
  intercept: number;
  /** Expected calibration error: sum over equal-width probability bins of (n_b / n) |mean p_b - mean y_b|. */
  ece: number;
  /** Bins of the ECE. */
  bins: number;
}

// logit(0) and logit(1) are infinite; a probability printed as 0 still ranks below 1e-12.
const clampP = (p: number) => Math.min(1 - 1e-12, Math.max(1e-12, p));

/**
 * Calibration slope, calibration-in-the-large intercept and expected calibration error of
 * probabilities `p` against 0/1 outcomes `y` (held-out ones: on training rows they flatter).
 * Slope and intercept are NaN when `y` has one class (nothing to regress on).
 * @example calibrationMetrics([0.27, 0.27, 0.27, 0.27, 0.73, 0.73, 0.73, 0.73], [1, 0, 0, 0, 1, 1, 1, 0]).slope // ln 3 = 1.0986
 */
export function calibrationMetrics(
  p: ArrayLike<number>,
  y: ArrayLike<number>,
  options: { bins?: number } = {},
): CalibrationMetrics {
  const n = p.length;
  const bins = options.bins ?? 10;
  const count = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  let events = 0;
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const pi = clampP(p[i] as number);
    const b = Math.min(bins - 1, Math.floor((p[i] as number) * bins));
    count[b] = (count[b] as number) + 1;
    sumP[b] = (sumP[b] as number) + (p[i] as number);
    sumY[b] = (sumY[b] as number) + (y[i] as number);
    events += y[i] as number;
    z[i] = logit(pi);
  }
  let ece = 0;
  for (let b = 0; b < bins; b++)
    if ((count[b] as number) > 0) ece += Math.abs((sumP[b] as number) - (sumY[b] as number)) / n;
  if (events === 0 || events === n) return { slope: Number.NaN, intercept: Number.NaN, ece, bins };
  const fit = fitLogisticRegression({ rows: n, cols: 1, data: z }, y, { lambda: 0 });
  // Newton on a alone, with logit(p) as an offset: sum_i y_i - sigmoid(a + z_i) = 0.
  let a = 0;
  for (let it = 0; it < 50; it++) {
    let g = 0;
    let h = 0;
    for (let i = 0; i < n; i++) {
      const q = sigmoid(a + (z[i] as number));
      g += (y[i] as number) - q;
      h += q * (1 - q);
    }
    const step = g / h;
    a += step;
    if (Math.abs(step) < 1e-12) break;
  }
  return { slope: fit.coefficients[0] as number, intercept: a, ece, bins };
}
