import { CxError } from './cx-error.js';
import { checkBinaryInputs } from './roc-auc.js';

/**
 * Brier score of predicted probabilities: the mean squared difference from the 0/1 outcome.
 * Lower is better; always predicting the base rate p scores p(1 - p).
 *
 * Brier = (1/n) sum (p_i - y_i)^2
 *
 * @throws CxError `brierScore/out-of-range` when a probability is outside [0, 1].
 * @example brierScore([0.9, 0.2], [1, 0]) // 0.025
 */
export function brierScore(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkBinaryInputs('brierScore', probabilities, labels);
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = probabilities[i] as number;
    if (p < 0 || p > 1)
      throw new CxError('brierScore/out-of-range', `probability at index ${i} is ${p}, expected 0..1`);
    sum += (p - (labels[i] as number)) ** 2;
  }
  return sum / labels.length;
}
