/** How many answers a tally counted, and how many were skipped (a null answer: shown, not answered). */
export interface AnswerCounts {
  /** Non-null answers. */
  respondents: number;
  /** Null answers. */
  skipped: number;
}

/**
 * Internal: hands each non-null answer to `count` (which throws on an invalid one) and returns the counts,
 * so choice, matrix and ranking tallies treat a skipped answer the same way.
 */
export function countAnswers<V>(values: readonly (V | null)[], count: (value: V) => void): AnswerCounts {
  let respondents = 0;
  let skipped = 0;
  for (const v of values) {
    if (v === null) {
      skipped++;
      continue;
    }
    count(v);
    respondents++;
  }
  return { respondents, skipped };
}
