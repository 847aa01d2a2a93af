import { countAnswers } from './answer-counts.js';
import { CxError } from './cx-error.js';
import { SMALL_SAMPLE_THRESHOLD, insufficient, type KpiResult } from './kpi-result.js';
import { meanResult, type MeanDetails } from './mean-score.js';
import { proportion, type RateDetails } from './rate.js';
import { DEFAULT_LEVEL, assertCount, assertLevel } from './validate.js';

/**
 * Mergeable counts of a ranking question's answers: `positions[i][r]` respondents put `options[i]`
 * at rank r + 1 (rank 1 = most preferred). Every answer ranks every option, so each row and each
 * column adds up to `respondents`.
 */
export interface RankingTally {
  /** The question's option ids, in its order. */
  options: string[];
  /** `positions[i][r]`: respondents who ranked `options[i]` at rank r + 1. */
  positions: number[][];
  /** Answers with a ranking. */
  respondents: number;
  /** Answers shown and skipped (`null`). */
  skipped: number;
}

/** One option's ranking result. */
export interface RankedOption {
  /** Option id. */
  id: string;
  /** Mean rank (1 = always first, k = always last) with a t interval; lower is preferred. */
  meanRank: KpiResult<MeanDetails>;
  /** Share of respondents who ranked it first, in percent with a Wilson interval. */
  first: KpiResult<RateDetails>;
  /** Borda score: Σ (k − rank) over respondents, i.e. k − 1 points for a first place, 0 for a last. */
  borda: number;
}

/** Result of {@link rankingSummary}. */
export interface RankingSummary {
  /** Question kind. */
  kind: 'ranking';
  /** Respondents who ranked. */
  n: number;
  /** True when n is below {@link SMALL_SAMPLE_THRESHOLD}. */
  smallSample: boolean;
  /** Answers shown and skipped. */
  skipped: number;
  /** Per option, in the question's order (sort by `borda` or `meanRank` to rank them). */
  options: RankedOption[];
}

/**
 * Tallies ranking answers (each a list of all option ids, most preferred first).
 * @throws CxError `tallyRanking/not-a-permutation` when an answer does not list every option exactly once.
 * @example tallyRanking(['a', 'b'], [['b', 'a']]).positions // [[0, 1], [1, 0]]
 */
export function tallyRanking(
  options: readonly string[],
  values: readonly (readonly string[] | null)[],
): RankingTally {
  const k = options.length;
  const index = new Map(options.map((id, i) => [id, i]));
  const positions = options.map(() => new Array<number>(k).fill(0));
  const answers = countAnswers(values, (v) => {
    if (v.length !== k || new Set(v).size !== k || v.some((id) => !index.has(id)))
      throw new CxError('tallyRanking/not-a-permutation', 'an answer must list every option exactly once', {
        value: v,
      });
    v.forEach((id, r) => positions[index.get(id)!]![r]!++);
  });
  return { options: [...options], positions, ...answers };
}

/**
 * Ranking results per option: mean rank with a Student t interval (mean ± t(1 − α/2, n − 1) · sd / √n,
 * clipped to 1-k), the share ranked first with a Wilson interval, and the Borda score Σ (k − rank).
 * @throws CxError `rankingSummary/invalid-count`, `rankingSummary/not-a-permutation` when a row or a
 *   column of `positions` does not add up to `respondents`, `rankingSummary/invalid-level`.
 * @example rankingSummary(tallyRanking(['a', 'b'], [['a', 'b'], ['a', 'b'], ['b', 'a']])).options[0].borda // 2
 */
export function rankingSummary(t: RankingTally, o: { level?: number } = {}): RankingSummary {
  const fn = 'rankingSummary';
  const k = t.options.length;
  const n = t.respondents;
  assertCount(fn, 'respondents', n);
  assertCount(fn, 'skipped', t.skipped);
  assertLevel(fn, o.level ?? DEFAULT_LEVEL);
  const bad = (why: string) =>
    new CxError(`${fn}/not-a-permutation`, `${why} must add up to respondents (${n})`, {
      field: 'positions',
    });
  if (t.positions.length !== k || t.positions.some((row) => row.length !== k))
    throw bad('positions must be k × k and');
  for (let i = 0; i < k; i++) {
    let row = 0;
    let col = 0;
    for (let r = 0; r < k; r++) {
      assertCount(fn, `positions.${i}.${r}`, t.positions[i]![r]!);
      row += t.positions[i]![r]!;
      col += t.positions[r]![i]!;
    }
    if (row !== n) throw bad(`positions.${i}`);
    if (col !== n) throw bad(`column ${i} of positions`);
  }
  const scale = { min: 1, max: k, polarity: 'higher-is-worse' as const };
  const base = { scale, reversed: false, skipped: t.skipped };
  const options = t.options.map((id, i) => {
    const row = t.positions[i]!;
    let sum = 0;
    for (let r = 0; r < k; r++) sum += row[r]! * (r + 1);
    const mean = n > 0 ? sum / n : NaN;
    let ss = 0;
    for (let r = 0; r < k; r++) ss += row[r]! * (r + 1 - mean) ** 2;
    const sd = n >= 2 ? Math.sqrt(ss / (n - 1)) : null;
    const meanRank =
      n === 0
        ? insufficient(0, 'no rankings', { ...base, sd: null, se: null, finitePopulationFactor: null })
        : meanResult(fn, n, { mean, sd, df: n - 1, effectiveN: n }, base, o);
    const first = proportion(
      fn,
      { field: `positions.${i}.0`, value: row[0]! },
      { field: 'respondents', value: n },
      o,
    );
    return { id, meanRank, first, borda: k * n - sum };
  });
  return { kind: 'ranking', n, smallSample: n < SMALL_SAMPLE_THRESHOLD, skipped: t.skipped, options };
}
