import { csat, csatTopBoxCount, type CsatDetails, type CsatOptions } from './csat.js';
import { CxError } from './cx-error.js';
import type { Interval, KpiResult } from './kpi-result.js';
import { meanOf, summaryMoments, type MeanDetails, type MeanScoreOptions } from './mean-score.js';
import { nps, npsCounts, type NpsDetails, type NpsOptions } from './nps.js';
import type { ScoredKind } from './question-kind.js';
import { mergeSummaries, scoredCount, type ScoreSummary } from './score-summary.js';
import { tCritical } from './t-distribution.js';
import { DEFAULT_LEVEL, clip } from './validate.js';

/** What a cluster-robust KPI adds to its details. */
export interface ClusterDetails {
  /** Clusters with at least one scored answer (accounts, or respondents). */
  clusters: number;
  /** Linearisation (ratio-estimator) standard error over clusters, in the KPI's unit; null below 2 clusters. */
  clusterSe: number | null;
  /**
   * Design effect: the cluster variance over the variance if every answer were independent (1: no clustering;
   * 4: the answers carry as much information as a quarter as many independent ones); null below 2 clusters.
   */
  designEffect: number | null;
  /** The interval that treats every answer as independent (the single-sample method), for comparison. */
  independentInterval: Interval | null;
}

/** Result of the cluster-robust KPIs. */
export type ClusteredResult<D extends object> = KpiResult<D & ClusterDetails>;

/** Per-cluster totals: y = the sum of the answers' scores (±1/0 for NPS, 0/1 for top box, values for a mean). */
interface ClusterTotals {
  y: number;
  n: number;
  /** Σx² of the cluster's answer scores. */
  sq: number;
}

/**
 * Internal: widens a pooled KPI's interval for clustering. R = Σy/Σn; linearised residuals e_c = y_c − R·n_c;
 * var(R) = G/(G − 1) · Σe_c² / (Σn)² (the CR1 sandwich, as R's `survey::svyratio` with clusters); interval
 * R ± t(G − 1)·se. The result is never narrower than the single-sample interval: in B2B the answers of one
 * account or one person agree more than strangers' (positive intraclass correlation), and a design effect
 * below 1 from a handful of clusters is noise, not information.
 */
function clustered<D extends object>(
  result: KpiResult<D>,
  totals: readonly ClusterTotals[],
  scale: number,
  range: { lower: number; upper: number },
  level: number,
): ClusteredResult<D> {
  const live = totals.filter((t) => t.n > 0);
  const G = live.length;
  const base = result.status === 'ok' ? (result.interval ?? null) : null;
  const none = { clusters: G, clusterSe: null, designEffect: null, independentInterval: base };
  if (result.status !== 'ok') return { ...result, details: { ...result.details, ...none } };
  if (G < 2) return { ...result, details: { ...result.details, ...none } };
  const N = live.reduce((s, t) => s + t.n, 0);
  const R = live.reduce((s, t) => s + t.y, 0) / N;
  const ss = live.reduce((s, t) => s + (t.y - R * t.n) ** 2, 0);
  const se = scale * Math.sqrt(((G / (G - 1)) * ss) / (N * N));
  // The same estimate's variance if the N answers were independent: mean squared deviation / N.
  const seIndependent = scale * Math.sqrt(independentVariance(live, R) / N);
  const half = tCritical(G - 1, level) * se;
  const lower = Math.min(result.value - half, base?.lower ?? Infinity, result.value);
  const upper = Math.max(result.value + half, base?.upper ?? -Infinity, result.value);
  const interval: Interval = {
    lower: clip(lower, range.lower, range.upper),
    upper: clip(upper, range.lower, range.upper),
    level,
    method: 'cluster-robust',
  };
  if (interval.lower !== lower || interval.upper !== upper) interval.raw = { lower, upper };
  return {
    ...result,
    interval,
    details: {
      ...result.details,
      clusters: G,
      clusterSe: se,
      designEffect: seIndependent > 0 ? (se / seIndependent) ** 2 : null,
      independentInterval: base,
    },
  };
}

/** Σ (x − R)² over a cluster's answers, from its sums: Σx² − 2R·Σx + n·R². */
const squares = (t: ClusterTotals, r: number) => t.sq - 2 * r * t.y + t.n * r * r;

/** Per-answer variance of the pooled answers around R, as if they were independent. */
function independentVariance(live: readonly ClusterTotals[], r: number): number {
  const n = live.reduce((s, t) => s + t.n, 0);
  return live.reduce((s, t) => s + squares(t, r), 0) / n;
}

function checkClusters(
  fn: string,
  clusters: readonly ScoreSummary[],
  kinds: readonly ScoredKind[],
): ScoreSummary {
  if (clusters.length === 0)
    throw new CxError(`${fn}/no-clusters`, 'clusters must hold at least one summary', { field: 'clusters' });
  clusters.forEach((c, i) => {
    if (!kinds.includes(c.kind))
      throw new CxError(
        `${fn}/wrong-kind`,
        `clusters[${i}] is a ${c.kind} summary, expected ${kinds.join(' or ')}`,
        {
          field: `clusters[${i}].kind`,
        },
      );
  });
  return mergeSummaries(clusters);
}

/**
 * Pooled NPS with a cluster-robust interval: pass one summary per account (a portfolio or a segment) or per
 * respondent (one account whose people answered several times). The value is the NPS of all answers; the
 * interval accounts for answers of one cluster resembling each other (see {@link ClusterDetails}).
 * @throws CxError `clusterRobustNps/no-clusters`, `/wrong-kind`; `mergeSummaries/*` on mixed scales.
 * @example clusterRobustNps([...byAccount.values()]).details.designEffect
 */
export function clusterRobustNps(
  clusters: readonly ScoreSummary[],
  o: NpsOptions = {},
): ClusteredResult<NpsDetails> {
  const all = checkClusters('clusterRobustNps', clusters, ['nps']);
  const totals = clusters.map((c) => {
    const k = npsCounts(c);
    return {
      y: k.promoters - k.detractors,
      n: k.promoters + k.detractors + k.passives,
      sq: k.promoters + k.detractors,
    };
  });
  return clustered(nps(all, o), totals, 100, { lower: -100, upper: 100 }, o.level ?? DEFAULT_LEVEL);
}

/**
 * Pooled top-box CSAT (percent) with a cluster-robust interval, one summary per account or respondent
 * (see {@link clusterRobustNps}). The mean-ratio variant is a mean: use {@link clusterRobustMean}.
 * @throws CxError `clusterRobustCsat/no-clusters`, `/wrong-kind`, `/mean-ratio`; `csat/top-box-out-of-scale`.
 * @example clusterRobustCsat(segmentAccounts).interval
 */
export function clusterRobustCsat(
  clusters: readonly ScoreSummary[],
  o: CsatOptions = {},
): ClusteredResult<CsatDetails> {
  if (o.variant === 'mean-ratio')
    throw new CxError(
      'clusterRobustCsat/mean-ratio',
      'the cluster-robust CSAT is top-box; use clusterRobustMean',
      {
        field: 'variant',
      },
    );
  const all = checkClusters('clusterRobustCsat', clusters, ['csat']);
  const totals = clusters.map((c) => {
    const { satisfied } = csatTopBoxCount('clusterRobustCsat', c, o.topBox);
    return { y: satisfied, n: scoredCount(c), sq: satisfied };
  });
  return clustered(csat(all, o), totals, 100, { lower: 0, upper: 100 }, o.level ?? DEFAULT_LEVEL);
}

/**
 * Pooled mean score (CES, C2ES or any scale, normalised so higher is better) with a cluster-robust interval,
 * one summary per account or respondent (see {@link clusterRobustNps}).
 * @throws CxError `clusterRobustMean/no-clusters`, `/wrong-kind`; `mergeSummaries/*` on mixed scales.
 * @example clusterRobustMean(accounts.map((a) => a.ces)).details.clusterSe
 */
export function clusterRobustMean(
  clusters: readonly ScoreSummary[],
  o: MeanScoreOptions = {},
): ClusteredResult<MeanDetails> {
  const all = checkClusters('clusterRobustMean', clusters, ['ces', 'c2es', 'csat']);
  const totals = clusters.map((c) => {
    const m = summaryMoments(c);
    if (m.n === 0) return { y: 0, n: 0, sq: 0 };
    const sq = (m.sd === null ? 0 : m.sd * m.sd * (m.n - 1)) + m.n * m.mean * m.mean;
    return { y: m.mean * m.n, n: m.n, sq };
  });
  const { min, max } = all.scale;
  return clustered(
    meanOf('clusterRobustMean', all, o),
    totals,
    1,
    { lower: min, upper: max },
    o.level ?? DEFAULT_LEVEL,
  );
}
