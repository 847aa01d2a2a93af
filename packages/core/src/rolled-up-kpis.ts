import type { AccountRollup, RollupMode } from './account-rollup.js';
import { csat, csatResult, csatTopBoxCount, type CsatDetails, type CsatOptions } from './csat.js';
import { insufficient, type KpiResult } from './kpi-result.js';
import { meanOf, meanResult, type MeanDetails, type MeanScoreOptions } from './mean-score.js';
import { assertNpsScale, nps, npsCounts, npsResult, type NpsDetails, type NpsOptions } from './nps.js';
import { inTopBox } from './score-band.js';
import { assertKind } from './validate.js';
import { clusterRobustCsat, clusterRobustMean, clusterRobustNps } from './cluster-robust.js';
import { scoredCount, type ScoreSummary } from './score-summary.js';

/** What every rolled-up KPI adds to its details. */
export interface RollupDetails {
  /** The roll-up mode the value comes from. */
  mode: RollupMode;
  /** Kish effective sample size (Σw)²/Σw² in `role-weighted` mode, else null (n is then the plain count). */
  effectiveN: number | null;
}

/**
 * Pooled answers of people who answered more than once are not independent: the respondents are the clusters
 * of a cluster-robust interval (one person's five answers are closer to one vote than to five).
 */
function repeatedRespondents(r: AccountRollup): ScoreSummary[] | undefined {
  return r.mode === 'pooled' && r.byRespondent?.some((s) => scoredCount(s) > 1) ? r.byRespondent : undefined;
}

function withMode<D extends object>(r: KpiResult<D>, mode: RollupMode): KpiResult<D & RollupDetails> {
  return { ...r, details: { ...r.details, mode, effectiveN: null } } as KpiResult<D & RollupDetails>;
}

/**
 * NPS of an account roll-up, honouring its mode. Pooled and per-respondent: {@link nps} of the summary; pooled
 * answers of people who answered more than once get the cluster-robust interval by respondent
 * ({@link clusterRobustNps}).
 * Role-weighted: NPS = 100 (Σ w·[promoter] − Σ w·[detractor]) / Σ w over respondents' latest scores;
 * variance from the weighted shares and SE = sqrt(var / n_eff) with Kish n_eff = (Σw)²/Σw², so the
 * interval widens when a few heavy roles dominate. `n` is the number of weighted respondents.
 * @example rolledUpNps(rollupAccount(answers, { kind: 'nps', mode: 'role-weighted' })).details.effectiveN
 */
export function rolledUpNps(r: AccountRollup, o: NpsOptions = {}): KpiResult<NpsDetails & RollupDetails> {
  assertKind('rolledUpNps', r.summary.kind, ['nps']);
  assertNpsScale('rolledUpNps', r.summary);
  const w = r.weighted;
  const clusters = repeatedRespondents(r);
  if (clusters) return withMode(clusterRobustNps(clusters, o), r.mode);
  if (r.mode !== 'role-weighted' || !w) return withMode(nps(r.summary, o), r.mode);
  const counts = npsCounts(r.summary);
  const base = {
    ...counts,
    cantRecommend: r.summary.cantRecommend,
    skipped: r.summary.skipped,
    mode: r.mode,
    effectiveN: w.effectiveN,
  };
  if (w.totalWeight === 0)
    return insufficient(0, 'no scored answer from a role with a positive weight', {
      ...base,
      variance: null,
      se: null,
      finitePopulationFactor: null,
    });
  let d = 0;
  let p = 0;
  let pr = 0;
  w.counts.forEach((c, i) => {
    const score = r.summary.scale.min + i;
    if (score <= 6) d += c;
    else if (score <= 8) p += c;
    else pr += c;
  });
  const k = w.effectiveN / w.totalWeight;
  return npsResult(
    'rolledUpNps',
    w.respondents,
    { detractors: d * k, passives: p * k, promoters: pr * k },
    base,
    o,
  );
}

/**
 * Top-box or mean-ratio CSAT of an account roll-up, honouring its mode. Role-weighted: the weighted share
 * Σ w·[top box] / Σ w with a Wilson interval at the Kish effective size (mean ratio: weighted mean / max).
 * @example rolledUpCsat(rollupAccount(answers, { kind: 'csat', mode: 'per-respondent' })).value
 */
export function rolledUpCsat(r: AccountRollup, o: CsatOptions = {}): KpiResult<CsatDetails & RollupDetails> {
  assertKind('rolledUpCsat', r.summary.kind, ['csat']);
  const w = r.weighted;
  const clusters = repeatedRespondents(r);
  if (clusters && o.variant !== 'mean-ratio') return withMode(clusterRobustCsat(clusters, o), r.mode);
  if (r.mode !== 'role-weighted' || !w) return withMode(csat(r.summary, o), r.mode);
  const { topBox, satisfied } = csatTopBoxCount('rolledUpCsat', r.summary, o.topBox);
  const m = weightedMoments(r);
  let share = 0;
  w.counts.forEach((c, i) => {
    if (inTopBox(r.summary.scale.min + i, topBox, r.summary.scale)) share += c;
  });
  share = w.totalWeight === 0 ? 0 : share / w.totalWeight;
  const res = csatResult(
    'rolledUpCsat',
    w.respondents,
    { share, mean: m.mean, sd: m.sd, effectiveN: w.effectiveN },
    {
      variant: o.variant ?? 'top-box',
      topBox,
      satisfied,
      mean: w.respondents === 0 ? null : m.mean,
      scale: { ...r.summary.scale },
      skipped: r.summary.skipped,
    },
    o,
  );
  return { ...res, details: { ...res.details, mode: r.mode, effectiveN: w.effectiveN } } as KpiResult<
    CsatDetails & RollupDetails
  >;
}

/** Internal: weighted mean and sd (normalised so higher is better) of a role-weighted roll-up. */
function weightedMoments(r: AccountRollup): { mean: number; sd: number | null } {
  const w = r.weighted;
  if (!w || w.totalWeight === 0) return { mean: NaN, sd: null };
  const { min, max, polarity } = r.summary.scale;
  const x = (i: number) => (polarity === 'higher-is-worse' ? max - i : min + i);
  let sum = 0;
  w.counts.forEach((c, i) => (sum += c * x(i)));
  const mean = sum / w.totalWeight;
  if (w.effectiveN <= 1) return { mean, sd: null };
  let ss = 0;
  w.counts.forEach((c, i) => (ss += c * (x(i) - mean) ** 2));
  // Weighted population variance scaled by n_eff / (n_eff − 1), the weighted analogue of n − 1.
  const variance = (ss / w.totalWeight) * (w.effectiveN / (w.effectiveN - 1));
  return { mean, sd: Math.sqrt(variance) };
}

/**
 * Mean score (CES, C2ES or any scale, higher is better) of an account roll-up, honouring its mode.
 * Role-weighted: Σ w·x / Σ w, sd from the weighted variance × n_eff/(n_eff − 1), SE = sd / sqrt(n_eff),
 * t interval with n_eff − 1 degrees of freedom.
 * @example rolledUpMean(rollupAccount(answers, { kind: 'ces', mode: 'role-weighted' })).value
 */
export function rolledUpMean(
  r: AccountRollup,
  o: MeanScoreOptions = {},
): KpiResult<MeanDetails & RollupDetails> {
  const w = r.weighted;
  const clusters = repeatedRespondents(r);
  if (clusters) return withMode(clusterRobustMean(clusters, o), r.mode);
  if (r.mode !== 'role-weighted' || !w) return withMode(meanOf('rolledUpMean', r.summary, o), r.mode);
  const base = {
    scale: { ...r.summary.scale },
    reversed: r.summary.scale.polarity === 'higher-is-worse',
    skipped: r.summary.skipped,
  };
  const extra = { mode: r.mode, effectiveN: w.effectiveN };
  if (w.totalWeight === 0)
    return insufficient(0, 'no scored answer from a role with a positive weight', {
      ...base,
      sd: null,
      se: null,
      finitePopulationFactor: null,
      ...extra,
    });
  const m = weightedMoments(r);
  const res = meanResult(
    'rolledUpMean',
    w.respondents,
    { mean: m.mean, sd: m.sd, df: m.sd === null ? null : w.effectiveN - 1, effectiveN: w.effectiveN },
    base,
    o,
  );
  return { ...res, details: { ...res.details, ...extra } } as KpiResult<MeanDetails & RollupDetails>;
}
