import { CxError } from './cx-error.js';
import { finitePopulationCorrection } from './finite-population-correction.js';
import { insufficient, kpiValue, type Interval, type KpiResult } from './kpi-result.js';
import { summaryMoments } from './mean-score.js';
import { zCritical } from './normal-distribution.js';
import type { Scale } from './scale.js';
import { defaultTopBox, inTopBox } from './score-band.js';
import type { ScoreSummary } from './score-summary.js';
import { tCritical } from './t-distribution.js';
import { DEFAULT_LEVEL, assertKind, assertLevel, clip } from './validate.js';
import { wilsonBounds } from './wilson-interval.js';

/** The two CSAT formulas of the KPI catalogue (docs/kpis.md). */
export type CsatVariant = 'top-box' | 'mean-ratio';

/** CSAT counts and parameters. */
export interface CsatDetails {
  /** Which formula produced `value`. */
  variant: CsatVariant;
  /** Lowest score counted as satisfied (highest, on a higher-is-worse scale). */
  topBox: number;
  /** Answers in the top box. */
  satisfied: number;
  /** Mean answer normalised so higher is better; null without answers. */
  mean: number | null;
  /** The question's scale. */
  scale: Scale;
  /** Shown but not answered. */
  skipped: number;
  /** sqrt((N − n) / (N − 1)) when `populationSize` was given, else null. */
  finitePopulationFactor: number | null;
}

/** Options of {@link csat}. */
export interface CsatOptions {
  /** `top-box` (default): satisfied / all × 100; `mean-ratio`: mean / highest possible score × 100. */
  variant?: CsatVariant;
  /** Lowest score counted as satisfied; defaults from the scale ({@link defaultTopBox}). */
  topBox?: number;
  /** Confidence level, default 0.95. */
  level?: number;
  /** Known number of people who could answer: applies the finite population correction. */
  populationSize?: number;
}

/** Internal: validated top box and the count of answers in it. */
export function csatTopBoxCount(
  fn: string,
  s: ScoreSummary,
  topBox?: number,
): { topBox: number; satisfied: number; n: number } {
  const box = topBox ?? defaultTopBox(s.kind, s.scale);
  if (!Number.isInteger(box) || box < s.scale.min || box > s.scale.max)
    throw new CxError(
      `${fn}/top-box-out-of-scale`,
      `topBox ${box} is not on the scale ${s.scale.min}-${s.scale.max}`,
      {
        field: 'topBox',
        value: box,
      },
    );
  let satisfied = 0;
  let n = 0;
  for (let i = 0; i < s.counts.length; i++) {
    const c = s.counts[i] ?? 0;
    n += c;
    if (inTopBox(s.scale.min + i, box, s.scale)) satisfied += c;
  }
  return { topBox: box, satisfied, n };
}

/** Internal: the CSAT result from a (possibly effective) sample; shared with the role-weighted roll-up. */
export function csatResult(
  fn: string,
  n: number,
  sample: { share: number; mean: number; sd: number | null; effectiveN: number },
  base: Omit<CsatDetails, 'finitePopulationFactor'>,
  o: CsatOptions,
): KpiResult<CsatDetails> {
  const level = o.level ?? DEFAULT_LEVEL;
  assertLevel(fn, level);
  const fpc = o.populationSize === undefined ? null : finitePopulationCorrection(n, o.populationSize);
  const details: CsatDetails = { ...base, finitePopulationFactor: fpc };
  if (n === 0) return insufficient(0, 'no scored answers', { ...details, mean: null });
  let interval: Interval | undefined;
  if (base.variant === 'top-box') {
    // With a known population, Wilson is evaluated at the effective size n / fpc² (a census gives the point).
    const nEff = fpc === null ? sample.effectiveN : fpc === 0 ? Infinity : sample.effectiveN / (fpc * fpc);
    const b = wilsonBounds(sample.share, nEff, zCritical(level));
    interval = { lower: 100 * b.lower, upper: 100 * b.upper, level, method: 'wilson' };
    return kpiValue(n, 100 * sample.share, details, interval);
  }
  const ratio = 100 / base.scale.max;
  if (sample.sd !== null && sample.effectiveN > 1) {
    const half =
      tCritical(sample.effectiveN - 1, level) * (sample.sd / Math.sqrt(sample.effectiveN)) * (fpc ?? 1);
    const lower = ratio * (sample.mean - half);
    const upper = ratio * (sample.mean + half);
    interval = { lower: clip(lower, 0, 100), upper: clip(upper, 0, 100), level, method: 't' };
    if (interval.lower !== lower || interval.upper !== upper) interval.raw = { lower, upper };
  }
  return kpiValue(n, ratio * sample.mean, details, interval);
}

/**
 * Customer satisfaction score in percent, from a CSAT summary, with both catalogue variants.
 *
 * Top box (default): CSAT = satisfied / n × 100, satisfied = 4-5 on 1-5, 8-10 on 1-10, "yes", the happy
 * smiley; Wilson interval. Mean ratio (seed 003): CSAT = mean / highest possible score × 100; t interval.
 * Answers on a higher-is-worse scale are reversed (min + max − x) first.
 * @throws CxError `csat/wrong-kind`, `csat/top-box-out-of-scale`, `csat/invalid-level`.
 * @example csat(summarize('csat', [5, 4, 4, 3, 1])).value // 3 / 5 × 100 = 60
 * @example csat(summarize('csat', [5, 4, 4, 3, 1]), { variant: 'mean-ratio' }).value // 3.4 / 5 × 100 = 68
 */
export function csat(s: ScoreSummary, o: CsatOptions = {}): KpiResult<CsatDetails> {
  assertKind('csat', s.kind, ['csat']);
  const { topBox, satisfied, n } = csatTopBoxCount('csat', s, o.topBox);
  const m = summaryMoments(s);
  return csatResult(
    'csat',
    n,
    { share: n === 0 ? 0 : satisfied / n, mean: m.mean, sd: m.sd, effectiveN: n },
    {
      variant: o.variant ?? 'top-box',
      topBox,
      satisfied,
      mean: n === 0 ? null : m.mean,
      scale: { ...s.scale },
      skipped: s.skipped,
    },
    o,
  );
}
