import { describe, expect, it } from 'vitest';
import {
  isCxError,
  matrixSummary,
  multiChoiceSummary,
  rankingSummary,
  singleChoiceSummary,
  tallyChoices,
  tallyMatrix,
  tallyRanking,
  type KpiResult,
} from '@cxkit/core';

// Expected figures are worked out by hand from the formulas in docs/kpis.md (Wilson: R's
// prop.test(x, n, correct = FALSE); t: qt(0.975, n - 1)), not by calling the code under test.

/** value and interval of an ok result, rounded for comparison. */
const fig = (r: KpiResult) =>
  r.status === 'ok'
    ? { n: r.n, value: r.value, lower: r.interval?.lower ?? null, upper: r.interval?.upper ?? null }
    : { n: r.n, value: null, lower: null, upper: null };

const close = (
  got: ReturnType<typeof fig>,
  want: { n: number; value: number; lower: number; upper: number },
) => {
  expect(got.n).toBe(want.n);
  expect(got.value).toBeCloseTo(want.value, 2);
  expect(got.lower).toBeCloseTo(want.lower, 2);
  expect(got.upper).toBeCloseTo(want.upper, 2);
};

describe('multiChoiceSummary', () => {
  it('gives each option its share of the respondents with a Wilson interval, skips out of n', () => {
    const t = tallyChoices(['a', 'b', 'c'], [['a'], ['a', 'b'], [], null, ['a', 'c']]);
    expect(t).toEqual({ options: ['a', 'b', 'c'], counts: [3, 1, 1], respondents: 4, skipped: 1 });
    const s = multiChoiceSummary(t);
    expect(s).toMatchObject({ kind: 'multi-choice', n: 4, smallSample: true, skipped: 1 });
    expect(s.options.map((o) => [o.id, o.count])).toEqual([
      ['a', 3],
      ['b', 1],
      ['c', 1],
    ]);
    // 3 of 4: Wilson [30.06, 95.44]; 1 of 4: [4.56, 69.94].
    close(fig(s.options[0]!.share), { n: 4, value: 75, lower: 30.06, upper: 95.44 });
    close(fig(s.options[1]!.share), { n: 4, value: 25, lower: 4.56, upper: 69.94 });
  });

  it('reports no share when nobody answered, and refuses a count above the respondents', () => {
    const s = multiChoiceSummary(tallyChoices(['a', 'b'], [null, null]));
    expect(s.n).toBe(0);
    expect(s.options[0]!.share.status).toBe('insufficient-data');
    expect(() =>
      multiChoiceSummary({ options: ['a', 'b'], counts: [3, 0], respondents: 2, skipped: 0 }),
    ).toThrow(expect.objectContaining({ code: 'multiChoiceSummary/exceeds-total' }));
  });

  it('refuses unknown and repeated options when tallying', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isCxError(e) ? e.code : 'other';
      }
      return 'none';
    };
    expect(err(() => tallyChoices(['a', 'b'], [['z']]))).toBe('tallyChoices/unknown-option');
    expect(err(() => tallyChoices(['a', 'b'], [['a', 'a']]))).toBe('tallyChoices/duplicate-option');
  });
});

describe('singleChoiceSummary', () => {
  it('counts each option; shares add up to 100 %', () => {
    const s = singleChoiceSummary(tallyChoices(['x', 'y'], ['x', 'y', 'x', 'x', 'y', null]));
    expect(s.options.map((o) => o.count)).toEqual([3, 2]);
    // 3 of 5: Wilson [23.07, 88.24].
    close(fig(s.options[0]!.share), { n: 5, value: 60, lower: 23.07, upper: 88.24 });
    expect(() =>
      singleChoiceSummary({ options: ['x', 'y'], counts: [2, 2], respondents: 3, skipped: 0 }),
    ).toThrow(expect.objectContaining({ code: 'singleChoiceSummary/exceeds-total' }));
  });
});

describe('rankingSummary', () => {
  const t = tallyRanking(
    ['a', 'b', 'c'],
    [['a', 'b', 'c'], ['a', 'c', 'b'], ['b', 'a', 'c'], ['c', 'a', 'b'], null],
  );

  it('tallies ranks per option', () => {
    expect(t.positions).toEqual([
      [2, 2, 0],
      [1, 1, 2],
      [1, 1, 2],
    ]);
    expect([t.respondents, t.skipped]).toEqual([4, 1]);
  });

  it('gives mean rank with a t interval, share ranked first and Borda score', () => {
    const s = rankingSummary(t);
    expect(s).toMatchObject({ kind: 'ranking', n: 4, skipped: 1, smallSample: true });
    // a: ranks 1, 1, 2, 2: mean 1.5, sd 0.5774, half-width 3.1824 × 0.2887 = 0.9187, clipped to 1 below.
    const a = s.options[0]!;
    close(fig(a.meanRank), { n: 4, value: 1.5, lower: 1, upper: 2.4187 });
    expect(a.meanRank.status === 'ok' && a.meanRank.interval?.raw?.lower).toBeCloseTo(0.5813, 3);
    // b: ranks 2, 3, 1, 3: mean 2.25, sd 0.9574, half-width 1.5235 -> [0.73, 3.77] clipped to [1, 3].
    close(fig(s.options[1]!.meanRank), { n: 4, value: 2.25, lower: 1, upper: 3 });
    // First places: a 2 of 4 (Wilson [15.00, 85.00]), b 1, c 1.
    close(fig(a.first), { n: 4, value: 50, lower: 15.0, upper: 85.0 });
    // Borda Σ(3 − rank): a 2+2+1+1 = 6, b 1+0+2+0 = 3, c 0+1+0+2 = 3.
    expect(s.options.map((o) => o.borda)).toEqual([6, 3, 3]);
  });

  it('refuses an answer that is not a permutation, and a tally whose columns do not add up', () => {
    expect(() => tallyRanking(['a', 'b', 'c'], [['a', 'b']])).toThrow(
      expect.objectContaining({ code: 'tallyRanking/not-a-permutation' }),
    );
    expect(() => tallyRanking(['a', 'b'], [['a', 'a']])).toThrow(
      expect.objectContaining({ code: 'tallyRanking/not-a-permutation' }),
    );
    expect(() =>
      rankingSummary({
        options: ['a', 'b'],
        positions: [
          [1, 0],
          [1, 0],
        ],
        respondents: 1,
        skipped: 0,
      }),
    ).toThrow(expect.objectContaining({ code: 'rankingSummary/not-a-permutation' }));
  });

  it('has no mean rank without rankings', () => {
    const s = rankingSummary(tallyRanking(['a', 'b'], [null]));
    expect(s.options[0]!.meanRank.status).toBe('insufficient-data');
    expect(s.options[0]!.borda).toBe(0);
  });
});

describe('matrixSummary', () => {
  const scale = { min: 1, max: 5, polarity: 'higher-is-better' as const };

  it('gives each item its n, mean with a t interval and top-box share (4-5 on 1-5)', () => {
    const x = [4, 5, 4, 3, 5, 4];
    const answers: (Record<string, number> | null)[] = [
      ...x.map((v, i): Record<string, number> => (i < 2 ? { x: v, y: 3 } : { x: v })),
      null,
    ];
    const s = matrixSummary(tallyMatrix(['x', 'y'], scale, answers));
    expect(s).toMatchObject({ kind: 'matrix', n: 6, skipped: 1, topBoxFrom: 4 });
    // x: mean 25/6 = 4.1667, sd 0.7528, half-width 2.5706 × 0.3073 = 0.7900 -> [3.3767, 4.9566].
    const [ix, iy] = s.items;
    expect(ix!.n).toBe(6);
    close(fig(ix!.mean), { n: 6, value: 4.1667, lower: 3.3767, upper: 4.9566 });
    // 5 of 6 in 4-5: Wilson [43.65, 96.99].
    close(fig(ix!.topBox), { n: 6, value: 83.33, lower: 43.65, upper: 96.99 });
    // y rated by 2 only (an optional matrix may be answered in part): mean 3, top box 0 of 2.
    expect(iy!.n).toBe(2);
    expect(iy!.mean.value).toBe(3);
    expect(iy!.topBox.value).toBe(0);
  });

  it('reverses a higher-is-worse scale like meanScore, with its top box at the low end', () => {
    const s = matrixSummary(
      tallyMatrix(['x', 'y'], { min: 1, max: 5, polarity: 'higher-is-worse' }, [
        { x: 1 },
        { x: 2 },
        { x: 5 },
      ]),
    );
    // Reversed: 5, 4, 1 -> mean 10/3; top box is 1-2 (2 of 3).
    expect(s.topBoxFrom).toBe(2);
    expect(s.items[0]!.mean.value).toBeCloseTo(10 / 3, 10);
    expect(s.items[0]!.topBox.value).toBeCloseTo(200 / 3, 10);
    expect(s.items[1]!.mean.status).toBe('insufficient-data');
  });

  it('refuses unknown items and ratings off the scale when tallying', () => {
    expect(() => tallyMatrix(['x', 'y'], scale, [{ z: 3 }])).toThrow(
      expect.objectContaining({ code: 'tallyMatrix/unknown-item' }),
    );
    expect(() => tallyMatrix(['x', 'y'], scale, [{ x: 0 }])).toThrow(
      expect.objectContaining({ code: 'tallyMatrix/out-of-scale' }),
    );
  });
});
