import {
  alertDedupKey,
  type AlertEvent,
  type AlertTarget,
  type AlertTargetData,
  type InsightPoint,
} from './alert-event.js';
import type {
  AlertComparator,
  AlertRule,
  AnomalyRule,
  DetractorVerbatimRule,
  ScoredAlertMetric,
  SignificantChangeRule,
  ThresholdRule,
} from './alert-rule.js';
import { detectAnomaly } from './anomaly-detection.js';
import { ces } from './ces.js';
import { csat } from './csat.js';
import { csatChange } from './csat-change.js';
import { CxError } from './cx-error.js';
import type { KpiResult } from './kpi-result.js';
import { meanChange } from './mean-change.js';
import { nps } from './nps.js';
import { npsChange } from './nps-change.js';
import { periodBounds, periodKey, periodRange, type Period } from './period.js';
import { mergeSummaries, type ScoreSummary } from './score-summary.js';

/** Options of {@link evaluateAlertRule}. */
export interface AlertEvaluationOptions {
  /** The evaluation time: fixes the current and last complete periods. */
  now: Date;
}

const LABELS: Record<AlertEvent['metric'], string> = {
  nps: 'NPS',
  csat: 'CSAT',
  ces: 'CES',
  'health-score': 'Health score',
  'health-band': 'Health band',
  'churn-risk': 'Churn risk',
};

const WORDS: Record<AlertComparator, string> = {
  lt: 'below',
  lte: 'at or below',
  gt: 'above',
  gte: 'at or above',
};

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

const describe = (t: AlertTarget) => (t.type === 'account' ? `account ${t.accountId}` : `segment ${t.id}`);

function compare(value: number, comparator: AlertComparator, threshold: number): boolean {
  switch (comparator) {
    case 'lt':
      return value < threshold;
    case 'lte':
      return value <= threshold;
    case 'gt':
      return value > threshold;
    case 'gte':
      return value >= threshold;
  }
}

function previousPeriodKey(key: string, period: Period): string {
  return periodKey(new Date(periodBounds(key).start.getTime() - 1), period);
}

/** The period a rule judges at `now`: the one in progress, or the one before. */
function evaluatedPeriod(now: Date, period: Period, evaluate: 'current' | 'last-complete'): string {
  const current = periodKey(now, period);
  return evaluate === 'current' ? current : previousPeriodKey(current, period);
}

/** The merged summary of a metric over a month or quarter, or undefined without answers. */
function summaryOf(data: AlertTargetData, metric: ScoredAlertMetric, key: string): ScoreSummary | undefined {
  const monthly = data.monthly?.[metric];
  if (!monthly) return undefined;
  const { start, end } = periodBounds(key);
  const months = periodRange(periodKey(start, 'month'), periodKey(new Date(end.getTime() - 1), 'month'));
  const list = months.flatMap((m) => (monthly[m] ? [monthly[m]] : []));
  return list.length > 0 ? mergeSummaries(list) : undefined;
}

function kpi(metric: ScoredAlertMetric, s: ScoreSummary): KpiResult {
  return metric === 'nps' ? nps(s) : metric === 'csat' ? csat(s) : ces(s);
}

/** The metric's value over a period when it has at least `minResponses` scored answers. */
function valueOf(data: AlertTargetData, metric: ScoredAlertMetric, key: string, minResponses: number) {
  const s = summaryOf(data, metric, key);
  if (!s) return undefined;
  const r = kpi(metric, s);
  return r.status === 'ok' && r.n >= minResponses ? { value: r.value, n: r.n } : undefined;
}

const unit = (metric: AlertEvent['metric']) => (metric === 'csat' ? '%' : '');

function event(
  rule: AlertRule,
  target: AlertTarget,
  period: string,
  metric: AlertEvent['metric'],
  value: AlertEvent['value'],
  title: string,
  details: Record<string, unknown>,
  answer?: { responseId: string; questionId: string },
): AlertEvent {
  return {
    dedupKey: alertDedupKey(rule.id, target, period, metric, answer),
    ruleId: rule.id,
    ruleKind: rule.kind,
    metric,
    severity: rule.severity,
    target,
    period,
    value,
    title,
    details,
  };
}

function thresholdScored(
  rule: ThresholdRule,
  metric: ScoredAlertMetric,
  data: AlertTargetData,
  now: Date,
): AlertEvent[] {
  const comparator = rule.comparator!;
  const threshold = rule.threshold!;
  const key = evaluatedPeriod(now, rule.period, rule.evaluate);
  const cur = valueOf(data, metric, key, rule.minResponses);
  if (!cur || !compare(cur.value, comparator, threshold)) return [];
  const prevKey = previousPeriodKey(key, rule.period);
  const prev = valueOf(data, metric, prevKey, rule.minResponses);
  if (rule.trigger === 'crossing' && prev && compare(prev.value, comparator, threshold)) return [];
  return [
    event(
      rule,
      data.target,
      key,
      metric,
      cur.value,
      `${LABELS[metric]} ${round(cur.value)}${unit(metric)} is ${WORDS[comparator]} ${threshold}${unit(metric)} for ${describe(data.target)} (${key}, n = ${cur.n})`,
      {
        n: cur.n,
        comparator,
        threshold,
        previous: prev ? { period: prevKey, value: prev.value, n: prev.n } : null,
      },
    ),
  ];
}

function thresholdInsight(rule: ThresholdRule, data: AlertTargetData, now: Date): AlertEvent[] {
  const metric = rule.metric;
  const points = [...((metric === 'churn-risk' ? data.churn : data.health) ?? [])].sort(
    (a, b) => Date.parse(a.computedAt) - Date.parse(b.computedAt) || a.value - b.value,
  );
  // A segment's health-band point is the share of its accounts in the bands, compared with the threshold.
  const share = metric === 'health-band' && data.target.type === 'segment';
  const beyond = (p: InsightPoint): boolean =>
    metric === 'health-band' && !share
      ? p.band !== undefined && rule.bands!.includes(p.band)
      : compare(p.value, rule.comparator!, rule.threshold!);
  const key = evaluatedPeriod(now, rule.period, rule.evaluate);
  const { start, end } = periodBounds(key);
  // Every computation of the period is judged, so the verdict does not depend on when evaluation runs.
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    const t = Date.parse(p.computedAt);
    if (t < start.getTime() || t >= end.getTime() || !beyond(p)) continue;
    const prev = points[i - 1];
    if (rule.trigger === 'crossing' && prev && beyond(prev)) continue;
    const value = metric === 'health-band' && !share ? (p.band ?? null) : p.value;
    const shown = share
      ? `${rule.bands!.join(' or ')} for ${Math.round(p.value * 100)}% of accounts, ${WORDS[rule.comparator!]} ${round(rule.threshold! * 100)}%`
      : metric === 'health-band'
        ? `is ${p.band}`
        : metric === 'churn-risk'
          ? `${round(p.value * 100)}% is ${WORDS[rule.comparator!]} ${round(rule.threshold! * 100)}%`
          : `${round(p.value)} is ${WORDS[rule.comparator!]} ${rule.threshold}`;
    return [
      event(
        rule,
        data.target,
        key,
        metric,
        value,
        `${LABELS[metric]} ${shown} for ${describe(data.target)} (${key})`,
        {
          computedAt: new Date(t).toISOString(),
          ...(metric === 'health-band'
            ? { bands: rule.bands, score: p.value }
            : { comparator: rule.comparator, threshold: rule.threshold }),
          previous: prev
            ? {
                computedAt: new Date(Date.parse(prev.computedAt)).toISOString(),
                value: prev.value,
                ...(prev.band ? { band: prev.band } : {}),
              }
            : null,
        },
      ),
    ];
  }
  return [];
}

function significantChange(rule: SignificantChangeRule, data: AlertTargetData, now: Date): AlertEvent[] {
  const key = evaluatedPeriod(now, rule.period, rule.evaluate);
  const prevKey = previousPeriodKey(key, rule.period);
  const a = summaryOf(data, rule.metric, prevKey);
  const b = summaryOf(data, rule.metric, key);
  if (!a || !b) return [];
  const level = 1 - rule.alpha;
  const r =
    rule.metric === 'nps'
      ? npsChange(a, b, { level })
      : rule.metric === 'csat'
        ? csatChange(a, b, { level })
        : meanChange(a, b, { level });
  if (r.status !== 'ok' || r.a.n < rule.minResponses || r.b.n < rule.minResponses || !(r.p < rule.alpha))
    return [];
  if ((rule.direction === 'decrease' && r.delta >= 0) || (rule.direction === 'increase' && r.delta <= 0))
    return [];
  const word = r.delta < 0 ? 'fell' : 'rose';
  const u = rule.metric === 'nps' ? ' points' : rule.metric === 'csat' ? ' points of percent' : '';
  return [
    event(
      rule,
      data.target,
      key,
      rule.metric,
      r.b.status === 'ok' ? r.b.value : null,
      `${LABELS[rule.metric]} ${word} by ${round(Math.abs(r.delta))}${u} for ${describe(data.target)} (${prevKey} → ${key}, p = ${r.p.toPrecision(2)})`,
      {
        delta: r.delta,
        p: r.p,
        alpha: rule.alpha,
        interval: { lower: r.interval.lower, upper: r.interval.upper, level: r.interval.level },
        from: { period: prevKey, value: r.a.status === 'ok' ? r.a.value : null, n: r.a.n },
        to: { period: key, value: r.b.status === 'ok' ? r.b.value : null, n: r.b.n },
      },
    ),
  ];
}

function anomaly(rule: AnomalyRule, data: AlertTargetData, now: Date): AlertEvent[] {
  const key = evaluatedPeriod(now, 'month', rule.evaluate);
  const cur = valueOf(data, rule.metric, key, rule.minResponses);
  if (!cur) return [];
  const { start } = periodBounds(key);
  const first = periodKey(
    new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() - rule.window, 1)),
    'month',
  );
  const history = periodRange(first, previousPeriodKey(key, 'month')).flatMap((m) => {
    const v = valueOf(data, rule.metric, m, rule.minResponses);
    return v ? [{ period: m, value: v.value }] : [];
  });
  const verdict = detectAnomaly(
    history.map((h) => h.value),
    cur.value,
    { k: rule.k, minHistory: rule.minHistory },
  );
  if (verdict.status !== 'ok' || !verdict.anomalous) return [];
  return [
    event(
      rule,
      data.target,
      key,
      rule.metric,
      cur.value,
      `${LABELS[rule.metric]} ${round(cur.value)} is ${verdict.score < 0 ? 'below' : 'above'} its usual range ${round(verdict.lower)} to ${round(verdict.upper)} for ${describe(data.target)} (${key})`,
      {
        n: cur.n,
        median: verdict.median,
        spread: verdict.spread,
        lower: verdict.lower,
        upper: verdict.upper,
        k: rule.k,
        score: Number.isFinite(verdict.score) ? verdict.score : null,
        history,
      },
    ),
  ];
}

function detractors(rule: DetractorVerbatimRule, data: AlertTargetData): AlertEvent[] {
  return (data.answers ?? [])
    .filter((a) => a.npsScore !== null && a.npsScore <= rule.maxScore && a.sentimentScore < rule.maxSentiment)
    .map((a) => {
      const period = periodKey(a.answeredAt, 'month');
      return event(
        rule,
        data.target,
        period,
        'nps',
        a.npsScore,
        `Detractor (NPS ${a.npsScore}) with a negative comment from account ${a.accountId}`,
        {
          responseId: a.responseId.toLowerCase(),
          questionId: a.questionId,
          accountId: a.accountId,
          answeredAt: new Date(Date.parse(a.answeredAt)).toISOString(),
          sentiment: a.sentimentScore,
          themes: [...a.themes],
          text: a.text,
        },
        a,
      );
    });
}

/** Whether a rule's scope covers a target (an account rule without `accountId` covers every account). */
export function ruleCoversTarget(rule: AlertRule, target: AlertTarget): boolean {
  if (rule.scope.type === 'account')
    return (
      target.type === 'account' &&
      (rule.scope.accountId === undefined || rule.scope.accountId === target.accountId)
    );
  return target.type === 'segment' && target.id === rule.scope.id;
}

/**
 * The alerts one rule raises on one target's data at `now`. Pure and deterministic: the same rule, data and
 * time always give the same events with the same `dedupKey`s, whatever the order of the data.
 * Threshold: value in the evaluated period beyond the threshold (with `crossing`, the previous period was not);
 * significant change: the core's test between the previous and the evaluated period, p < alpha, in the
 * rule's direction; anomaly: outside the robust band of the trailing months; detractor: each answer
 * with NPS ≤ maxScore and sentiment < maxSentiment. A disabled rule, or one that does not cover the target, raises nothing.
 * @throws CxError `evaluateAlertRule/invalid-now`; errors of the KPI functions (e.g. CES on two scales).
 * @example evaluateAlertRule(AlertRuleSchema.parse({ id: 'low', kind: 'threshold', metric: 'nps', comparator: 'lt', threshold: 0, scope: { type: 'account' } }), data, { now })
 */
export function evaluateAlertRule(
  rule: AlertRule,
  data: AlertTargetData,
  options: AlertEvaluationOptions,
): AlertEvent[] {
  if (!(options.now instanceof Date) || Number.isNaN(options.now.getTime()))
    throw new CxError('evaluateAlertRule/invalid-now', 'now must be a valid Date', { field: 'now' });
  if (!rule.enabled || !ruleCoversTarget(rule, data.target)) return [];
  switch (rule.kind) {
    case 'threshold':
      return rule.metric === 'nps' || rule.metric === 'csat' || rule.metric === 'ces'
        ? thresholdScored(rule, rule.metric, data, options.now)
        : thresholdInsight(rule, data, options.now);
    case 'significant-change':
      return significantChange(rule, data, options.now);
    case 'anomaly':
      return anomaly(rule, data, options.now);
    case 'detractor-negative-verbatim':
      return detractors(rule, data);
  }
}

/**
 * Every alert the rules raise on the targets, each `dedupKey` once (the first in key order wins), sorted by key:
 * duplicated or reordered targets and answers give the same list.
 * @example evaluateAlertRules(rules, targets, { now: new Date() }).map((e) => e.dedupKey)
 */
export function evaluateAlertRules(
  rules: readonly AlertRule[],
  targets: readonly AlertTargetData[],
  options: AlertEvaluationOptions,
): AlertEvent[] {
  const out = new Map<string, AlertEvent>();
  for (const rule of rules)
    for (const data of targets)
      for (const e of evaluateAlertRule(rule, data, options)) {
        const seen = out.get(e.dedupKey);
        if (!seen || JSON.stringify(e) < JSON.stringify(seen)) out.set(e.dedupKey, e);
      }
  return [...out.values()].sort((a, b) => (a.dedupKey < b.dedupKey ? -1 : a.dedupKey > b.dedupKey ? 1 : 0));
}
