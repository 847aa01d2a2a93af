import { z } from 'zod';
import { CxError } from './cx-error.js';
import { fitLogisticRegression, logit, sigmoid } from './logistic-regression.js';

/** Platt scaling: calibrated probability = sigmoid(slope x score + intercept), or no calibration. */
export const CalibrationSchema = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('platt'), slope: z.number(), intercept: z.number() }),
  z.strictObject({ method: z.literal('none') }),
]);

/** A probability calibration map. */
export type Calibration = z.infer<typeof CalibrationSchema>;

/**
 * Fits Platt scaling on held-out scores (log-odds from a model that did not see these rows):
 * a one-feature logistic regression of the labels on the scores. Being monotone (slope > 0),
 * it changes probabilities but not the ranking, so AUC is unchanged. The slope is constrained to
 * be >= 0: when the held-out scores carry no signal the map is the base rate (slope 0).
 * @throws CxError `fitPlattScaling/invalid-input` when scores and labels differ in length or have one class.
 * @example fitPlattScaling([-2, -1, 1, 2], [0, 1, 0, 1]) // { method: 'platt', slope > 0, intercept ~ 0 }
 */
export function fitPlattScaling(scores: ArrayLike<number>, labels: ArrayLike<number>): Calibration {
  if (scores.length !== labels.length || scores.length === 0)
    throw new CxError('fitPlattScaling/invalid-input', `${scores.length} scores for ${labels.length} labels`);
  let pos = 0;
  for (let i = 0; i < labels.length; i++) pos += labels[i] as number;
  if (pos === 0 || pos === labels.length)
    throw new CxError('fitPlattScaling/invalid-input', 'held-out labels must contain both classes');
  const fit = fitLogisticRegression(
    { rows: scores.length, cols: 1, data: Float64Array.from(scores) },
    labels,
    {
      lambda: 1e-6,
    },
  );
  const slope = fit.coefficients[0] as number;
  // Held-out scores with no signal can fit a negative slope, which would invert the model's
  // ranking; constrain slope >= 0 and fall back to the base rate.
  if (!(slope > 0)) return { method: 'platt', slope: 0, intercept: logit(pos / labels.length) };
  return { method: 'platt', slope, intercept: fit.intercept };
}

/** Calibrated log-odds of a raw score. */
export function calibratedLogit(calibration: Calibration, score: number): number {
  return calibration.method === 'platt' ? calibration.slope * score + calibration.intercept : score;
}

/** Calibrated probability of a raw score (log-odds). */
export function calibrate(calibration: Calibration, score: number): number {
  return sigmoid(calibratedLogit(calibration, score));
}
