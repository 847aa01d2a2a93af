import { z } from 'zod';

/**
 * A KPI flattened for display (the HubSpot card cannot import core, so the server sends
 * ready-to-format numbers). `value` is null exactly when `status` is `insufficient-data`.
 */
export const KpiViewSchema = z.strictObject({
  status: z.enum(['ok', 'insufficient-data']),
  n: z.int().min(0),
  value: z.number().nullable(),
  unit: z.enum(['points', 'percent', 'scale']),
  /** For `scale` units: the scale's ends, so 5.6 can be shown as "5.6 / 7". */
  scale: z.strictObject({ min: z.number(), max: z.number() }).optional(),
  interval: z
    .strictObject({ lower: z.number(), upper: z.number(), level: z.number(), method: z.string() })
    .nullable(),
  smallSample: z.boolean(),
  reason: z.string().optional(),
});

/** A display-ready KPI. */
export type KpiView = z.infer<typeof KpiViewSchema>;

/** One point of a monthly trend. */
export const TrendPointSchema = z.strictObject({
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/),
  n: z.int().min(0),
  value: z.number().nullable(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
});

/** A health-score component's contribution to the score. */
export const HealthContributionViewSchema = z.strictObject({
  component: z.string(),
  label: z.string(),
  /** Points this component adds to the 0-100 score (weight x normalised value). */
  points: z.number(),
  /** The component's normalised 0-100 value. */
  normalized: z.number(),
  /** The effective (renormalised) weight, 0-1. */
  weight: z.number(),
  /** The raw input, for a tooltip ("NPS 34", "12 open tickets"); null when the account had none. */
  raw: z.union([z.number(), z.string()]).nullable(),
  /** True when the account had no value and the component's "when missing" score counted (e.g. never answered). */
  imputed: z.boolean().optional(),
});

/** How a health component moved the score since the previous period. */
export const HealthMoverViewSchema = z.strictObject({
  component: z.string(),
  label: z.string(),
  /** Change of the component's points; the movers add up to the score change. */
  points: z.number(),
});

/** A churn driver: a signed contribution to the log-odds, in plain words. */
export const ChurnDriverViewSchema = z.strictObject({
  feature: z.string(),
  /** Signed contribution; positive raises the risk. */
  contribution: z.number(),
  text: z.string(),
});

/** A theme of an account's open answers: how often, with which sentiment, and a few quotes. */
export const VerbatimThemeViewSchema = z.strictObject({
  theme: z.string(),
  label: z.string(),
  count: z.int().min(0),
  sentiment: z.strictObject({ negative: z.int().min(0), neutral: z.int().min(0), positive: z.int().min(0) }),
  meanScore: z.number().min(-1).max(1),
  /** Plain text quotes; renderers must escape them. */
  examples: z.array(z.strictObject({ text: z.string(), sentiment: z.number().min(-1).max(1) })),
});

/**
 * The account view model the server returns from `GET /v1/accounts/:id/summary`
 * and the HubSpot card renders as is.
 */
export const AccountSummaryViewSchema = z.strictObject({
  accountId: z.string(),
  name: z.string().nullable(),
  generatedAt: z.iso.datetime({ offset: true }),
  /** Roll-up window and mode used for the headline figures. */
  window: z.strictObject({
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
    mode: z.enum(['pooled', 'per-respondent', 'role-weighted']),
  }),
  nps: KpiViewSchema.extend({
    counts: z.strictObject({
      detractors: z.number(),
      passives: z.number(),
      promoters: z.number(),
      cantRecommend: z.number(),
    }),
  }),
  npsTrend: z.array(TrendPointSchema),
  csat: KpiViewSchema,
  ces: KpiViewSchema,
  c2es: KpiViewSchema,
  roles: z.array(
    z.strictObject({ role: z.string(), weight: z.number(), respondents: z.int().min(0), nps: KpiViewSchema }),
  ),
  responses: z.strictObject({
    total: z.int().min(0),
    last90Days: z.int().min(0),
    lastAnsweredAt: z.iso.datetime({ offset: true }).nullable(),
  }),
  verbatims: z.array(
    z.strictObject({
      responseId: z.string(),
      answeredAt: z.iso.datetime({ offset: true }),
      role: z.string().nullable(),
      score: z.number().nullable(),
      /** Plain text; renderers must escape it. */
      text: z.string(),
      sentiment: z.number().min(-1).max(1).nullable(),
      themes: z.array(z.string()),
    }),
  ),
  /** Themes of the window's open answers by decreasing count (optional: older servers do not send it). */
  themes: z.array(VerbatimThemeViewSchema).optional(),
  health: z
    .strictObject({
      score: z.number().min(0).max(100),
      band: z.string(),
      bandLabel: z.string(),
      contributions: z.array(HealthContributionViewSchema),
      missing: z.array(z.string()),
      /** Display labels of `missing`, same order (optional: older servers do not send it). */
      missingLabels: z.array(z.string()).optional(),
      change: z.number().nullable(),
      /** Components that moved the score since the previous period, largest move first (optional: older servers do not send it). */
      movers: z.array(HealthMoverViewSchema).optional(),
      /** Share of the configured weight that had a value, 0-1 (optional). */
      coverage: z.number().min(0).max(1).optional(),
      computedAt: z.iso.datetime({ offset: true }),
    })
    .nullable(),
  /**
   * Why the account has no health score (`health` is then null): data for less than the minimum
   * share of the weight (optional: older servers do not send it).
   */
  healthInsufficient: z
    .strictObject({
      reason: z.string(),
      coverage: z.number().min(0).max(1),
      minCoverage: z.number().min(0).max(1),
      missingLabels: z.array(z.string()),
      computedAt: z.iso.datetime({ offset: true }),
    })
    .nullable()
    .optional(),
  churn: z
    .strictObject({
      probability: z.number().min(0).max(1),
      source: z.enum(['model', 'prior']),
      horizonDays: z.int().min(1),
      drivers: z.array(ChurnDriverViewSchema),
      /** Why the prior was used instead of the tenant's model (optional; absent for model predictions). */
      reason: z.string().optional(),
      /**
       * The tenant model's time-split validation against the health-based prior (optional: absent
       * without a validated model). The model is shown only when `beatsPrior`.
       */
      validation: z
        .strictObject({
          auc: z.number().nullable(),
          brier: z.number(),
          calibrationSlope: z.number().nullable(),
          priorAuc: z.number().nullable(),
          priorBrier: z.number(),
          from: z.string(),
          to: z.string(),
          rows: z.int().min(0),
          events: z.int().min(0),
          beatsPrior: z.boolean(),
        })
        .optional(),
      computedAt: z.iso.datetime({ offset: true }),
    })
    .nullable(),
});

/** The account view model. */
export type AccountSummaryView = z.infer<typeof AccountSummaryViewSchema>;
