/**
 * The account view model the cxkit server returns from
 * `GET /v1/hubspot/accounts/summary?companyId=...`.
 *
 * A copy of `AccountSummaryViewSchema` in `@cxkit/core` as plain types: HubSpot builds this
 * folder on its own, so it cannot import workspace packages. `test/view-model-compat.test.ts`
 * checks the card's fixtures against the core schema so the two cannot drift apart.
 */

/** A KPI flattened for display; `value` is null exactly when `status` is `insufficient-data`. */
export interface KpiView {
  status: 'ok' | 'insufficient-data';
  n: number;
  value: number | null;
  unit: 'points' | 'percent' | 'scale';
  scale?: { min: number; max: number };
  interval: { lower: number; upper: number; level: number; method: string } | null;
  smallSample: boolean;
  reason?: string;
}

/** One period of the NPS trend. */
export interface TrendPoint {
  period: string;
  n: number;
  value: number | null;
  lower: number | null;
  upper: number | null;
}

/** A health component's contribution to the 0-100 score. */
export interface HealthContributionView {
  component: string;
  label: string;
  points: number;
  normalized: number;
  weight: number;
  raw: number | string | null;
  /** True when the company had no value and the component's "when missing" score counted (never answered). */
  imputed?: boolean | undefined;
}

/** A churn driver: a signed contribution to the log-odds, in plain words. */
export interface ChurnDriverView {
  feature: string;
  contribution: number;
  text: string;
}

/** One customer comment. `text` is plain text and is rendered as such. */
export interface VerbatimView {
  responseId: string;
  answeredAt: string;
  role: string | null;
  score: number | null;
  text: string;
  sentiment: number | null;
  themes: string[];
}

/** A theme of the company's open answers: how often, with which sentiment, and quotes (plain text). */
export interface VerbatimThemeView {
  theme: string;
  label: string;
  count: number;
  sentiment: { negative: number; neutral: number; positive: number };
  meanScore: number;
  examples: { text: string; sentiment: number }[];
}

/** Everything the card shows for one company. */
export interface AccountSummaryView {
  accountId: string;
  name: string | null;
  generatedAt: string;
  window: { from: string; to: string; mode: 'pooled' | 'per-respondent' | 'role-weighted' };
  nps: KpiView & {
    counts: { detractors: number; passives: number; promoters: number; cantRecommend: number };
  };
  npsTrend: TrendPoint[];
  csat: KpiView;
  ces: KpiView;
  c2es: KpiView;
  roles: { role: string; weight: number; respondents: number; nps: KpiView }[];
  responses: { total: number; last90Days: number; lastAnsweredAt: string | null };
  verbatims: VerbatimView[];
  /** Themes by decreasing count; absent from servers without verbatim analysis. */
  themes?: VerbatimThemeView[] | undefined;
  health: {
    score: number;
    band: string;
    bandLabel: string;
    contributions: HealthContributionView[];
    missing: string[];
    /** Display labels of `missing`; absent from older servers. */
    missingLabels?: string[] | undefined;
    change: number | null;
    /** Components that moved the score since the previous period; absent from older servers. */
    movers?: { component: string; label: string; points: number }[] | undefined;
    /** Share of the configured weight that had a value, 0-1; absent from older servers. */
    coverage?: number | undefined;
    computedAt: string;
  } | null;
  /** Why there is no health score (too little data); absent from older servers. */
  healthInsufficient?:
    | {
        reason: string;
        coverage: number;
        minCoverage: number;
        missingLabels: string[];
        computedAt: string;
      }
    | null
    | undefined;
  churn: {
    probability: number;
    source: 'model' | 'prior';
    horizonDays: number;
    drivers: ChurnDriverView[];
    /** Why the health-score prior was used; absent for model predictions and older servers. */
    reason?: string | undefined;
    /** The portal's model against the health prior on its later history; absent without a validated model. */
    validation?:
      | {
          auc: number | null;
          brier: number;
          calibrationSlope: number | null;
          priorAuc: number | null;
          priorBrier: number;
          from: string;
          to: string;
          rows: number;
          events: number;
          beatsPrior: boolean;
        }
      | undefined;
    computedAt: string;
  } | null;
}

/**
 * A light structural check of a server answer, so a malformed body shows the error state
 * instead of breaking the card (the server validates with the full schema before sending).
 */
export function isAccountSummaryView(x: unknown): x is AccountSummaryView {
  if (typeof x !== 'object' || x === null) return false;
  const v = x as Record<string, unknown>;
  const kpi = (k: unknown) =>
    typeof k === 'object' &&
    k !== null &&
    typeof (k as KpiView).n === 'number' &&
    'value' in k &&
    'status' in k;
  return (
    typeof v.accountId === 'string' &&
    typeof v.generatedAt === 'string' &&
    kpi(v.nps) &&
    kpi(v.csat) &&
    kpi(v.ces) &&
    Array.isArray(v.npsTrend) &&
    Array.isArray(v.roles) &&
    Array.isArray(v.verbatims) &&
    typeof v.responses === 'object' &&
    v.responses !== null
  );
}
