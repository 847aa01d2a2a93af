import { CxError } from './cx-error.js';
import { checkBinaryInputs } from './roc-auc.js';

/**
 * Log loss (binary cross-entropy, natural log) of predicted probabilities; lower is better.
 * Probabilities are clipped to [eps, 1 - eps] so a confident miss costs a large finite amount.
 *
 * logLoss = -(1/n) sum [ y_i ln p_i + (1 - y_i) ln(1 - p_i) ]
 *
 * @throws CxError `logLoss/out-of-range` when a probability is outside [0, 1].
 * @example logLoss([0.5, 0.5], [1, 0]) // ln 2 = 0.6931...
 */
export function logLoss(probabilities: ArrayLike<number>, labels: ArrayLike<number>, eps = 1e-15): number {
  checkBinaryInputs('logLoss', probabilities, labels);
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const raw = probabilities[i] as number;
    if (raw < 0 || raw > 1)
      throw new CxError('logLoss/out-of-range', `probability at index ${i} is ${raw}, expected 0..1`);
    const p = Math.min(1 - eps, Math.max(eps, raw));
    sum -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / labels.length;
}
