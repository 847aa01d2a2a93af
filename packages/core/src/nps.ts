import { CxError } from './cx-error.js';
import { zCritical } from './normal-distribution.js';
import { finitePopulationCorrection } from './finite-population-correction.js';
import { insufficient, kpiValue, type Interval, type KpiResult } from './kpi-result.js';
import { npsStatistics, npsWaldBounds, type NpsCounts } from './nps-interval.js';
import type { ScoreSummary } from './score-summary.js';
import { DEFAULT_LEVEL, assertKind, assertLevel, clip } from './validate.js';

/** NPS counts and spread. Variance and SE are on the -1..1 scale as in the R NPS package. */
export interface NpsDetails extends NpsCounts {
  /** "My company does not allow me to recommend suppliers": counted and shown, excluded from the NPS. */
  cantRecommend: number;
  /** Shown but not answered. */
  skipped: number;
  /** p₊ + p₋ - (p₊ - p₋)² (per respondent, divided by n); null without answers. */
  variance: number | null;
  /** sqrt(variance / n), before any finite population correction; null without answers. */
  se: number | null;
  /** sqrt((N - n) / (N - 1)) applied to the SE of the interval when `populationSize` was given, else null. */
  finitePopulationFactor: number | null;
}

/** Options of {@link nps}. */
export interface NpsOptions {
  /** Interval method: `adjusted-wald` (default, keeps a width for small or unanimous samples) or `wald`. */
  interval?: 'wald' | 'adjusted-wald';
  /** Confidence level, default 0.95. */
  level?: number;
  /** Known number of people who could answer (e.g. an account's contacts): applies the finite population correction. */
  populationSize?: number;
}

/**
 * Detractor / passive / promoter counts of an NPS summary on the 0-10 scale (0-6, 7-8, 9-10).
 * @example npsCounts(summarize('nps', [0, 7, 9, 10])) // { detractors: 1, passives: 1, promoters: 2 }
 */
export function npsCounts(s: ScoreSummary): NpsCounts {
  let detractors = 0;
  let passives = 0;
  let promoters = 0;
  for (let i = 0; i < s.counts.length; i++) {
    const score = s.scale.min + i;
    const c = s.counts[i] ?? 0;
    if (score <= 6) detractors += c;
    else if (score <= 8) passives += c;
    else promoters += c;
  }
  return { detractors, passives, promoters };
}

/** Internal: NPS bands are defined on 0-10 only. */
export function assertNpsScale(fn: string, s: ScoreSummary): void {
  if (s.scale.min !== 0 || s.scale.max !== 10 || s.scale.polarity !== 'higher-is-better')
    throw new CxError(
      `${fn}/invalid-scale`,
      `NPS needs the 0-10 higher-is-better scale, got ${s.scale.min}-${s.scale.max}`,
      {
        field: 'scale',
      },
    );
}

/** Internal: the KPI result from (possibly effective) counts; shared with the role-weighted roll-up. */
export function npsResult<E extends object>(
  fn: string,
  n: number,
  effective: NpsCounts,
  extra: Omit<NpsDetails, 'variance' | 'se' | 'finitePopulationFactor'> & E,
  o: NpsOptions,
): KpiResult<NpsDetails & E> {
  const level = o.level ?? DEFAULT_LEVEL;
  assertLevel(fn, level);
  const fpc = o.populationSize === undefined ? null : finitePopulationCorrection(n, o.populationSize);
  const st = npsStatistics(effective);
  if (st === null || n === 0)
    return insufficient(n, 'no scored answers', {
      ...extra,
      variance: null,
      se: null,
      finitePopulationFactor: fpc,
    });
  const method = o.interval ?? 'adjusted-wald';
  const raw = npsWaldBounds(effective, zCritical(level), method === 'adjusted-wald', fpc ?? 1);
  let interval: Interval | undefined;
  if (raw !== null) {
    // The adjusted-Wald interval is centred on the estimate shrunk towards 0 by the pseudo-counts, so for a
    // unanimous small sample (one promoter: NPS 100, adjusted [−48.5, 98.5]) it can exclude the value it
    // describes and a target check would call 100 both "met" and "significantly below". The bound on the
    // estimate's side is moved to the estimate; the adjusted bounds stay in `raw`.
    const value = 100 * st.nps;
    const lower = Math.min(100 * raw.lower, value);
    const upper = Math.max(100 * raw.upper, value);
    interval = { lower: clip(lower, -100, 100), upper: clip(upper, -100, 100), level, method };
    if (
      interval.lower !== lower ||
      interval.upper !== upper ||
      lower !== 100 * raw.lower ||
      upper !== 100 * raw.upper
    )
      interval.raw = { lower: 100 * raw.lower, upper: 100 * raw.upper };
  }
  return kpiValue(
    n,
    100 * st.nps,
    { ...extra, variance: st.variance, se: st.se, finitePopulationFactor: fpc },
    interval,
  );
}

/**
 * Net Promoter Score in points, from an NPS summary.
 *
 * NPS = 100 × (promoters − detractors) / n, promoters 9-10, detractors 0-6, n = scored answers.
 * Can't-recommend and skipped answers are counted in `details` but excluded from n.
 * Interval (default adjusted Wald, pseudo-counts 0.75/1.5/0.75): nps ± z·sqrt(var/n) with
 * var = p₊ + p₋ − (p₊ − p₋)², shown in points clipped to [−100, 100] and widened to contain the NPS itself
 * (the adjusted interval is centred on a shrunk estimate); the unclipped adjusted bounds are kept in `interval.raw`.
 * Above 50 is excellent; below 0 signals major problems (see {@link npsBand}).
 * @throws CxError `nps/wrong-kind` for a non-NPS summary, `nps/invalid-scale` off 0-10, `nps/invalid-level`,
 *   `finitePopulationCorrection/sample-exceeds-population` when populationSize < n.
 * @example nps(summarize('nps', [10, 9, 9, 8, 3, 'cant-recommend'])).value // 100 × (3 − 1) / 5 = 40
 */
export function nps(s: ScoreSummary, o: NpsOptions = {}): KpiResult<NpsDetails> {
  assertKind('nps', s.kind, ['nps']);
  assertNpsScale('nps', s);
  const counts = npsCounts(s);
  const n = counts.detractors + counts.passives + counts.promoters;
  return npsResult('nps', n, counts, { ...counts, cantRecommend: s.cantRecommend, skipped: s.skipped }, o);
}
