import { CxError } from './cx-error.js';

/** Checks scores and 0/1 labels have the same length and are finite; returns the positive count. */
export function checkBinaryInputs(fn: string, scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  if (scores.length !== labels.length)
    throw new CxError(
      `${fn}/length-mismatch`,
      `${scores.length} scores but ${labels.length} labels: one score per label`,
    );
  if (scores.length === 0) throw new CxError(`${fn}/empty`, 'needs at least one scored label');
  let positives = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (y !== 0 && y !== 1)
      throw new CxError(`${fn}/invalid-label`, `label at index ${i} is ${String(y)}, expected 0 or 1`);
    if (!Number.isFinite(scores[i]))
      throw new CxError(
        `${fn}/invalid-score`,
        `score at index ${i} is ${String(scores[i])}, expected a finite number`,
      );
    positives += y;
  }
  return positives;
}

/**
 * Area under the ROC curve: the probability that a random positive scores higher than a random
 * negative, ties counting one half (the Mann-Whitney U statistic over n+ x n-).
 *
 * AUC = (sum of the positives' mid-ranks - n+(n+ + 1)/2) / (n+ n-)
 *
 * @throws CxError `rocAuc/one-class` when all labels are equal (AUC is undefined).
 * @example rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) // 0.75
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const positives = checkBinaryInputs('rocAuc', scores, labels);
  const n = labels.length;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0)
    throw new CxError(
      'rocAuc/one-class',
      `needs both classes, got ${positives} positives and ${negatives} negatives`,
    );
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (scores[a] as number) - (scores[b] as number),
  );
  let rankSum = 0;
  for (let i = 0; i < n;) {
    let j = i;
    const s = scores[order[i] as number] as number;
    while (j + 1 < n && scores[order[j + 1] as number] === s) j++;
    const midRank = (i + j + 2) / 2;
    for (let t = i; t <= j; t++) if (labels[order[t] as number] === 1) rankSum += midRank;
    i = j + 1;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
