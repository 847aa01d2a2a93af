import {
  emptySummary,
  periodBounds,
  periodKey,
  scoredCount,
  mergeSummaries,
  type AlertAnswer,
  type AlertRule,
  type AlertTarget,
  type AlertTargetData,
  segmentInsightPoints,
  thresholdEvaluate,
  type AccountInsightPoint,
  type InsightPoint,
  type ScoreSummary,
  type ScoredAlertMetric,
} from '@cxkit/core';
import type { Queryable } from '../db/database.js';
import {
  selectInsightPoints,
  selectNegativeVerbatims,
  selectScoreAggregates,
  type AggregateRow,
} from './alert-inputs-store.js';

/** How far back a detractor rule looks for answers (by answer time): recent answers page people, imports of old ones do not. */
export const DETRACTOR_LOOKBACK_DAYS = 31;

const monthStart = (d: Date, back: number) =>
  new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back, 1));

/** The months a rule reads at `now`: the evaluated period and the one before (or the anomaly scan's months). */
export function monthsNeeded(rule: AlertRule, now: Date): { first: string; last: string } {
  const last = periodKey(now, 'month');
  switch (rule.kind) {
    case 'anomaly':
      // The baseline window before the earliest change start the scan tries (twice the lookback, to locate
      // changes that began earlier), one month further back for `last-complete`: the same months a replay reads.
      return {
        first: periodKey(
          monthStart(now, rule.window + 2 * rule.lookback - 1 + (rule.evaluate === 'last-complete' ? 1 : 0)),
          'month',
        ),
        last,
      };
    case 'threshold':
    case 'significant-change': {
      // Previous and evaluated periods, one further back for `last-complete`.
      const evaluate = rule.kind === 'threshold' ? thresholdEvaluate(rule) : rule.evaluate;
      const span = (rule.period === 'quarter' ? 3 : 1) * (evaluate === 'last-complete' ? 3 : 2);
      const start = periodBounds(periodKey(monthStart(now, span - 1), rule.period)).start;
      return { first: periodKey(start, 'month'), last };
    }
    case 'detractor-negative-verbatim':
      return { first: last, last };
  }
}

const targetOf = (rule: AlertRule, accountId: string): AlertTarget =>
  rule.scope.type === 'segment' ? { type: 'segment', id: rule.scope.id } : { type: 'account', accountId };

const keyOf = (t: AlertTarget) => (t.type === 'account' ? `a:${t.accountId}` : `s:${t.id}`);

function toSummary(kind: ScoredAlertMetric, r: AggregateRow): ScoreSummary {
  const s = emptySummary(kind, { min: r.scale_min, max: r.scale_max, polarity: r.polarity });
  for (let v = r.scale_min; v <= r.scale_max; v++) s.counts[v - r.scale_min] = Number(r[`c${v}`] ?? 0);
  s.cantRecommend = Number(r.cant_recommend);
  s.skipped = Number(r.skipped);
  return s;
}

/**
 * Monthly summaries per target: on the scale most answers used over the months read (answers on other
 * scales cannot merge, as in the account summary).
 */
async function monthlySummaries(
  db: Queryable,
  tenantId: string,
  rule: AlertRule & { metric: ScoredAlertMetric },
  now: Date,
): Promise<Map<string, { target: AlertTarget; monthly: Record<string, ScoreSummary> }>> {
  const { first, last } = monthsNeeded(rule, now);
  const rows = await selectScoreAggregates(db, tenantId, {
    metric: rule.metric,
    first,
    last,
    scope: rule.scope,
  });
  const byTarget = new Map<string, { target: AlertTarget; rows: AggregateRow[] }>();
  for (const row of rows) {
    const target = targetOf(rule, row.account_id);
    const entry = byTarget.get(keyOf(target)) ?? { target, rows: [] };
    entry.rows.push(row);
    byTarget.set(keyOf(target), entry);
  }
  const out = new Map<string, { target: AlertTarget; monthly: Record<string, ScoreSummary> }>();
  for (const [key, { target, rows }] of byTarget) {
    const scales = new Map<string, number>();
    for (const row of rows) {
      const k = `${row.scale_min}|${row.scale_max}|${row.polarity}`;
      scales.set(k, (scales.get(k) ?? 0) + scoredCount(toSummary(rule.metric, row)));
    }
    const best = [...scales.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
    const byMonth = new Map<string, ScoreSummary[]>();
    for (const row of rows) {
      if (`${row.scale_min}|${row.scale_max}|${row.polarity}` !== best) continue;
      byMonth.set(row.month, [...(byMonth.get(row.month) ?? []), toSummary(rule.metric, row)]);
    }
    const monthly: Record<string, ScoreSummary> = {};
    for (const [month, list] of byMonth) monthly[month] = mergeSummaries(list);
    out.set(key, { target, monthly });
  }
  return out;
}

/** Health or churn points of the evaluated period, plus each account's last point before it (for crossings). */
async function insightPoints(
  db: Queryable,
  tenantId: string,
  rule: AlertRule & { kind: 'threshold' },
  now: Date,
): Promise<Map<string, { target: AlertTarget; points: InsightPoint[] }>> {
  const kind = rule.metric === 'churn-risk' ? 'churn' : 'health';
  const current = periodKey(now, rule.period);
  const key =
    thresholdEvaluate(rule) === 'current'
      ? current
      : periodKey(new Date(periodBounds(current).start.getTime() - 1), rule.period);
  const { start, end } = periodBounds(key);
  const rows = await selectInsightPoints(db, tenantId, { kind, start, end, now, scope: rule.scope });
  const out = new Map<string, { target: AlertTarget; points: AccountInsightPoint[] }>();
  for (const row of rows) {
    const value = kind === 'churn' ? row.payload.probability : row.payload.score;
    if (typeof value !== 'number') continue;
    const target = targetOf(rule, row.account_id);
    const entry = out.get(keyOf(target)) ?? { target, points: [] };
    entry.points.push({
      accountId: row.account_id,
      computedAt: new Date(row.computed_at).toISOString(),
      value,
      ...(typeof row.payload.band === 'string' ? { band: row.payload.band } : {}),
    });
    out.set(keyOf(target), entry);
  }
  if (rule.scope.type === 'account') return out;
  // A segment is judged on its accounts together: their mean, or the share of them in the bands.
  const bands = rule.metric === 'health-band' ? rule.bands : undefined;
  return new Map(
    [...out].map(([k, e]) => [k, { target: e.target, points: segmentInsightPoints(e.points, bands) }]),
  );
}

/** Recent analysed open answers below the rule's sentiment bound, with their response's NPS. */
async function detractorAnswers(
  db: Queryable,
  tenantId: string,
  rule: AlertRule & { kind: 'detractor-negative-verbatim' },
  now: Date,
): Promise<Map<string, { target: AlertTarget; answers: AlertAnswer[] }>> {
  const rows = await selectNegativeVerbatims(db, tenantId, {
    maxSentiment: rule.maxSentiment,
    since: new Date(now.getTime() - DETRACTOR_LOOKBACK_DAYS * 86_400_000),
    scope: rule.scope,
  });
  const out = new Map<string, { target: AlertTarget; answers: AlertAnswer[] }>();
  for (const row of rows) {
    const answers = (Array.isArray(row.answers) ? row.answers : []) as {
      kind?: unknown;
      questionId?: unknown;
      value?: unknown;
    }[];
    const score = answers.find((a) => a.kind === 'nps' && typeof a.value === 'number')?.value;
    const text = answers.find((a) => a.kind === 'text' && a.questionId === row.question_id)?.value;
    const target = targetOf(rule, row.account_id);
    const entry = out.get(keyOf(target)) ?? { target, answers: [] };
    entry.answers.push({
      responseId: row.response_id,
      questionId: row.question_id,
      accountId: row.account_id,
      answeredAt: new Date(row.answered_at).toISOString(),
      npsScore: typeof score === 'number' ? score : null,
      sentimentScore: Number(row.sentiment_score),
      themes: row.themes,
      text: typeof text === 'string' ? text : '',
    });
    out.set(keyOf(target), entry);
  }
  return out;
}

/**
 * Reads what one rule needs from storage at `now`, as one {@link AlertTargetData} per target: per account
 * for account rules (every account with data when the rule names none), one pooled target for a segment.
 * Reads only the months the rule looks at, from the monthly aggregates, never the raw answers
 * (detractor rules read the analysed negative answers of the last {@link DETRACTOR_LOOKBACK_DAYS} days).
 */
export async function loadAlertInputs(
  db: Queryable,
  tenantId: string,
  rule: AlertRule,
  now: Date,
): Promise<AlertTargetData[]> {
  if (rule.kind === 'detractor-negative-verbatim')
    return [...(await detractorAnswers(db, tenantId, rule, now)).values()].map(({ target, answers }) => ({
      target,
      answers,
    }));
  if (
    rule.kind === 'threshold' &&
    (rule.metric === 'health-score' || rule.metric === 'health-band' || rule.metric === 'churn-risk')
  ) {
    const points = await insightPoints(db, tenantId, rule, now);
    return [...points.values()].map(({ target, points: p }) =>
      rule.metric === 'churn-risk' ? { target, churn: p } : { target, health: p },
    );
  }
  const metric = rule.metric as ScoredAlertMetric;
  const summaries = await monthlySummaries(
    db,
    tenantId,
    { ...rule, metric } as AlertRule & { metric: ScoredAlertMetric },
    now,
  );
  return [...summaries.values()].map(({ target, monthly }) => ({ target, monthly: { [metric]: monthly } }));
}
