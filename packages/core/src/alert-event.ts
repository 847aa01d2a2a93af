import type { AlertMetric, AlertRule, AlertSeverity } from './alert-rule.js';
import type { ScoredAlertMetric } from './alert-rule.js';
import type { ScoreSummary } from './score-summary.js';

/** What one evaluation looks at: one account, or one segment with its answers pooled. */
export type AlertTarget = { type: 'account'; accountId: string } | { type: 'segment'; id: string };

/** An answer a detractor rule judges: its NPS and the analysis of one of its open answers. */
export interface AlertAnswer {
  /** Response id. */
  responseId: string;
  /** The open question analysed. */
  questionId: string;
  /** The answering account. */
  accountId: string;
  /** ISO 8601 time of the answer. */
  answeredAt: string;
  /** The response's NPS (0-10), null when not answered. */
  npsScore: number | null;
  /** Sentiment score in [-1, 1] of the open answer. */
  sentimentScore: number;
  /** Theme ids of the open answer. */
  themes: readonly string[];
  /** The open answer (plain text; renderers escape it). */
  text: string;
}

/** One dated health score or churn risk of an account. */
export interface InsightPoint {
  /** ISO 8601 time it was computed. */
  computedAt: string;
  /** Health score 0-100 or churn probability 0-1. */
  value: number;
  /** Health band id (health points only). */
  band?: string;
}

/** The data a rule is evaluated on, for one target. */
export interface AlertTargetData {
  /** Whose data this is. */
  target: AlertTarget;
  /** Monthly score summaries per metric keyed by month (`2026-03`), one scale per metric. */
  monthly?: Partial<Record<ScoredAlertMetric, Readonly<Record<string, ScoreSummary>>>>;
  /** Health scores, any order. */
  health?: readonly InsightPoint[];
  /** Churn risks, any order. */
  churn?: readonly InsightPoint[];
  /** Analysed open answers with their NPS, any order. */
  answers?: readonly AlertAnswer[];
}

/** An alert a rule raised: plain JSON, identified by its `dedupKey`. */
export interface AlertEvent {
  /** `rule|target|period|metric` (+ `|response/question` for an answer): the same event always gets the same key. */
  dedupKey: string;
  /** The rule that fired. */
  ruleId: string;
  /** The rule's kind. */
  ruleKind: AlertRule['kind'];
  /** Metric watched (`nps` for detractor answers). */
  metric: AlertMetric;
  /** The rule's severity. */
  severity: AlertSeverity;
  /** Account or segment concerned. */
  target: AlertTarget;
  /** Period key (`2026-03`, `2026-Q1`) the event belongs to. */
  period: string;
  /** The value that fired (a number, or the health band id). */
  value: number | string | null;
  /** One line for people (plain text). */
  title: string;
  /** What the decision rested on (n, threshold, p, band, quote), JSON. */
  details: Record<string, unknown>;
}

/** The stable text form of a target: `account:<id>` or `segment:<id>`. */
export function alertTargetKey(target: AlertTarget): string {
  return target.type === 'account' ? `account:${target.accountId}` : `segment:${target.id}`;
}

/**
 * The deduplication key of an event: rule id, target, period and metric (and the answer for per-answer events),
 * so evaluating the same data again, or in another order, yields the same key and storage keeps one alert.
 * @example alertDedupKey('nps-low', { type: 'account', accountId: 'acme' }, '2026-03', 'nps') // 'nps-low|account:acme|2026-03|nps'
 */
export function alertDedupKey(
  ruleId: string,
  target: AlertTarget,
  period: string,
  metric: AlertMetric,
  answer?: { responseId: string; questionId: string },
): string {
  const base = `${ruleId}|${alertTargetKey(target)}|${period}|${metric}`;
  return answer ? `${base}|${answer.responseId.toLowerCase()}/${answer.questionId}` : base;
}
