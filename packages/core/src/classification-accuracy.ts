import { checkBinaryInputs } from './roc-auc.js';

/**
 * Accuracy of probabilities thresholded into a class: the share of rows where
 * (p >= threshold) equals the 0/1 label.
 *
 * accuracy = (1/n) sum [ 1(p_i >= t) = y_i ]
 *
 * @example classificationAccuracy([0.9, 0.6, 0.2], [1, 0, 0]) // 2/3
 */
export function classificationAccuracy(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  threshold = 0.5,
): number {
  checkBinaryInputs('classificationAccuracy', probabilities, labels);
  let hits = 0;
  for (let i = 0; i < labels.length; i++)
    if (((probabilities[i] as number) >= threshold ? 1 : 0) === labels[i]) hits++;
  return hits / labels.length;
}
