/**
 * The portfolio analytics view models the cxkit server returns from `/v1/hubspot/analytics/*`.
 *
 * A copy of the schemas in `@cxkit/core` (`portfolio-analytics-view.ts`, `key-drivers.ts`,
 * `improvement-priorities.ts`, `action-plan.ts`) and `@cxkit/server` (drivers and priorities views) as
 * plain types: HubSpot builds this folder on its own, so it cannot import workspace packages.
 * `test/analytics-view-compat.test.ts` fails the typecheck if a type drifts from its source.
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

/** The survey KPIs of the analytics. */
export type AnalyticsKpi = 'nps' | 'csat' | 'ces' | 'c2es';

/** A view's window. */
export interface AnalyticsWindow {
  from: string;
  to: string;
  months: number;
}

/** Verdicts against a target. */
export type TargetVerdict =
  'significantly-above' | 'significantly-below' | 'not-distinguishable' | 'no-interval' | 'insufficient-data';

/** A figure against its target. */
export interface TargetView {
  target: number;
  gap: number | null;
  met: boolean | null;
  verdict: TargetVerdict;
}

/** One month of a trend. */
export interface AnalyticsTrendPoint {
  period: string;
  n: number;
  value: number | null;
  lower: number | null;
  upper: number | null;
  smallSample: boolean;
  change: { comparedWith: string; delta: number; p: number; significant: boolean } | null;
  target: TargetView | null;
}

/** A headline KPI. */
export interface HeadlineKpi {
  kpi: AnalyticsKpi;
  figure: KpiView;
  target: TargetView | null;
  trend: AnalyticsTrendPoint[];
}

/** `overview`. */
export interface OverviewView {
  generatedAt: string;
  window: AnalyticsWindow;
  kpis: HeadlineKpi[];
  accounts: { total: number; active: number; churned: number };
  health: { scored: number; mean: number | null; bands: { band: string; label: string; accounts: number }[] };
  churn: {
    scored: number;
    expectedChurners: number | null;
    expectedMrrAtRisk: number | null;
    mrrKnown: number;
  };
}

/** `segments`. */
export interface SegmentsView {
  generatedAt: string;
  window: AnalyticsWindow;
  kpi: AnalyticsKpi;
  dimension: string;
  dimensions: string[];
  overall: KpiView;
  segments: { segment: string; accounts: number; figure: KpiView }[];
}

/** A churn driver in words. */
export interface ChurnDriverView {
  feature: string;
  contribution: number;
  text: string;
}

/** `at-risk`. */
export interface AtRiskView {
  generatedAt: string;
  window: AnalyticsWindow;
  ranked: number;
  accounts: {
    accountId: string;
    name: string | null;
    churn: {
      probability: number;
      source: 'model' | 'prior';
      horizonDays: number;
      drivers: ChurnDriverView[];
      computedAt: string;
    } | null;
    health: {
      score: number;
      band: string;
      bandLabel: string;
      change: number | null;
      computedAt: string;
    } | null;
    nps: KpiView;
    mrr: number | null;
    mrrTrendPercent: number | null;
  }[];
}

/** `themes`. */
export interface ThemesView {
  generatedAt: string;
  window: AnalyticsWindow;
  language: 'en' | 'fr';
  themes: {
    theme: string;
    label: string;
    count: number;
    sentiment: { negative: number; neutral: number; positive: number };
    meanScore: number;
    examples: { text: string; sentiment: number }[];
    accounts: number;
    negativeShare: KpiView;
  }[];
}

/** An alert of the analytics. */
export interface PortfolioAlert {
  id: string;
  ruleId: string;
  ruleKind: string;
  metric: string;
  severity: 'info' | 'warning' | 'critical';
  target: { type: 'account' | 'segment'; id: string };
  period: string;
  value: number | string | null;
  title: string;
  createdAt: string;
  acknowledgedAt: string | null;
  accountName: string | null;
}

/** `alerts`. */
export interface AlertsView {
  generatedAt: string;
  window: AnalyticsWindow;
  total: number;
  open: number;
  bySeverity: Record<'info' | 'warning' | 'critical', { total: number; open: number }>;
  latest: PortfolioAlert[];
}

/** A key driver of NPS. */
export interface KeyDriver {
  id: string;
  label: string;
  source: 'touchpoint' | 'theme' | 'support' | 'delivery' | 'commercial' | 'usage';
  rule: string;
  status: 'ok' | 'insufficient-data';
  reason?: string;
  exposedNps: number | null;
  otherNps: number | null;
  exposedAnswers: number;
  otherAnswers: number;
  gap: number | null;
  gapInterval: { lower: number; upper: number; level: number } | null;
  p: number | null;
  pullsDown: boolean;
  impact: number | null;
  impactInterval: { lower: number; upper: number } | null;
  accounts: number;
  mrr: number;
  mrrKnown: number;
  smallSample: boolean;
}

/** `drivers`. */
export interface DriversView {
  generatedAt: string;
  window: AnalyticsWindow;
  nps: KpiView;
  accounts: number;
  drivers: KeyDriver[];
}

/** Effort levels. */
export type EffortLevel = 'low' | 'medium' | 'high';

/** A ranked action. */
export interface RankedAction {
  rank: number;
  actionId: string;
  title: string;
  driver: string;
  driverLabel: string | null;
  quadrant: 'quick-win' | 'structural' | 'fill-in' | 'deprioritise';
  impact: number | null;
  impactInterval: { lower: number; upper: number } | null;
  accounts: number;
  mrr: number;
  complexity: EffortLevel;
  cost: EffortLevel;
  explanation: string;
}

/** `priorities`. */
export interface PrioritiesView {
  generatedAt: string;
  window: AnalyticsWindow;
  highImpact: number;
  ranked: RankedAction[];
}

/** Where an objective is measured. */
export type ObjectiveScope =
  | { type: 'portfolio' }
  | { type: 'segment'; attribute: string; value: string }
  | { type: 'role'; role: string };

/** A checkpoint's measurement. */
export interface CheckpointProgress {
  date: string;
  from: string;
  due: boolean;
  figure: KpiView | null;
  changeFromBaseline: number | null;
  verdict: TargetVerdict | 'not-due';
}

/** A planned action with its progress. */
export interface PlannedAction {
  actionId: string;
  title: string;
  driver: string;
  plan: {
    objective: {
      metric: AnalyticsKpi;
      scope: ObjectiveScope;
      target: number;
      start: string;
      deadline: string;
    };
    owner: { hubspotOwnerId: string | null; email: string; name: string | null };
    status: 'planned' | 'in-progress' | 'done' | 'abandoned';
    checkpoints: string[];
  };
  baseline: KpiView;
  checkpoints: CheckpointProgress[];
  latestVerdict: TargetVerdict | 'not-due';
}

/** `plan`. */
export interface ActionPlanView {
  generatedAt: string;
  actions: PlannedAction[];
}

/** What each page reads, by path under `/v1/hubspot/analytics/`. */
export interface AnalyticsViews {
  overview: OverviewView;
  segments: SegmentsView;
  'at-risk': AtRiskView;
  themes: ThemesView;
  alerts: AlertsView;
  drivers: DriversView;
  priorities: PrioritiesView;
  plan: ActionPlanView;
}

/** The array each view must carry, checked before a page renders it. */
const LISTS: Record<keyof AnalyticsViews, string> = {
  overview: 'kpis',
  segments: 'segments',
  'at-risk': 'accounts',
  themes: 'themes',
  alerts: 'latest',
  drivers: 'drivers',
  priorities: 'ranked',
  plan: 'actions',
};

/** Whether an answer has the shape of the view a page asked for (its timestamp and its list). */
export function isAnalyticsView<K extends keyof AnalyticsViews>(kind: K, x: unknown): x is AnalyticsViews[K] {
  if (typeof x !== 'object' || x === null) return false;
  const v = x as Record<string, unknown>;
  return typeof v.generatedAt === 'string' && Array.isArray(v[LISTS[kind]]);
}
