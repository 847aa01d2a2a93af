import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addToSummary,
  emptySummary,
  isCxError,
  mergeSummaries,
  scoredCount,
  summarize,
  type ScoreSummary,
} from '@cxkit/core';

const npsValue = fc.oneof(
  fc.integer({ min: 0, max: 10 }),
  fc.constant('cant-recommend' as const),
  fc.constant(null),
);
const npsSummary = fc.array(npsValue, { maxLength: 60 }).map((vs) => summarize('nps', vs));

describe('score summaries', () => {
  it("count scores, can't-recommend and skipped answers separately", () => {
    const s = summarize('nps', [10, 9, 9, 3, 'cant-recommend', null]);
    expect(s.counts[9]).toBe(2);
    expect(s.counts[10]).toBe(1);
    expect(s.counts[3]).toBe(1);
    expect(s.cantRecommend).toBe(1);
    expect(s.skipped).toBe(1);
    expect(scoredCount(s)).toBe(4);
  });

  it('reject scores outside the scale with a typed error naming the rule', () => {
    expect(() => addToSummary(emptySummary('csat'), 0)).toThrowError(/addToSummary\/out-of-scale/);
    expect(() => addToSummary(emptySummary('csat'), 'cant-recommend')).toThrowError(/cant-recommend-not-nps/);
  });

  it('merge by addition: associative, commutative, with the empty summary as identity', () => {
    fc.assert(
      fc.property(npsSummary, npsSummary, npsSummary, (a, b, c) => {
        const ab_c = mergeSummaries([mergeSummaries([a, b]), c]);
        const a_bc = mergeSummaries([a, mergeSummaries([b, c])]);
        expect(ab_c).toEqual(a_bc);
        expect(mergeSummaries([a, b])).toEqual(mergeSummaries([b, a]));
        expect(mergeSummaries([a, emptySummary('nps')])).toEqual(a);
      }),
    );
  });

  it('merging the summaries of a split equals the summary of the whole', () => {
    fc.assert(
      fc.property(fc.array(npsValue, { maxLength: 100 }), fc.nat(), (values, cut) => {
        const k = values.length === 0 ? 0 : cut % values.length;
        const whole: ScoreSummary = summarize('nps', values);
        expect(
          mergeSummaries([summarize('nps', values.slice(0, k)), summarize('nps', values.slice(k))]),
        ).toEqual(whole);
      }),
    );
  });

  it('refuse to merge different scales', () => {
    try {
      mergeSummaries([
        emptySummary('csat'),
        emptySummary('csat', { min: 1, max: 10, polarity: 'higher-is-better' }),
      ]);
      expect.unreachable();
    } catch (e) {
      expect(isCxError(e, 'mergeSummaries/scale-mismatch')).toBe(true);
    }
  });
});
