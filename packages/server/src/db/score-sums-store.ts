/** The summed answers of `score_aggregates` rows on one scale (`c0`..`c10`: answers per value, c0 = `scale_min`). */
export interface ScoreSums {
  /** Scale of the answers. */
  scale_min: number;
  /** Scale of the answers. */
  scale_max: number;
  /** Scale of the answers. */
  polarity: 'higher-is-better' | 'higher-is-worse';
  /** "Can't recommend" answers. */
  cant_recommend: number;
  /** Skipped answers. */
  skipped: number;
  /** Answers per scale value. */
  [count: `c${number}`]: number;
}

/**
 * The select list that sums the answer counts of grouped `score_aggregates` rows into {@link ScoreSums}'s columns
 * (`alias` qualifies the columns when the query joins); as ints, since PostgreSQL sums them as bigint (strings).
 */
export function scoreSumColumns(alias = ''): string {
  const p = alias ? `${alias}.` : '';
  const counts = Array.from({ length: 11 }, (_, i) => `sum(${p}c${i})::int AS c${i}`).join(', ');
  return `${counts}, sum(${p}cant_recommend)::int AS cant_recommend, sum(${p}skipped)::int AS skipped`;
}
