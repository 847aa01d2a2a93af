import {
  ActionPlanViewSchema,
  AlertsViewSchema,
  KeyDriverSchema,
  RankedActionSchema,
  AtRiskViewSchema,
  CorrelationsViewSchema,
  OverviewViewSchema,
  SegmentsViewSchema,
  ThemesViewSchema,
  type ActionPlanView,
  type AlertsView,
  type KeyDriver,
  type RankedAction,
  type AtRiskView,
  type CorrelationsView,
  type OverviewView,
  type SegmentsView,
  type ThemesView,
} from '@cxkit/core';
import { z } from 'zod';

/** Everything the analyst dashboard shows, as the cxkit server's analytics API answered it. */
export interface DashboardView {
  overview: OverviewView;
  /** NPS per value of each account attribute the demo's accounts carry. */
  segments: Record<string, SegmentsView>;
  /** NPS per respondent role. */
  roles: SegmentsView;
  correlations: CorrelationsView;
  atRisk: AtRiskView;
  themes: ThemesView;
  alerts: AlertsView;
  /** What pulls NPS down, by points at stake. */
  drivers: { accounts: number; drivers: KeyDriver[] };
  /** The candidate actions ranked on seed 001's matrix. */
  priorities: { highImpact: number; ranked: RankedAction[] };
  plan: ActionPlanView;
}

// Only the fields the dashboard shows (the server's schemas are the full contract).
const DriversSchema = z.object({ accounts: z.int(), drivers: z.array(KeyDriverSchema) });
const PrioritiesSchema = z.object({ highImpact: z.number(), ranked: z.array(RankedActionSchema) });

/** Segmentation dimensions of the dashboard: attributes the demo seeds on every account's signals. */
export const SEGMENT_DIMENSIONS = ['sector', 'size', 'region', 'distributor'] as const;

/** Raised when the cxkit server refuses an analytics request; carries the path and status. */
export class DashboardApiError extends Error {
  /** Stable error code. */
  readonly code = 'demo/analytics-failed';
  constructor(
    readonly path: string,
    readonly status: number,
  ) {
    super(`the cxkit server answered ${status} to GET ${path}`);
  }
}

/** Where the analytics API is and the tenant's admin key. */
export interface AnalyticsClient {
  serverUrl: string;
  adminKey: string;
}

async function read<S extends z.ZodType>(o: AnalyticsClient, path: string, schema: S): Promise<z.infer<S>> {
  const res = await fetch(`${o.serverUrl}${path}`, { headers: { authorization: `Bearer ${o.adminKey}` } });
  if (!res.ok) throw new DashboardApiError(path, res.status);
  return schema.parse(await res.json());
}

/**
 * Builds the analyst dashboard from the server's analytics API over HTTP (`/v1/analytics/*`, the
 * tenant's admin key), each answer validated with core's view schema: the headline KPIs and their
 * monthly trends against the targets, NPS by segment and role, correlations with outcomes, the
 * accounts most at risk, the themes of the tenant's dictionary and the alerts. Nothing is computed here.
 */
export async function buildDashboard(o: AnalyticsClient): Promise<DashboardView> {
  const [overview, roles, correlations, atRisk, themes, alerts, drivers, priorities, plan, ...segments] =
    await Promise.all([
      // The HubSpot overview page's window: the demo and the pages show the same headline figures.
      read(o, '/v1/analytics/overview?months=12', OverviewViewSchema),
      read(o, '/v1/analytics/segments?dimension=role&kpi=nps&months=12', SegmentsViewSchema),
      read(o, '/v1/analytics/correlations?months=12', CorrelationsViewSchema),
      read(o, '/v1/analytics/at-risk?limit=10&months=6', AtRiskViewSchema),
      read(o, '/v1/analytics/themes?months=12&language=en', ThemesViewSchema),
      read(o, '/v1/analytics/alerts?limit=20&months=12', AlertsViewSchema),
      read(o, '/v1/analytics/drivers?months=12', DriversSchema),
      read(o, '/v1/analytics/priorities?months=12', PrioritiesSchema),
      read(o, '/v1/analytics/plan', ActionPlanViewSchema),
      ...SEGMENT_DIMENSIONS.map((d) =>
        read(o, `/v1/analytics/segments?dimension=${d}&kpi=nps&months=12`, SegmentsViewSchema),
      ),
    ]);
  return {
    overview,
    segments: Object.fromEntries(SEGMENT_DIMENSIONS.map((d, i) => [d, segments[i]!])),
    roles,
    correlations,
    atRisk,
    themes,
    alerts,
    drivers: { accounts: drivers.accounts, drivers: drivers.drivers },
    priorities: { highImpact: priorities.highImpact, ranked: priorities.ranked },
    plan,
  };
}
