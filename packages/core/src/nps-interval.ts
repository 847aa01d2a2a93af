import { CxError } from './cx-error.js';
import { zCritical } from './normal-distribution.js';
import { finitePopulationCorrection } from './finite-population-correction.js';
import { DEFAULT_LEVEL, assertLevel, assertNonNegative } from './validate.js';

/** Detractor, passive and promoter counts; may be fractional when they are effective (weighted) counts. */
export interface NpsCounts {
  /** Answers 0-6. */
  detractors: number;
  /** Answers 7-8. */
  passives: number;
  /** Answers 9-10. */
  promoters: number;
}

/** Pseudo-counts of the adjusted-Wald NPS interval: 3 answers spread 1:2:1 (n + 3). */
export const ADJUSTED_WALD_PSEUDO_COUNTS: Readonly<NpsCounts> = {
  detractors: 0.75,
  passives: 1.5,
  promoters: 0.75,
};

/** NPS, its per-respondent variance and its standard error, all on the -1..1 scale. */
export interface NpsStatistics {
  /** Number of answers (sum of the counts). */
  n: number;
  /** (promoters - detractors) / n. */
  nps: number;
  /** p₊ + p₋ - (p₊ - p₋)², divided by n not n - 1, as in the R NPS package. */
  variance: number;
  /** sqrt(variance / n). */
  se: number;
}

/**
 * NPS with its variance and standard error on the -1..1 scale (R package `NPS`).
 *
 * nps = p₊ - p₋; variance = p₊ + p₋ - (p₊ - p₋)²; se = sqrt(variance / n).
 * Returns null when there are no answers.
 * @throws CxError `npsStatistics/invalid-number` for negative or non-finite counts.
 * @example npsStatistics({ detractors: 20, passives: 30, promoters: 50 }) // { n: 100, nps: 0.3, variance: 0.61, se: 0.0781 }
 */
export function npsStatistics(c: NpsCounts): NpsStatistics | null {
  assertNonNegative('npsStatistics', 'detractors', c.detractors);
  assertNonNegative('npsStatistics', 'passives', c.passives);
  assertNonNegative('npsStatistics', 'promoters', c.promoters);
  const n = c.detractors + c.passives + c.promoters;
  if (n === 0) return null;
  const pp = c.promoters / n;
  const pd = c.detractors / n;
  const nps = pp - pd;
  // Guard against -1e-17 from rounding when all answers are in one group.
  const variance = Math.max(0, pp + pd - nps * nps);
  return { n, nps, variance, se: Math.sqrt(variance / n) };
}

/** Options of {@link waldNpsInterval}. */
export interface WaldNpsOptions {
  /** Confidence level, default 0.95. */
  level?: number;
  /** Add the pseudo-counts 0.75 / 1.5 / 0.75 before computing the interval (adjusted Wald). */
  adjusted?: boolean;
  /** Known number of potential respondents: the SE is multiplied by sqrt((N - n) / (N - 1)). */
  populationSize?: number;
}

/**
 * Wald or adjusted-Wald confidence interval of the NPS on the -1..1 scale, NOT clipped (the raw bounds).
 *
 * Wald: nps ± z·se. Adjusted Wald: add 0.75 detractors, 1.5 passives and 0.75 promoters (n + 3), then Wald
 * on the adjusted counts; it keeps a sensible width when everyone gave the same answer.
 * @throws CxError `waldNpsInterval/no-answers` when all counts are 0 and `adjusted` is false.
 * @example waldNpsInterval({ detractors: 20, passives: 30, promoters: 50 }) // { lower: 0.1469, upper: 0.4531 }
 */
export function waldNpsInterval(c: NpsCounts, o: WaldNpsOptions = {}): { lower: number; upper: number } {
  const level = o.level ?? DEFAULT_LEVEL;
  assertLevel('waldNpsInterval', level);
  const n = c.detractors + c.passives + c.promoters;
  const fpc = o.populationSize === undefined ? 1 : finitePopulationCorrection(n, o.populationSize);
  const b = npsWaldBounds(c, zCritical(level), o.adjusted ?? false, fpc);
  if (b === null)
    throw new CxError('waldNpsInterval/no-answers', 'needs at least one answer', { field: 'counts' });
  return b;
}

/** Internal: Wald bounds at critical value z with an SE multiplier (finite population correction). */
export function npsWaldBounds(
  c: NpsCounts,
  z: number,
  adjusted: boolean,
  seFactor: number,
): { lower: number; upper: number } | null {
  const counts = adjusted
    ? {
        detractors: c.detractors + ADJUSTED_WALD_PSEUDO_COUNTS.detractors,
        passives: c.passives + ADJUSTED_WALD_PSEUDO_COUNTS.passives,
        promoters: c.promoters + ADJUSTED_WALD_PSEUDO_COUNTS.promoters,
      }
    : c;
  const st = npsStatistics(counts);
  if (st === null) return null;
  const half = z * st.se * seFactor;
  return { lower: st.nps - half, upper: st.nps + half };
}
