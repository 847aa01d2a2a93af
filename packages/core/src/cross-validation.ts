import { CxError } from './cx-error.js';

/**
 * A seeded pseudo-random generator (mulberry32) returning floats in [0, 1).
 * Model training and fold assignment use it so a run is reproducible from its seed.
 * @example seededRandom(42)() // same value on every platform
 */
export function seededRandom(seed: number): () => number {
  let a = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates shuffle of `items` in place with the given generator. */
function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }
  return items;
}

/**
 * Assigns each row to one of `k` folds so that every fold holds (within one row) the same number
 * of positives and of negatives: positives and negatives are shuffled separately with the seed
 * and dealt round-robin, negatives continuing where positives stopped so fold sizes stay balanced.
 * Returns the fold index (0..k-1) of each row.
 * @throws CxError `stratifiedFolds/invalid-k` when k < 2 or k exceeds the minority class count.
 * @example stratifiedFolds([1, 0, 1, 0], 2, 7) // e.g. [0, 1, 1, 0]: one positive and one negative per fold
 */
export function stratifiedFolds(labels: ArrayLike<number>, k: number, seed: number): Int32Array {
  if (!Number.isInteger(k) || k < 2)
    throw new CxError('stratifiedFolds/invalid-k', `k must be an integer >= 2, got ${k}`);
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < labels.length; i++) (labels[i] === 1 ? pos : neg).push(i);
  const minority = Math.min(pos.length, neg.length);
  if (minority < k)
    throw new CxError(
      'stratifiedFolds/invalid-k',
      `k=${k} folds need at least ${k} rows of each class, the smaller class has ${minority}`,
      { positives: pos.length, negatives: neg.length },
    );
  const random = seededRandom(seed);
  const fold = new Int32Array(labels.length);
  let next = 0;
  for (const group of [shuffle(pos, random), shuffle(neg, random)])
    for (const i of group) {
      fold[i] = next;
      next = (next + 1) % k;
    }
  return fold;
}
