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
import { thresholdEvaluate } from './alert-rule.js';
import { ces } from './ces.js';
import { csat } from './csat.js';
import { csatChange } from './csat-change.js';
import { CxError } from './cx-error.js';
import type { KpiResult } from './kpi-result.js';
import { meanChange } from './mean-change.js';
import { nps } from './nps.js';
import { npsChange } from './nps-change.js';
import { periodBounds, periodKey, periodRange, type Period } from './period.js';
import { mergeSummaries, scoredCount, type ScoreSummary } from './score-summary.js';
import { benjaminiHochberg } from './false-discovery-rate.js';
import { exactChangeMidP } from './exact-change-test.js';
import type { NpsCounts } from './nps-interval.js';
import { normalCdf, normalQuantile } from './normal-distribution.js';

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
  const key = evaluatedPeriod(now, rule.period, thresholdEvaluate(rule));
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
  const key = evaluatedPeriod(now, rule.period, thresholdEvaluate(rule));
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

/** A statistical finding before the run's false-discovery control: an event and its p-value. */
interface Candidate {
  event: AlertEvent;
  /** p-value of the test (one-sided with a direction); null for rules without a test (always raised). */
  p: number | null;
  /** The rule's own per-test ceiling: raised only when p < ceiling too. */
  ceiling?: number;
  /** A test that counts in the run's false-discovery family but is never raised (a change already judged). */
  neverRaised?: true;
}

type Direction = 'decrease' | 'increase' | 'any';

function changeTest(metric: ScoredAlertMetric, a: ScoreSummary, b: ScoreSummary, level: number) {
  return metric === 'nps'
    ? npsChange(a, b, { level })
    : metric === 'csat'
      ? csatChange(a, b, { level })
      : meanChange(a, b, { level });
}

/** One- or two-sided p-value of a change in the rule's direction (the two-sided tests are symmetric). */
function directedP(delta: number, p: number, direction: Direction): number {
  if (direction === 'any') return p;
  const inDirection = direction === 'decrease' ? delta < 0 : delta > 0;
  return inDirection ? p / 2 : 1 - p / 2;
}

/** The answers of a tested period scored +1 / 0 / −1 (NPS groups; CSAT satisfied or not), or undefined for CES. */
function scoredCounts(metric: ScoredAlertMetric, r: KpiResult): NpsCounts | undefined {
  if (r.status !== 'ok') return undefined;
  if (metric === 'nps') {
    const d = r.details as NpsCounts;
    return { detractors: d.detractors, passives: d.passives, promoters: d.promoters };
  }
  if (metric === 'csat') {
    const satisfied = (r.details as { satisfied: number }).satisfied;
    return { detractors: r.n - satisfied, passives: 0, promoters: satisfied };
  }
  return undefined;
}

/**
 * The p-value an alert test uses: for NPS and CSAT the exact conditional mid-p test on the period's answers
 * (the normal approximation fails on small or unanimous periods, e.g. a year at 100 % then 9 of 10),
 * falling back to the change test's own p for large periods and for CES (Welch).
 */
function alertP(
  metric: ScoredAlertMetric,
  r: { a: KpiResult; b: KpiResult; delta: number; p: number },
  direction: Direction,
): number {
  const a = scoredCounts(metric, r.a);
  const b = scoredCounts(metric, r.b);
  const exact = a && b ? exactChangeMidP(a, b, direction) : null;
  return exact ?? directedP(r.delta, r.p, direction);
}

const U = (metric: ScoredAlertMetric) =>
  metric === 'nps' ? ' points' : metric === 'csat' ? ' points of percent' : '';

function significantChange(rule: SignificantChangeRule, data: AlertTargetData, now: Date): Candidate[] {
  const key = evaluatedPeriod(now, rule.period, rule.evaluate);
  const prevKey = previousPeriodKey(key, rule.period);
  const a = summaryOf(data, rule.metric, prevKey);
  const b = summaryOf(data, rule.metric, key);
  if (!a || !b) return [];
  const r = changeTest(rule.metric, a, b, 1 - rule.alpha);
  if (r.status !== 'ok' || r.a.n < rule.minResponses || r.b.n < rule.minResponses) return [];
  const p = alertP(rule.metric, r, rule.direction);
  const word = r.delta < 0 ? 'fell' : 'rose';
  return [
    {
      p,
      ceiling: rule.alpha,
      event: event(
        rule,
        data.target,
        key,
        rule.metric,
        r.b.status === 'ok' ? r.b.value : null,
        `${LABELS[rule.metric]} ${word} by ${round(Math.abs(r.delta))}${U(rule.metric)} for ${describe(data.target)} (${prevKey} → ${key}, p = ${p.toPrecision(2)})`,
        {
          delta: r.delta,
          p,
          alpha: rule.alpha,
          direction: rule.direction,
          interval: {
            lower: r.interval.lower,
            upper: r.interval.upper,
            level: r.interval.level,
            method: r.interval.method,
          },
          from: { period: prevKey, value: r.a.status === 'ok' ? r.a.value : null, n: r.a.n },
          to: { period: key, value: r.b.status === 'ok' ? r.b.value : null, n: r.b.n },
        },
      ),
    },
  ];
}

const addMonths = (key: string, months: number) => {
  const { start } = periodBounds(key);
  return periodKey(new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + months, 1)), 'month');
};

function merged(data: AlertTargetData, metric: ScoredAlertMetric, first: string, last: string) {
  const monthly = data.monthly?.[metric] ?? {};
  const months = periodRange(first, last).filter((m) => monthly[m] && scoredCount(monthly[m]) > 0);
  return {
    months,
    summary: months.length > 0 ? mergeSummaries(months.map((m) => monthly[m]!)) : undefined,
  };
}

/** P(X ≥ u, Y ≥ u) for standard normals of correlation ρ: ∫ᵤ^∞ φ(x) Φ((ρx − u)/√(1 − ρ²)) dx (Simpson). */
function bivariateUpper(u: number, rho: number): number {
  if (rho > 1 - 1e-9) return normalCdf(-u);
  const s = Math.sqrt(1 - rho * rho);
  const top = Math.max(u, 0) + 9;
  const steps = 240;
  const h = (top - u) / steps;
  let sum = 0;
  for (let i = 0; i <= steps; i++) {
    const x = u + i * h;
    const f = (Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI)) * normalCdf((rho * x - u) / s);
    sum += f * (i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2);
  }
  return Math.max(0, (sum * h) / 3);
}

/**
 * The p-value of the smallest of the starts' p-values, as a max-statistic: P(max over starts of Zₛ ≥ u) with
 * u = Φ⁻¹(1 − min p), the starts' statistics (recent mean − baseline mean) jointly normal with the correlation
 * their shared answers give under no change (computed from the months' sizes). Bounded above by
 * Hunter-Worsley (the sum of the marginals less the pair terms along the most correlated spanning tree): never
 * above Bonferroni, 0.77-0.94 of it on three nested starts (the gain shrinks as p does) and, there, below
 * Simes' combination, which uses the sizes of the p-values but not how correlated the starts are.
 */
export function maxStartP(
  starts: readonly { p: number; recent: readonly string[]; base: readonly string[] }[],
  n: (month: string) => number,
): number {
  const pMin = Math.min(...starts.map((x) => x.p));
  if (starts.length === 1 || pMin >= 0.5 || pMin < 1e-12) return Math.min(1, starts.length * pMin);
  // Each start's statistic as weights on months: +1/n(recent) on its recent months, −1/n(baseline) on its baseline.
  const weights = starts.map(({ recent, base }) => {
    const w = new Map<string, number>();
    const nr = recent.reduce((a, m) => a + n(m), 0);
    const nb = base.reduce((a, m) => a + n(m), 0);
    for (const m of recent) w.set(m, 1 / nr);
    for (const m of base) w.set(m, -1 / nb);
    return w;
  });
  const cov = (a: Map<string, number>, b: Map<string, number>) => {
    let c = 0;
    for (const [m, x] of a) c += x * (b.get(m) ?? 0) * n(m);
    return c;
  };
  const rho = weights.map((a) => weights.map((b) => cov(a, b) / Math.sqrt(cov(a, a) * cov(b, b))));
  const u = -normalQuantile(pMin);
  // Prim's maximum spanning tree on the correlations; each edge's pair probability is subtracted once.
  const inTree = [0];
  let pairs = 0;
  while (inTree.length < starts.length) {
    let best = { j: -1, r: -Infinity };
    for (const i of inTree)
      for (let j = 0; j < starts.length; j++)
        if (!inTree.includes(j) && rho[i]![j]! > best.r) best = { j, r: rho[i]![j]! };
    inTree.push(best.j);
    pairs += bivariateUpper(u, best.r);
  }
  return Math.min(1, Math.max(pMin, starts.length * pMin - pairs));
}

/**
 * How much better (a p-value this many times smaller) a start before the lookback must fit than the best start
 * within it for the change to be placed before the lookback (already judged, not raised again). The best
 * start alone is a noisy estimate: a fall three months in often fits a month earlier by chance, and taking
 * the argmin found 57 % of simulated 40-point falls within 3 months instead of 66 % (docs/alerts.md).
 */
const ANOMALY_LOCATION_MARGIN = 10;

function anomaly(rule: AnomalyRule, data: AlertTargetData, now: Date): Candidate[] {
  const end = evaluatedPeriod(now, 'month', rule.evaluate);
  const level = 0.95;
  type Found = {
    p: number;
    start: string;
    r: Extract<ReturnType<typeof changeTest>, { status: 'ok' }>;
    months: number;
  };
  let best: Found | undefined;
  let earlier = 1;
  const deciding: { p: number; recent: string[]; base: string[] }[] = [];
  // Starts up to twice the lookback are tried to locate the change; only those within the lookback decide.
  // A change placed clearly earlier was already judged in the runs since it began (and alerted, or absorbed):
  // it is not raised again (it counts in the run with p = 1), so old known falls do not alert every month.
  for (let s = 1; s <= 2 * rule.lookback; s++) {
    const start = addMonths(end, -(s - 1));
    const recent = merged(data, rule.metric, start, end);
    const base = merged(data, rule.metric, addMonths(start, -rule.window), addMonths(start, -1));
    if (!recent.summary || !base.summary || base.months.length < rule.minHistory) continue;
    if (scoredCount(recent.summary) < rule.minResponses) continue;
    const r = changeTest(rule.metric, base.summary, recent.summary, level);
    if (r.status !== 'ok') continue;
    const p = alertP(rule.metric, r, rule.direction);
    if (s <= rule.lookback) deciding.push({ p, recent: recent.months, base: base.months });
    else earlier = Math.min(earlier, p);
    if (!best || p < best.p) best = { p, start, r, months: base.months.length };
  }
  if (!best || deciding.length === 0) return [];
  const within = Math.min(...deciding.map((d) => d.p));
  const located = within <= ANOMALY_LOCATION_MARGIN * earlier;
  // The starts' p-values combined as a max-statistic over the starts (see maxStartP). An account whose change
  // is placed before the lookback still counts as one test of the run, with p = 1: dropping it would let the
  // data choose which accounts enter the false-discovery family (measured: half the stable accounts left out,
  // the rest with p-values twice too small, 34 % of stable monthly runs raising a false alarm at a promised 20 %).
  // The alert's period is the best-fitting start, even when slightly before the lookback: a fall found again
  // a month later then keeps its key.
  const counts = data.monthly?.[rule.metric] ?? {};
  const p = located ? maxStartP(deciding, (m) => scoredCount(counts[m]!)) : 1;
  const { r, start } = best;
  const word = r.delta < 0 ? 'fell' : 'rose';
  const since = start === end ? start : `${start} to ${end}`;
  return [
    {
      p,
      ceiling: rule.alpha,
      ...(located ? {} : { neverRaised: true }),
      event: event(
        rule,
        data.target,
        start,
        rule.metric,
        r.b.status === 'ok' ? r.b.value : null,
        `${LABELS[rule.metric]} ${word} by ${round(Math.abs(r.delta))}${U(rule.metric)} against its usual level for ${describe(data.target)} (${since}, n = ${r.b.n} against ${r.a.n} before, p = ${p.toPrecision(2)})`,
        {
          delta: r.delta,
          p,
          direction: rule.direction,
          changeStart: start,
          evaluatedPeriod: end,
          startsTried: deciding.length,
          interval: {
            lower: r.interval.lower,
            upper: r.interval.upper,
            level: r.interval.level,
            method: r.interval.method,
          },
          baseline: {
            from: addMonths(start, -rule.window),
            to: addMonths(start, -1),
            months: best.months,
            value: r.a.status === 'ok' ? r.a.value : null,
            n: r.a.n,
          },
          recent: { from: start, to: end, value: r.b.status === 'ok' ? r.b.value : null, n: r.b.n },
        },
      ),
    },
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

function candidates(rule: AlertRule, data: AlertTargetData, now: Date): Candidate[] {
  if (!rule.enabled || !ruleCoversTarget(rule, data.target)) return [];
  const always = (events: AlertEvent[]) => events.map((event) => ({ event, p: null }));
  switch (rule.kind) {
    case 'threshold':
      return always(
        rule.metric === 'nps' || rule.metric === 'csat' || rule.metric === 'ces'
          ? thresholdScored(rule, rule.metric, data, now)
          : thresholdInsight(rule, data, now),
      );
    case 'significant-change':
      return significantChange(rule, data, now);
    case 'anomaly':
      return anomaly(rule, data, now);
    case 'detractor-negative-verbatim':
      return always(detractors(rule, data));
  }
}

/** Options of {@link evaluateAlertRules}. */
export interface AlertRunOptions extends AlertEvaluationOptions {
  /** False-discovery rate the run's statistical alerts are held to (Benjamini-Hochberg); default 0.35. */
  falseDiscoveryRate?: number;
  /**
   * Called for a rule whose evaluation throws (e.g. CES answers on two scales); the rule is then left out of the
   * run and the others still run. Without it the error propagates.
   */
  onRuleError?: (rule: AlertRule, error: unknown) => void;
}

/**
 * The default false-discovery rate of an evaluation run: of the statistical alerts one run raises, at most 35 %
 * are expected to be false. Measured with the anomaly rule's defaults (docs/alerts.md, 40 portfolios of 200
 * accounts, 12 answers a month): about 4 % of stable accounts alert in a year and two thirds of 40-point NPS
 * falls are found within 3 months; 0.4 gives about 4.6 % and 70 %, 0.3 about 2.7 % and 63 %.
 */
export const DEFAULT_FALSE_DISCOVERY_RATE = 0.35;

/** One rule with the targets it is evaluated on, as a server reads them rule by rule. */
export interface AlertRuleBatch {
  /** The rule. */
  rule: AlertRule;
  /** Its targets' data. */
  targets: readonly AlertTargetData[];
  /** When this rule is evaluated, if not at the run's `now` (a replay judges each rule's month at its end). */
  now?: Date;
}

/**
 * Every alert of one evaluation run of several rules, each on its own targets (see {@link evaluateAlertRules}).
 * @throws CxError `evaluateAlertRule/invalid-now`, `benjaminiHochberg/invalid-q`; errors of the KPI functions.
 * @example evaluateAlertRun([{ rule, targets }], { now: new Date() })
 */
export function evaluateAlertRun(batches: readonly AlertRuleBatch[], options: AlertRunOptions): AlertEvent[] {
  if (!(options.now instanceof Date) || Number.isNaN(options.now.getTime()))
    throw new CxError('evaluateAlertRule/invalid-now', 'now must be a valid Date', { field: 'now' });
  const q = options.falseDiscoveryRate ?? DEFAULT_FALSE_DISCOVERY_RATE;
  // One hypothesis per key: duplicated targets must not count twice in the false-discovery control.
  const tests = new Map<string, Candidate & { p: number }>();
  const raised = new Map<string, AlertEvent>();
  const keep = (e: AlertEvent) => {
    const seen = raised.get(e.dedupKey);
    if (!seen || JSON.stringify(e) < JSON.stringify(seen)) raised.set(e.dedupKey, e);
  };
  for (const { rule, targets, now } of batches) {
    let found: Candidate[];
    try {
      found = targets.flatMap((data) => candidates(rule, data, now ?? options.now));
    } catch (error) {
      if (!options.onRuleError) throw error;
      options.onRuleError(rule, error);
      continue;
    }
    for (const c of found) {
      if (c.p === null) {
        keep(c.event);
        continue;
      }
      const seen = tests.get(c.event.dedupKey);
      if (!seen || c.p < seen.p || (c.p === seen.p && JSON.stringify(c.event) < JSON.stringify(seen.event)))
        tests.set(c.event.dedupKey, { ...c, p: c.p });
    }
  }
  const list = [...tests.values()];
  const bh = benjaminiHochberg(
    list.map((t) => t.p),
    q,
  );
  list.forEach((t, i) => {
    if (!bh.rejected[i] || t.neverRaised || (t.ceiling !== undefined && !(t.p < t.ceiling))) return;
    keep({
      ...t.event,
      details: { ...t.event.details, q: bh.adjusted[i], falseDiscoveryRate: q, tests: list.length },
    });
  });
  return [...raised.values()].sort((a, b) =>
    a.dedupKey < b.dedupKey ? -1 : a.dedupKey > b.dedupKey ? 1 : 0,
  );
}

/**
 * Every alert the rules raise on the targets in one evaluation run, each `dedupKey` once, sorted by key:
 * duplicated or reordered targets and answers give the same list. Threshold and detractor rules fire as
 * they find; the statistical ones (significant change, anomaly) are tests whose p-values are held together
 * to the run's false-discovery rate by Benjamini-Hochberg, so running every rule on every account does not
 * multiply false alarms. Each raised test's details carry its p, its BH-adjusted `q` and the number of tests.
 * @example evaluateAlertRules(rules, targets, { now: new Date() }).map((e) => e.dedupKey)
 */
export function evaluateAlertRules(
  rules: readonly AlertRule[],
  targets: readonly AlertTargetData[],
  options: AlertRunOptions,
): AlertEvent[] {
  return evaluateAlertRun(
    rules.map((rule) => ({ rule, targets })),
    options,
  );
}

/**
 * The alerts one rule raises on one target's data at `now`, as a run of its own (its tests are not pooled with
 * other targets'). Pure and deterministic: the same rule, data and time always give the same events with the
 * same `dedupKey`s, whatever the order of the data.
 * Threshold: value in the evaluated period beyond the threshold (with `crossing`, the previous period was not);
 * significant change: the core's test between the previous and the evaluated period in the rule's direction;
 * anomaly: the change-point scan against the account's baseline; detractor: each answer with NPS ≤ maxScore
 * and sentiment < maxSentiment. A disabled rule, or one that does not cover the target, raises nothing.
 * @throws CxError `evaluateAlertRule/invalid-now`; errors of the KPI functions (e.g. CES on two scales).
 * @example evaluateAlertRule(AlertRuleSchema.parse({ id: 'low', kind: 'threshold', metric: 'nps', comparator: 'lt', threshold: 0, scope: { type: 'account' } }), data, { now })
 */
export function evaluateAlertRule(
  rule: AlertRule,
  data: AlertTargetData,
  options: AlertRunOptions,
): AlertEvent[] {
  return evaluateAlertRun([{ rule, targets: [data] }], options);
}
