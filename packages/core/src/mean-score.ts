import { finitePopulationCorrection } from './finite-population-correction.js';
import { insufficient, kpiValue, type Interval, type KpiResult } from './kpi-result.js';
import type { Scale } from './scale.js';
import type { ScoreSummary } from './score-summary.js';
import { tCritical } from './t-distribution.js';
import { DEFAULT_LEVEL, assertLevel, clip } from './validate.js';

/** Details of a mean score. Values are normalised so that higher is better. */
export interface MeanDetails {
  /** The question's scale (with its declared polarity). */
  scale: Scale;
  /** True when the answers were reversed (min + max − x) because the scale is higher-is-worse. */
  reversed: boolean;
  /** Sample standard deviation (n − 1); null below 2 answers. */
  sd: number | null;
  /** sd / sqrt(n), before any finite population correction; null below 2 answers. */
  se: number | null;
  /** Shown but not answered. */
  skipped: number;
  /** sqrt((N − n) / (N − 1)) applied to the SE when `populationSize` was given, else null. */
  finitePopulationFactor: number | null;
}

/** Options of {@link meanScore}, {@link ces} and {@link c2es}. */
export interface MeanScoreOptions {
  /** Confidence level, default 0.95. */
  level?: number;
  /** Known number of people who could answer: applies the finite population correction. */
  populationSize?: number;
}

/** Internal: mean, sd and t-interval from weighted moments; shared with the role-weighted roll-up. */
export function meanResult(
  fn: string,
  n: number,
  moments: { mean: number; sd: number | null; df: number | null; effectiveN: number },
  base: { scale: Scale; reversed: boolean; skipped: number },
  o: MeanScoreOptions,
): KpiResult<MeanDetails> {
  const level = o.level ?? DEFAULT_LEVEL;
  assertLevel(fn, level);
  const fpc = o.populationSize === undefined ? null : finitePopulationCorrection(n, o.populationSize);
  const se = moments.sd === null ? null : moments.sd / Math.sqrt(moments.effectiveN);
  const details: MeanDetails = { ...base, sd: moments.sd, se, finitePopulationFactor: fpc };
  let interval: Interval | undefined;
  if (se !== null && moments.df !== null && moments.df > 0) {
    const half = tCritical(moments.df, level) * se * (fpc ?? 1);
    const lower = moments.mean - half;
    const upper = moments.mean + half;
    interval = {
      lower: clip(lower, base.scale.min, base.scale.max),
      upper: clip(upper, base.scale.min, base.scale.max),
      level,
      method: 't',
    };
    if (interval.lower !== lower || interval.upper !== upper) interval.raw = { lower, upper };
  }
  return kpiValue(n, moments.mean, details, interval);
}

/** Internal: n, normalised mean and sample sd of a summary (higher-is-worse answers reversed). */
export function summaryMoments(s: ScoreSummary): { n: number; mean: number; sd: number | null } {
  const reversed = s.scale.polarity === 'higher-is-worse';
  let n = 0;
  let sum = 0;
  for (let i = 0; i < s.counts.length; i++) {
    const c = s.counts[i] ?? 0;
    n += c;
    sum += c * (reversed ? s.scale.max - i : s.scale.min + i);
  }
  if (n === 0) return { n, mean: NaN, sd: null };
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < s.counts.length; i++) {
    const d = (reversed ? s.scale.max - i : s.scale.min + i) - mean;
    ss += (s.counts[i] ?? 0) * d * d;
  }
  return { n, mean, sd: n >= 2 ? Math.sqrt(ss / (n - 1)) : null };
}

/**
 * Mean score of any scored summary, on the question's scale, normalised so that higher is better
 * (a higher-is-worse answer x counts as min + max − x), with a Student t interval.
 *
 * mean = Σ x / n; sd = sqrt(Σ (x − mean)² / (n − 1)); interval mean ± t(1 − α/2, n − 1) · sd / sqrt(n),
 * clipped to the scale (raw bounds in `interval.raw`). One answer gives a value without an interval.
 * @throws CxError `meanScore/invalid-level`.
 * @example meanScore(summarize('ces', [7, 6, 5, 6])).value // 6
 */
export function meanScore(s: ScoreSummary, o: MeanScoreOptions = {}): KpiResult<MeanDetails> {
  return meanOf('meanScore', s, o);
}

/** Internal: {@link meanScore} under another function's name for error codes. */
export function meanOf(fn: string, s: ScoreSummary, o: MeanScoreOptions): KpiResult<MeanDetails> {
  const m = summaryMoments(s);
  const base = {
    scale: { ...s.scale },
    reversed: s.scale.polarity === 'higher-is-worse',
    skipped: s.skipped,
  };
  if (m.n === 0) {
    assertLevel(fn, o.level ?? DEFAULT_LEVEL);
    const fpc = o.populationSize === undefined ? null : finitePopulationCorrection(0, o.populationSize);
    return insufficient(0, 'no scored answers', { ...base, sd: null, se: null, finitePopulationFactor: fpc });
  }
  return meanResult(fn, m.n, { mean: m.mean, sd: m.sd, df: m.n - 1, effectiveN: m.n }, base, o);
}
