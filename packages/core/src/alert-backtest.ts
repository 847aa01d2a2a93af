import type { AlertEvent, AlertTargetData } from './alert-event.js';
import { evaluateAlertRun, type AlertRuleBatch } from './alert-evaluation.js';
import type { AlertRule, ScoredAlertMetric } from './alert-rule.js';
import { CxError } from './cx-error.js';
import { nextPeriodKey, periodBounds, periodRange } from './period.js';
import { mergeSummaries, type ScoreSummary } from './score-summary.js';

/** The answers of one account (and one role, when known) to one metric in one month, as a summary. */
export interface AccountMonthSummary {
  /** The account. */
  accountId: string;
  /** The respondents' role, when known (segment rules may keep one role). */
  role?: string | undefined;
  /** The metric. */
  metric: ScoredAlertMetric;
  /** Month key, `2026-03`. */
  month: string;
  /** The month's answers. */
  summary: ScoreSummary;
}

/** A rule a replay cannot judge from answers alone, and why. */
export interface SkippedRule {
  /** The rule. */
  ruleId: string;
  /** Why it is not replayed. */
  reason: string;
}

/** An alert a replay raised, with the evaluation that raised it first. */
export type BacktestAlert = AlertEvent & {
  /** When the live server would have raised it: the end of the month replayed (ISO 8601). */
  evaluatedAt: string;
};

/** Result of {@link backtestAlertRules}. */
export interface BacktestResult {
  /** Rule × target × month evaluations performed. */
  evaluations: number;
  /** Months replayed, in order. */
  months: string[];
  /** Each alert once (as the server's unique key keeps it), in the order raised. */
  alerts: BacktestAlert[];
  /** Rules left out (health, churn and verbatim rules need more than answers). */
  skipped: SkippedRule[];
}

/** Options of {@link backtestAlertRules}. */
export interface BacktestOptions {
  /** First month replayed, `YYYY-MM`. */
  from: string;
  /** Last month replayed, `YYYY-MM`. */
  to: string;
  /** False-discovery rate of each monthly run; default the live server's. */
  falseDiscoveryRate?: number;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Whether a rule judges survey answers (and so can be replayed from them). */
function scoredMetric(rule: AlertRule): ScoredAlertMetric | undefined {
  if (rule.kind === 'detractor-negative-verbatim') return undefined;
  return rule.metric === 'nps' || rule.metric === 'csat' || rule.metric === 'ces' ? rule.metric : undefined;
}

/**
 * The targets a rule is evaluated on, from monthly per-account summaries, as the server reads its aggregates:
 * one per account for account rules (only the named account when the rule names one), one pooled target for a
 * segment (its accounts, or all; one role if the segment names it).
 * @throws CxError `mergeSummaries/*` when an account's months of one metric are on different scales.
 */
export function alertTargetsFromSummaries(
  rule: AlertRule,
  rows: readonly AccountMonthSummary[],
): AlertTargetData[] {
  const metric = scoredMetric(rule);
  if (metric === undefined) return [];
  const scope = rule.scope;
  const byTarget = new Map<
    string,
    { target: AlertTargetData['target']; months: Map<string, ScoreSummary[]> }
  >();
  const accounts = scope.type === 'segment' && scope.accountIds ? new Set(scope.accountIds) : undefined;
  for (const row of rows) {
    if (row.metric !== metric) continue;
    if (scope.type === 'account' && scope.accountId !== undefined && row.accountId !== scope.accountId)
      continue;
    if (scope.type === 'segment' && accounts && !accounts.has(row.accountId)) continue;
    if (scope.type === 'segment' && scope.role !== undefined && row.role !== scope.role) continue;
    const target: AlertTargetData['target'] =
      scope.type === 'segment'
        ? { type: 'segment', id: scope.id }
        : { type: 'account', accountId: row.accountId };
    const key = scope.type === 'segment' ? `s:${scope.id}` : `a:${row.accountId}`;
    const entry = byTarget.get(key) ?? { target, months: new Map() };
    entry.months.set(row.month, [...(entry.months.get(row.month) ?? []), row.summary]);
    byTarget.set(key, entry);
  }
  return [...byTarget.values()].map(({ target, months }) => {
    const monthly: Record<string, ScoreSummary> = {};
    for (const [month, list] of months) monthly[month] = mergeSummaries(list);
    return { target, monthly: { [metric]: monthly } };
  });
}

/**
 * Replays rules over a history month by month, as the live server would have evaluated them at each month's
 * end: a `last-complete` rule judges the month just ended, a `current` one the month at its last moment; each
 * month is one run, its statistical alerts held to the false-discovery rate together. An alert found again
 * in a later month (same key) is reported once, at the first. Health, churn and verbatim rules are skipped
 * (they need stored scores or analysed comments) and listed in `skipped`.
 * @throws CxError `backtestAlertRules/invalid-month` naming `from` or `to`, `/empty-range` when from > to.
 * @example backtestAlertRules(rules, rows, { from: '2025-01', to: '2025-12' }).alerts.length
 */
export function backtestAlertRules(
  rules: readonly AlertRule[],
  rows: readonly AccountMonthSummary[],
  options: BacktestOptions,
): BacktestResult {
  for (const field of ['from', 'to'] as const)
    if (!MONTH.test(options[field]))
      throw new CxError(
        'backtestAlertRules/invalid-month',
        `${field} must be a month YYYY-MM, got "${options[field]}"`,
        {
          field,
        },
      );
  if (options.from > options.to)
    throw new CxError(
      'backtestAlertRules/empty-range',
      `from (${options.from}) is after to (${options.to})`,
      {
        field: 'from',
      },
    );
  const skipped: SkippedRule[] = [];
  const replayed: { rule: AlertRule; targets: AlertTargetData[] }[] = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    if (scoredMetric(rule) === undefined) {
      skipped.push({
        ruleId: rule.id,
        reason:
          rule.kind === 'detractor-negative-verbatim'
            ? 'needs analysed open answers'
            : `needs stored ${rule.kind === 'threshold' ? rule.metric : ''} results, not answers`,
      });
      continue;
    }
    replayed.push({ rule, targets: alertTargetsFromSummaries(rule, rows) });
  }
  const months = periodRange(options.from, options.to);
  const seen = new Set<string>();
  const alerts: BacktestAlert[] = [];
  let evaluations = 0;
  for (const month of months) {
    const end = periodBounds(nextPeriodKey(month)).start;
    const lastMoment = new Date(end.getTime() - 1);
    const batches: AlertRuleBatch[] = replayed.map(({ rule, targets }) => ({
      rule,
      targets,
      now: 'evaluate' in rule && rule.evaluate === 'current' ? lastMoment : end,
    }));
    evaluations += replayed.reduce((sum, r) => sum + r.targets.length, 0);
    for (const e of evaluateAlertRun(batches, {
      now: end,
      ...(options.falseDiscoveryRate === undefined ? {} : { falseDiscoveryRate: options.falseDiscoveryRate }),
    })) {
      if (seen.has(e.dedupKey)) continue;
      seen.add(e.dedupKey);
      alerts.push({ ...e, evaluatedAt: end.toISOString() });
    }
  }
  return { evaluations, months, alerts, skipped };
}

/** A replayed alert as the preview API and `cxkit alerts --json` show it: the target flattened to an id. */
export interface BacktestAlertView {
  /** The rule that fired. */
  ruleId: string;
  /** The account, for an account alert. */
  accountId?: string;
  /** The segment, for a segment alert. */
  segmentId?: string;
  /** Period key the alert belongs to. */
  period: string;
  /** The rule's severity. */
  severity: BacktestAlert['severity'];
  /** The rule's kind. */
  kind: BacktestAlert['ruleKind'];
  /** Metric watched. */
  metric: BacktestAlert['metric'];
  /** The value that fired. */
  value: BacktestAlert['value'];
  /** When the live server would have raised it. */
  evaluatedAt: string;
  /** One line for people. */
  title: string;
  /** What the decision rested on. */
  details: Record<string, unknown>;
}

/** The shown form of a replayed alert, one for the server's preview and the CLI so both print the same document. */
export function backtestAlertView(a: BacktestAlert): BacktestAlertView {
  return {
    ruleId: a.ruleId,
    ...(a.target.type === 'account' ? { accountId: a.target.accountId } : { segmentId: a.target.id }),
    period: a.period,
    severity: a.severity,
    kind: a.ruleKind,
    metric: a.metric,
    value: a.value,
    evaluatedAt: a.evaluatedAt,
    title: a.title,
    details: a.details,
  };
}
