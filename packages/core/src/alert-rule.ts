import { z } from 'zod';
import { IdSchema } from './survey-definition.js';

/** What an alert rule watches for. */
export const ALERT_RULE_KINDS = [
  'threshold',
  'significant-change',
  'anomaly',
  'detractor-negative-verbatim',
] as const;

/** Metrics a rule can watch: survey scores per period, and the account's latest health and churn risk. */
export const ALERT_METRICS = ['nps', 'csat', 'ces', 'health-score', 'health-band', 'churn-risk'] as const;

/** Metrics computed from survey answers, which have a sample per period (and so a test and a series). */
export const SCORED_ALERT_METRICS = ['nps', 'csat', 'ces'] as const;

/** Comparators of a threshold: the alert fires when `value <comparator> threshold`. */
export const ALERT_COMPARATORS = ['lt', 'lte', 'gt', 'gte'] as const;

/** Severity shown with an alert. */
export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;

/** A watched metric. */
export type AlertMetric = (typeof ALERT_METRICS)[number];
/** A metric with a sample per period. */
export type ScoredAlertMetric = (typeof SCORED_ALERT_METRICS)[number];
/** A threshold comparator. */
export type AlertComparator = (typeof ALERT_COMPARATORS)[number];
/** An alert's severity. */
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

const AccountIdSchema = z.string().min(1).max(128);

/**
 * Where a rule looks: one account, every account (each judged alone, `accountId` omitted), or a segment
 * (the answers of its accounts pooled; every account of the tenant when `accountIds` is omitted,
 * optionally only the answers of one role).
 */
export const AlertScopeSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('account'), accountId: AccountIdSchema.optional() }),
  z.strictObject({
    type: z.literal('segment'),
    /** Names the segment in alerts and dedup keys. */
    id: IdSchema,
    accountIds: z.array(AccountIdSchema).min(1).max(10_000).optional(),
    role: z.string().min(1).max(64).optional(),
  }),
]);

/** A rule's scope. */
export type AlertScope = z.infer<typeof AlertScopeSchema>;

const common = {
  id: IdSchema,
  name: z.string().min(1).max(200).optional(),
  enabled: z.boolean().default(true),
  severity: z.enum(ALERT_SEVERITIES).default('warning'),
  scope: AlertScopeSchema,
};

/**
 * `last-complete` (default): the period before the one in progress, judged once all its answers are in;
 * `current`: the period in progress, re-judged as answers arrive (more false alarms: each re-test is a new
 * chance to cross the line).
 */
const EvaluateSchema = z.enum(['current', 'last-complete']).default('last-complete');

/**
 * A threshold rule's `evaluate`, left unset by default so the evaluation picks by metric (see
 * {@link thresholdEvaluate}): a survey value is judged on the complete period, a health or churn computation
 * as soon as it happens (each is a complete figure, and a CSM should hear of a red band the day it turns).
 */
const ThresholdEvaluateSchema = z.enum(['current', 'last-complete']).optional();
const MinResponsesSchema = z.int().min(1).max(100_000).default(10);

/**
 * Fires when a metric is beyond a threshold in a period. `crossing` (default) fires only when the previous
 * period was not beyond it (or had no value); `every-period` fires once in every period it stays beyond.
 * `health-band` compares the band id with `bands` instead of a number.
 */
export const ThresholdRuleSchema = z.strictObject({
  ...common,
  kind: z.literal('threshold'),
  metric: z.enum(ALERT_METRICS),
  comparator: z.enum(ALERT_COMPARATORS).optional(),
  threshold: z.number().finite().optional(),
  bands: z.array(z.string().min(1).max(64)).min(1).max(20).optional(),
  period: z.enum(['month', 'quarter']).default('month'),
  evaluate: ThresholdEvaluateSchema,
  trigger: z.enum(['crossing', 'every-period']).default('crossing'),
  /** Scored answers a period needs before its value counts (small samples move a lot). */
  minResponses: MinResponsesSchema,
});

/**
 * Fires when a survey metric changed significantly from the previous period to the evaluated one, by the
 * core's two-sample tests, each using both periods' sample sizes: {@link npsChange} (adjusted Wald on the
 * trinomial), {@link csatChange} (Newcombe on the binomial), {@link meanChange} (Welch) for CES. With a
 * direction the test is one-sided. Its p-value joins the run's false-discovery control (see
 * {@link evaluateAlertRules}); `alpha` is an extra per-test ceiling.
 */
export const SignificantChangeRuleSchema = z.strictObject({
  ...common,
  kind: z.literal('significant-change'),
  metric: z.enum(SCORED_ALERT_METRICS),
  direction: z.enum(['decrease', 'increase', 'any']).default('decrease'),
  /** Per-test ceiling: fires only when p < alpha (and the run's false-discovery control keeps it). */
  alpha: z.number().gt(0).lt(0.5).default(0.05),
  period: z.enum(['month', 'quarter']).default('month'),
  evaluate: EvaluateSchema,
  minResponses: MinResponsesSchema,
});

/**
 * Fires when the latest months differ from the account's own baseline more than their sampling error allows:
 * a change-point scan that, for each possible start of a change within the last `lookback` months, compares
 * the answers since that start with the pooled answers of the `window` months before it (so the baseline
 * carries its own uncertainty, and a flat history is still a sample, not a zero-width band), by the same
 * two-sample tests as significant-change rules; the starts' p-values, combined as a max-statistic, join the run's
 * false-discovery control. The event's period is the month the change started, so a
 * change found again the next month is the same alert. `k` is accepted for rules written before and ignored.
 */
export const AnomalyRuleSchema = z.strictObject({
  ...common,
  kind: z.literal('anomaly'),
  metric: z.enum(SCORED_ALERT_METRICS),
  /** A fall by default (what a CSM acts on; a one-sided test finds it sooner); `any` hears of rises too. */
  direction: z.enum(['decrease', 'increase', 'any']).default('decrease'),
  /** Per-test ceiling: fires only when p < alpha too (keeps a tenant with few accounts at 5 % per test). */
  alpha: z.number().gt(0).lt(0.5).default(0.05),
  /** Deprecated (the robust-band rule's width); ignored. */
  k: z.number().gt(0).max(20).optional(),
  /** Baseline months before a change's start (two years: a larger baseline is a sharper reference; measured). */
  window: z.int().min(2).max(60).default(24),
  /** Latest months in which a change may have started. */
  lookback: z.int().min(1).max(6).default(3),
  /** Baseline months with answers needed. */
  minHistory: z.int().min(2).max(60).default(6),
  evaluate: EvaluateSchema,
  /** Scored answers needed since a change's start. */
  minResponses: z.int().min(1).max(100_000).default(5),
});

/** Fires once per answer whose NPS is at most `maxScore` (a detractor) with a negative open answer. */
export const DetractorVerbatimRuleSchema = z.strictObject({
  ...common,
  kind: z.literal('detractor-negative-verbatim'),
  maxScore: z.int().min(0).max(10).default(6),
  /** Sentiment score below which the open answer counts as negative (default: the `negative` label's bound). */
  maxSentiment: z.number().min(-1).max(1).default(-0.05),
});

const PER_ACCOUNT: readonly AlertMetric[] = ['health-score', 'health-band', 'churn-risk'];

/**
 * An alert rule of a tenant, validated at the admin API. Cross-field rules: numeric thresholds need
 * `comparator` and `threshold`, `health-band` needs `bands`. On a segment, health and churn are the
 * accounts' mean (score, probability) and `health-band` is the share of accounts in `bands` (0-1),
 * compared with `comparator` and `threshold`; a segment's `role` does not apply to them.
 */
export const AlertRuleSchema = z
  .discriminatedUnion('kind', [
    ThresholdRuleSchema,
    SignificantChangeRuleSchema,
    AnomalyRuleSchema,
    DetractorVerbatimRuleSchema,
  ])
  .superRefine((rule, ctx) => {
    if (rule.kind === 'anomaly' && rule.minHistory > rule.window)
      ctx.addIssue({ code: 'custom', path: ['minHistory'], message: 'must be at most window' });
    if (rule.kind !== 'threshold') return;
    const segment = rule.scope.type === 'segment';
    if (PER_ACCOUNT.includes(rule.metric) && rule.scope.type === 'segment' && rule.scope.role !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['scope', 'role'],
        message: `${rule.metric} is computed per account, not per role`,
      });
    if (rule.metric === 'health-band') {
      if (rule.bands === undefined)
        ctx.addIssue({ code: 'custom', path: ['bands'], message: 'required for health-band' });
      if (!segment) return;
      if (rule.threshold !== undefined && (rule.threshold < 0 || rule.threshold > 1))
        ctx.addIssue({
          code: 'custom',
          path: ['threshold'],
          message: 'a share of accounts between 0 and 1 for health-band on a segment',
        });
    }
    if (rule.comparator === undefined)
      ctx.addIssue({ code: 'custom', path: ['comparator'], message: `required for ${rule.metric}` });
    if (rule.threshold === undefined)
      ctx.addIssue({ code: 'custom', path: ['threshold'], message: `required for ${rule.metric}` });
  });

/** A validated alert rule. */
export type AlertRule = z.infer<typeof AlertRuleSchema>;
/** An alert rule as written by an admin (defaults not applied). */
export type AlertRuleInput = z.input<typeof AlertRuleSchema>;
/** A threshold rule. */
export type ThresholdRule = z.infer<typeof ThresholdRuleSchema>;
/** A significant-change rule. */
export type SignificantChangeRule = z.infer<typeof SignificantChangeRuleSchema>;
/** An anomaly rule. */
export type AnomalyRule = z.infer<typeof AnomalyRuleSchema>;
/** A detractor-with-negative-verbatim rule. */
export type DetractorVerbatimRule = z.infer<typeof DetractorVerbatimRuleSchema>;

/**
 * The period a threshold rule judges: its `evaluate`, else `last-complete` for survey metrics (a month's value
 * is only final once the month is over) and `current` for health and churn computations.
 * @example thresholdEvaluate(AlertRuleSchema.parse({ id: 'red', kind: 'threshold', metric: 'health-band', bands: ['at-risk'], scope: { type: 'account' } }) as ThresholdRule) // 'current'
 */
export function thresholdEvaluate(rule: ThresholdRule): 'current' | 'last-complete' {
  return (
    rule.evaluate ??
    ((SCORED_ALERT_METRICS as readonly string[]).includes(rule.metric) ? 'last-complete' : 'current')
  );
}
