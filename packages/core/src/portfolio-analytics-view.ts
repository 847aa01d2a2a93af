import { z } from 'zod';
import { ALERT_SEVERITIES } from './alert-rule.js';
import { ChurnDriverViewSchema, KpiViewSchema, VerbatimThemeViewSchema } from './account-summary-view.js';

// The portfolio analytics view models: what the server's `/v1/analytics/*` routes answer, and what the
// demo dashboard and the HubSpot app pages render (the app gets a generated copy, checked for drift).

/** The survey KPIs the portfolio analytics report. */
export const ANALYTICS_KPIS = ['nps', 'csat', 'ces', 'c2es'] as const;

/** One of {@link ANALYTICS_KPIS}. */
export type AnalyticsKpi = (typeof ANALYTICS_KPIS)[number];

/** The window of a view: its first and last instants and how many calendar months it spans. */
export const AnalyticsWindowSchema = z.strictObject({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  months: z.int().min(1),
});

/** How a figure stands against the tenant's target (core's compareWithTarget). */
export const TargetViewSchema = z.strictObject({
  target: z.number(),
  /** value − target; null without a value. */
  gap: z.number().nullable(),
  met: z.boolean().nullable(),
  verdict: z.enum([
    'significantly-above',
    'significantly-below',
    'not-distinguishable',
    'no-interval',
    'insufficient-data',
  ]),
});

/** One month of a KPI's trend, with the change from the last earlier month that had a value. */
export const AnalyticsTrendPointSchema = z.strictObject({
  period: z.string(),
  n: z.int().min(0),
  value: z.number().nullable(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  smallSample: z.boolean(),
  change: z
    .strictObject({
      comparedWith: z.string(),
      delta: z.number(),
      p: z.number(),
      significant: z.boolean(),
    })
    .nullable(),
  target: TargetViewSchema.nullable(),
});

/**
 * A pooled KPI over many accounts: its interval is cluster-robust by account (`method: 'cluster-robust'`),
 * since one account's answers (and one person's repeated answers, nested in it) resemble each other; with
 * the clusters, the design effect and the interval as if every answer were independent.
 */
export const PooledKpiViewSchema = KpiViewSchema.extend({
  interval: z
    .strictObject({
      lower: z.number(),
      upper: z.number(),
      level: z.number(),
      method: z.string(),
      /** Accounts behind the interval (absent where accounts are unknown, e.g. a report from monthly totals). */
      clusters: z.int().min(0).optional(),
      /** Variance over the variance if the answers were independent; null below 2 accounts. */
      designEffect: z.number().nullable().optional(),
      /** The single-sample interval, answers taken as independent. */
      independent: z.strictObject({ lower: z.number(), upper: z.number() }).nullable().optional(),
    })
    .nullable(),
});

/** A pooled KPI view. */
export type PooledKpiView = z.infer<typeof PooledKpiViewSchema>;

/** A headline KPI: the window's figure, its target comparison and its monthly trend. */
export const HeadlineKpiSchema = z.strictObject({
  kpi: z.enum(ANALYTICS_KPIS),
  figure: PooledKpiViewSchema,
  target: TargetViewSchema.nullable(),
  trend: z.array(AnalyticsTrendPointSchema),
});

/** `GET /v1/analytics/overview`: the portfolio's headline KPIs, accounts, health and churn exposure. */
export const OverviewViewSchema = z.strictObject({
  generatedAt: z.iso.datetime({ offset: true }),
  window: AnalyticsWindowSchema,
  kpis: z.array(HeadlineKpiSchema),
  accounts: z.strictObject({
    total: z.int().min(0),
    active: z.int().min(0),
    churned: z.int().min(0),
  }),
  health: z.strictObject({
    /** Active accounts with a stored health score. */
    scored: z.int().min(0),
    mean: z.number().nullable(),
    bands: z.array(z.strictObject({ band: z.string(), label: z.string(), accounts: z.int().min(0) })),
  }),
  churn: z.strictObject({
    /** Active accounts with a stored churn risk. */
    scored: z.int().min(0),
    /** Sum of the probabilities: the number of accounts expected to leave within the horizon. */
    expectedChurners: z.number().nullable(),
    /** Σ probability × MRR over the accounts with both. */
    expectedMrrAtRisk: z.number().nullable(),
    /** Accounts whose MRR enters `expectedMrrAtRisk`. */
    mrrKnown: z.int().min(0),
  }),
});

/** One segment's figure. */
export const SegmentFigureSchema = z.strictObject({
  segment: z.string(),
  /** Accounts of the segment with an answer of that KPI in the window. */
  accounts: z.int().min(0),
  figure: PooledKpiViewSchema,
});

/** `GET /v1/analytics/segments`: a KPI per value of an account attribute, and per respondent role. */
export const SegmentsViewSchema = z.strictObject({
  generatedAt: z.iso.datetime({ offset: true }),
  window: AnalyticsWindowSchema,
  kpi: z.enum(ANALYTICS_KPIS),
  /** The attribute segmented on (`role` segments by the respondent's role). */
  dimension: z.string(),
  /** Attributes the tenant's accounts carry (any can be asked for), plus `role`. */
  dimensions: z.array(z.string()),
  overall: PooledKpiViewSchema,
  segments: z.array(SegmentFigureSchema),
});

/** A correlation of an account KPI with an outcome across accounts. */
export const CorrelationViewSchema = z.strictObject({
  metric: z.string(),
  outcome: z.string(),
  method: z.enum(['pearson', 'spearman']),
  /** The coefficient; null when insufficient. */
  rho: z.number().nullable(),
  /** Two-sided p-value of "no correlation". */
  p: z.number().nullable(),
  /** Accounts with both values. */
  n: z.int().min(0),
  interval: z.strictObject({ lower: z.number(), upper: z.number(), level: z.number() }).nullable(),
  smallSample: z.boolean(),
  status: z.enum(['ok', 'insufficient-data']),
  reason: z.string().optional(),
});

/** `GET /v1/analytics/correlations`. */
export const CorrelationsViewSchema = z.strictObject({
  generatedAt: z.iso.datetime({ offset: true }),
  window: AnalyticsWindowSchema,
  /** Accounts need this many answers of a KPI for their value to count. */
  minAnswers: z.int().min(1),
  correlations: z.array(CorrelationViewSchema),
});

/** One account at risk. */
export const AtRiskAccountSchema = z.strictObject({
  accountId: z.string(),
  name: z.string().nullable(),
  churn: z
    .strictObject({
      probability: z.number(),
      source: z.enum(['model', 'prior']),
      horizonDays: z.int(),
      drivers: z.array(ChurnDriverViewSchema),
      computedAt: z.string(),
    })
    .nullable(),
  health: z
    .strictObject({
      score: z.number(),
      band: z.string(),
      bandLabel: z.string(),
      change: z.number().nullable(),
      computedAt: z.string(),
    })
    .nullable(),
  /** The account's NPS over the window. */
  nps: KpiViewSchema,
  mrr: z.number().nullable(),
  mrrTrendPercent: z.number().nullable(),
});

/** `GET /v1/analytics/at-risk`: active accounts by decreasing churn risk, then increasing health. */
export const AtRiskViewSchema = z.strictObject({
  generatedAt: z.iso.datetime({ offset: true }),
  window: AnalyticsWindowSchema,
  /** Active accounts ranked (those with neither churn risk nor health are left out). */
  ranked: z.int().min(0),
  accounts: z.array(AtRiskAccountSchema),
});

/** A theme of the tenant's comments. */
export const TenantThemeSchema = VerbatimThemeViewSchema.extend({
  /** Accounts that mentioned it. */
  accounts: z.int().min(0),
  /** Share of the mentions that were negative (Wilson interval), in percent. */
  negativeShare: KpiViewSchema,
});

/** `GET /v1/analytics/themes`: themes labelled with the tenant's dictionary. */
export const ThemesViewSchema = z.strictObject({
  generatedAt: z.iso.datetime({ offset: true }),
  window: AnalyticsWindowSchema,
  language: z.enum(['en', 'fr']),
  themes: z.array(TenantThemeSchema),
});

/** An alert as the analytics list it: the server's alert with its account's name. */
export const PortfolioAlertSchema = z.strictObject({
  id: z.string(),
  ruleId: z.string(),
  ruleKind: z.string(),
  metric: z.string(),
  severity: z.enum(ALERT_SEVERITIES),
  target: z.strictObject({ type: z.enum(['account', 'segment']), id: z.string() }),
  period: z.string(),
  value: z.union([z.number(), z.string()]).nullable(),
  /** Plain text; renderers must escape it. */
  title: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  acknowledgedAt: z.iso.datetime({ offset: true }).nullable(),
  /** The account's name, for an account alert whose account has one. */
  accountName: z.string().nullable(),
});

/** `GET /v1/analytics/alerts`: counts and the latest alerts with their account names. */
export const AlertsViewSchema = z.strictObject({
  generatedAt: z.iso.datetime({ offset: true }),
  window: AnalyticsWindowSchema,
  total: z.int().min(0),
  open: z.int().min(0),
  bySeverity: z.strictObject({
    info: z.strictObject({ total: z.int().min(0), open: z.int().min(0) }),
    warning: z.strictObject({ total: z.int().min(0), open: z.int().min(0) }),
    critical: z.strictObject({ total: z.int().min(0), open: z.int().min(0) }),
  }),
  latest: z.array(PortfolioAlertSchema),
});

/** An alert of the analytics. */
export type PortfolioAlert = z.infer<typeof PortfolioAlertSchema>;
/** Overview. */
export type OverviewView = z.infer<typeof OverviewViewSchema>;
/** Segments. */
export type SegmentsView = z.infer<typeof SegmentsViewSchema>;
/** Correlations. */
export type CorrelationsView = z.infer<typeof CorrelationsViewSchema>;
/** Accounts at risk. */
export type AtRiskView = z.infer<typeof AtRiskViewSchema>;
/** Themes. */
export type ThemesView = z.infer<typeof ThemesViewSchema>;
/** Alerts. */
export type AlertsView = z.infer<typeof AlertsViewSchema>;
/** One headline KPI. */
export type HeadlineKpi = z.infer<typeof HeadlineKpiSchema>;
/** A target comparison. */
export type TargetView = z.infer<typeof TargetViewSchema>;
