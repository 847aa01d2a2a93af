import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  SCORE_CODE,
  addScores,
  emptyHistograms,
  histogramSummaries,
  histogramSummary,
  isCxError,
  summarize,
  type ScoredKind,
} from '@cxkit/core';

type Answer = number | 'cant-recommend' | null;
const toCode = (a: Answer) =>
  a === null ? SCORE_CODE.skipped : a === 'cant-recommend' ? SCORE_CODE.cantRecommend : a;

/** Answers of `kind` on its default scale, each with a group among the first five. */
const answers = (kind: ScoredKind, min: number, max: number) =>
  fc.array(
    fc.record({
      group: fc.integer({ min: 0, max: 4 }),
      value: fc.oneof(
        fc.integer({ min, max }),
        fc.constant(null),
        ...(kind === 'nps' ? [fc.constant('cant-recommend' as const)] : []),
      ),
    }),
    { maxLength: 200 },
  );

describe('score histograms (bulk path)', () => {
  it.each([
    ['nps', 0, 10],
    ['csat', 1, 5],
    ['ces', 1, 7],
  ] as const)(
    'gives per group the summary addToSummary builds from the same %s answers',
    (kind, min, max) => {
      fc.assert(
        fc.property(answers(kind, min, max), fc.integer({ min: 1, max: 3 }), (rows, batches) => {
          const h = emptyHistograms(kind);
          // Added in several batches, as a reader hands them over.
          const size = Math.ceil(rows.length / batches);
          for (let from = 0; from < rows.length; from += size) {
            const part = rows.slice(from, from + size);
            addScores(
              h,
              Int32Array.from(part, (r) => r.group),
              Int16Array.from(part, (r) => toCode(r.value)),
            );
          }
          const groups = rows.length === 0 ? 0 : Math.max(...rows.map((r) => r.group)) + 1;
          expect(h.groups).toBe(groups);
          const expected = Array.from({ length: groups }, (_, g) =>
            summarize(
              kind,
              rows.filter((r) => r.group === g).map((r) => r.value),
            ),
          );
          expect(histogramSummaries(h)).toEqual(expected);
        }),
      );
    },
  );

  it('takes groups in any order and any number, adding storage as they come', () => {
    const h = emptyHistograms('nps');
    const groups = 5000;
    addScores(
      h,
      Int32Array.from({ length: groups }, (_, k) => groups - 1 - k),
      Int16Array.from({ length: groups }, (_, k) => k % 11),
    );
    addScores(h, Int32Array.of(groups), Int16Array.of(9));
    expect(h.groups).toBe(groups + 1);
    expect(h.counts.length).toBeLessThan(4 * groups * h.stride);
    expect(histogramSummary(h, groups - 1).counts[0]).toBe(1);
    expect(histogramSummary(h, groups).counts[9]).toBe(1);
  });

  it('counts can’t-recommend and skipped answers apart from the scores', () => {
    const h = emptyHistograms('nps');
    addScores(h, Uint8Array.of(0, 0, 0, 1), Int8Array.of(9, SCORE_CODE.cantRecommend, SCORE_CODE.skipped, 0));
    expect(histogramSummary(h, 0)).toMatchObject({ cantRecommend: 1, skipped: 1 });
    expect(histogramSummary(h, 0).counts[9]).toBe(1);
    expect(histogramSummary(h, 1).counts[0]).toBe(1);
    expect(histogramSummary(h, 7)).toEqual(summarize('nps', []));
  });

  it('refuses a score off the scale, or can’t-recommend outside NPS, and then adds nothing of the batch', () => {
    const h = emptyHistograms('csat');
    addScores(h, Int32Array.of(0), Int8Array.of(5));
    const bad = (codes: number[]) => {
      try {
        addScores(h, new Int32Array(codes.length), Int8Array.from(codes));
      } catch (error) {
        return isCxError(error) ? error.code : 'other';
      }
      return 'none';
    };
    expect(bad([4, 3, 0])).toBe('addScores/out-of-scale');
    expect(bad([4, 6])).toBe('addScores/out-of-scale');
    expect(bad([4, SCORE_CODE.cantRecommend])).toBe('addScores/cant-recommend-not-nps');
    expect(() => addScores(h, Int32Array.of(-1), Int8Array.of(3))).toThrow(/invalid-group/);
    expect(histogramSummary(h, 0)).toEqual(summarize('csat', [5]));
  });
});
