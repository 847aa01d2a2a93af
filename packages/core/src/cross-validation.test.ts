import { describe, expect, it } from 'vitest';
import { seededRandom, stratifiedFolds } from '@cxkit/core';

const labels = Array.from({ length: 103 }, (_, i) => (i % 4 === 0 ? 1 : 0)); // 26 positives, 77 negatives

describe('seededRandom', () => {
  it('repeats its sequence for a seed and differs across seeds', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const sa = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(sa);
    for (const v of sa) expect(v >= 0 && v < 1).toBe(true);
  });
});

describe('stratifiedFolds', () => {
  it('balances positives and negatives across folds within one row', () => {
    const fold = stratifiedFolds(labels, 5, 7);
    const pos = [0, 0, 0, 0, 0];
    const size = [0, 0, 0, 0, 0];
    fold.forEach((f, i) => {
      size[f]! += 1;
      pos[f]! += labels[i]!;
    });
    expect(Math.max(...pos) - Math.min(...pos)).toBeLessThanOrEqual(1);
    expect(Math.max(...size) - Math.min(...size)).toBeLessThanOrEqual(1);
    expect(pos.reduce((a, b) => a + b)).toBe(26);
  });

  it('is deterministic for a seed and shuffles differently for another', () => {
    expect(stratifiedFolds(labels, 5, 7)).toEqual(stratifiedFolds(labels, 5, 7));
    expect(stratifiedFolds(labels, 5, 8)).not.toEqual(stratifiedFolds(labels, 5, 7));
  });

  it('refuses more folds than the smaller class has rows', () => {
    expect(() => stratifiedFolds([1, 1, 0, 0, 0], 3, 1)).toThrow(
      expect.objectContaining({ code: 'stratifiedFolds/invalid-k' }),
    );
    expect(() => stratifiedFolds(labels, 1, 1)).toThrow(
      expect.objectContaining({ code: 'stratifiedFolds/invalid-k' }),
    );
  });
});
