// The runtime shape check of the analytics views; their types are generated into analytics-view.ts.
import type {
  ActionPlanView,
  AlertsView,
  AtRiskView,
  DriversView,
  OverviewView,
  PrioritiesView,
  SegmentsView,
  ThemesView,
} from './analytics-view.ts';

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
