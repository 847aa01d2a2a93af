import {
  c2es,
  ces,
  clusterRobustCsat,
  clusterRobustMean,
  clusterRobustNps,
  csat,
  csatChange,
  meanChange,
  nps,
  npsChange,
  type CsatVariant,
  type KpiResult,
  type ScoreSummary,
  type ScoredKind,
  scoredCount,
  mergeSummaries,
} from '@cxkit/core';

/** NPS interval methods offered by `--interval`. */
export const INTERVAL_METHODS = ['wald', 'adjusted-wald'] as const;

/** An NPS interval method. */
export type IntervalMethod = (typeof INTERVAL_METHODS)[number];

/** KPI options the commands pass through to core. */
export interface KpiOptions {
  /** Confidence level in (0, 1). */
  level: number;
  /** NPS interval method (NPS only; CSAT uses Wilson, CES/C2ES a t interval). */
  interval?: IntervalMethod;
  /** CSAT formula: `top-box` (default, Wilson interval) or `mean-ratio` (mean / scale max × 100, t interval). */
  csatVariant?: CsatVariant;
}

/** The unit of each metric's value: NPS in points, CSAT in percent, CES/C2ES on the answer scale. */
export const METRIC_UNITS = { nps: 'points', csat: 'percent', ces: 'scale', c2es: 'scale' } as const;

/** Display names of the metrics. */
export const METRIC_LABELS = { nps: 'NPS', csat: 'CSAT', ces: 'CES', c2es: 'C2ES' } as const;

/** Computes the metric's KPI from a summary with @cxkit/core. */
export function metricKpi(metric: ScoredKind, summary: ScoreSummary, o: KpiOptions): KpiResult {
  switch (metric) {
    case 'nps':
      return nps(summary, { level: o.level, interval: o.interval ?? 'adjusted-wald' });
    case 'csat':
      return csat(summary, { level: o.level, variant: o.csatVariant ?? 'top-box' });
    case 'ces':
      return ces(summary, { level: o.level });
    case 'c2es':
      return c2es(summary, { level: o.level });
  }
}

/**
 * The metric's KPI pooled over clusters (one summary per account): with a cluster-robust interval (core's
 * `clusterRobustNps`/`Csat`/`Mean`) when at least two accounts answered and one answered more than once, since
 * one account's answers resemble each other and the single-sample interval would be too narrow; otherwise
 * {@link metricKpi} of the merged answers. Mean-ratio CSAT keeps its t interval.
 */
export function clusteredMetricKpi(
  metric: ScoredKind,
  clusters: readonly ScoreSummary[],
  o: KpiOptions,
): KpiResult {
  const live = clusters.filter((c) => scoredCount(c) > 0);
  const repeated = live.length >= 2 && live.some((c) => scoredCount(c) > 1);
  if (!repeated || (metric === 'csat' && o.csatVariant === 'mean-ratio'))
    return metricKpi(metric, mergeSummaries(clusters), o);
  switch (metric) {
    case 'nps':
      return clusterRobustNps(clusters, { level: o.level, interval: o.interval ?? 'adjusted-wald' });
    case 'csat':
      return clusterRobustCsat(clusters, { level: o.level });
    case 'ces':
    case 'c2es':
      return clusterRobustMean(clusters, { level: o.level });
  }
}

/**
 * The answer counts behind a KPI, as the JSON output shows them: NPS bands (with can't-recommend and
 * skipped), CSAT satisfied over total, and for CES/C2ES the histogram per score.
 */
export function metricCounts(
  metric: ScoredKind,
  summary: ScoreSummary,
  result: KpiResult,
): Record<string, unknown> {
  const d = result.details as Record<string, unknown>;
  switch (metric) {
    case 'nps':
      return {
        detractors: d.detractors,
        passives: d.passives,
        promoters: d.promoters,
        cantRecommend: d.cantRecommend,
        skipped: d.skipped,
      };
    case 'csat':
      return { positive: d.satisfied, total: result.n, topBox: d.topBox, mean: d.mean, skipped: d.skipped };
    case 'ces':
    case 'c2es': {
      const histogram: Record<string, number> = {};
      summary.counts.forEach((c, i) => (histogram[String(summary.scale.min + i)] = c));
      return { histogram, skipped: summary.skipped, sd: d.sd ?? null };
    }
  }
}

/** The change b − a of a metric between two summaries (NPS Wald test, CSAT two-proportion test, means Welch). */
export function metricChange(metric: ScoredKind, a: ScoreSummary, b: ScoreSummary, o: KpiOptions) {
  switch (metric) {
    case 'nps':
      return npsChange(a, b, { level: o.level });
    case 'csat':
      return csatChange(a, b, { level: o.level });
    case 'ces':
    case 'c2es':
      return meanChange(a, b, { level: o.level });
  }
}
