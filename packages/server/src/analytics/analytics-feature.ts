import type { Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AppContext, AppEnv, AppServices, Feature } from '../app-context.js';
import { signedPortalTenant } from '../hubspot/signed-portal.js';
import { loadHubSpotSettings, type HubSpotSettings } from '../hubspot/hubspot-settings.js';
import { verifyHubSpotRequest } from '../hubspot/request-signature.js';
import {
  adminRouteDefiner,
  defineRoute,
  type RouteAuthDefinition,
  type RouteDefinition,
  type RouteInput,
} from '../route-definition.js';
import { parseOrThrow } from '../validation.js';
import { actorOf } from '../actor.js';
import {
  AnalyticsTargetsSchema,
  VersionedTargetsSchema,
  currentTargets,
  saveTargets,
} from './analytics-targets.js';
import {
  ANALYTICS_KPIS,
  ActionPlanSchema,
  ActionPlanViewSchema,
  ImprovementActionInputSchema,
  AlertsViewSchema,
  AtRiskViewSchema,
  CorrelationsViewSchema,
  OverviewViewSchema,
  SegmentsViewSchema,
  ThemesViewSchema,
} from '@cxkit/core';
import { buildActionPlan } from './action-plan-progress.js';
import {
  MonthSchema,
  buildMonthlyReport,
  previousMonth,
  readReportToken,
  reportToken,
} from './monthly-report.js';
import {
  ImprovementActionSchema,
  createAction,
  deleteAction,
  listActions,
  setActionPlan,
  updateAction,
} from './actions-store.js';
import { DriversViewSchema, PrioritiesViewSchema, buildDrivers, buildPriorities } from './driver-analysis.js';
import { AnalyticsCache } from './analytics-cache.js';
import { analyticsDataVersion } from './analytics-store.js';
import {
  analyticsWindow,
  buildAlerts,
  buildAtRisk,
  buildCorrelations,
  buildOverview,
  buildSegments,
  buildThemes,
} from './portfolio-analytics.js';

const months = (fallback: number) => z.coerce.number().int().min(1).max(60).default(fallback);
const limit = (fallback: number) => z.coerce.number().int().min(1).max(200).default(fallback);

const OverviewQuery = z.object({ months: months(12) });
const SegmentsQuery = z.object({
  months: months(12),
  /** `role`, any attribute of the accounts' signal features (sector, size, ...), or `hidden.<field>` (the answers' hidden fields, UTM). */
  dimension: z.string().min(1).max(80).default('role'),
  kpi: z.enum(ANALYTICS_KPIS).default('nps'),
});
const CorrelationsQuery = z.object({
  months: months(12),
  method: z.enum(['spearman', 'pearson']).default('spearman'),
  /** Answers an account needs for its KPI to count. */
  minAnswers: z.coerce.number().int().min(1).max(1000).default(3),
});
const AtRiskQuery = z.object({ months: months(6), limit: limit(20) });
const ThemesQuery = z.object({ months: months(12), language: z.enum(['en', 'fr']).default('en') });
const AlertsQuery = z.object({ months: months(3), limit: limit(20) });
const DriversQuery = z.object({ months: months(12) });
const PrioritiesQuery = z.object({
  months: months(12),
  /** Portfolio NPS points from which an impact counts as high. */
  highImpact: z.coerce.number().min(0).max(200).default(2),
});
const ActionParams = z.strictObject({ id: z.string().min(1).max(64) });
const PlanQuery = z.object({});
const ReportQuery = z.strictObject({ month: MonthSchema.optional() });
const ReportLinkQuery = z.object({ month: MonthSchema.optional() });
const ReportTokenQuery = z.strictObject({ token: z.string().min(1).max(2000) });
/** The report is a document of its own: no script, styles inline, never framed. */
const REPORT_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
};

/** The HubSpot app's query: the portal (signed) and who is looking; HubSpot adds more, ignored. */
const PortalQuery = z.object({
  portalId: z.string().regex(/^\d{1,18}$/, 'must be the HubSpot portal id'),
  userEmail: z.string().max(320).optional(),
});

interface AnalyticsRoute {
  path: string;
  summary: string;
  query: z.ZodObject;
  schema: z.ZodType;
  run(s: AppServices, tenantId: string, q: Record<string, unknown>): Promise<unknown>;
  /** Served from the per-tenant cache while the tenant's data version holds (default true). */
  cached?: boolean;
}

/** One analytics cache per app (the admin and the HubSpot mounts share it). */
const caches = new WeakMap<AppServices, AnalyticsCache>();
const cacheOf = (s: AppServices) => {
  let c = caches.get(s);
  if (!c) caches.set(s, (c = new AnalyticsCache()));
  return c;
};

/** The read routes, mounted twice: under `/v1/analytics` (admin key) and `/v1/hubspot/analytics` (signed). */
const ROUTES: AnalyticsRoute[] = [
  {
    path: 'overview',
    summary: 'Headline KPIs with intervals and monthly trend against the targets; health and churn exposure.',
    query: OverviewQuery,
    schema: OverviewViewSchema,
    run: (s, t, q) => buildOverview(s.db, t, analyticsWindow(s.now(), q['months'] as number)),
  },
  {
    path: 'segments',
    summary: 'A KPI per value of an account attribute (or per respondent role), with n and intervals.',
    query: SegmentsQuery,
    schema: SegmentsViewSchema,
    run: (s, t, q) =>
      buildSegments(s.db, t, analyticsWindow(s.now(), q['months'] as number), {
        dimension: q['dimension'] as string,
        kpi: q['kpi'] as (typeof ANALYTICS_KPIS)[number],
      }),
  },
  {
    path: 'correlations',
    summary: 'Correlations of account KPIs with retention, revenue and usage (n, p, Fisher-z interval).',
    query: CorrelationsQuery,
    schema: CorrelationsViewSchema,
    run: (s, t, q) =>
      buildCorrelations(s.db, t, analyticsWindow(s.now(), q['months'] as number), {
        method: q['method'] as 'spearman' | 'pearson',
        minAnswers: q['minAnswers'] as number,
      }),
  },
  {
    path: 'at-risk',
    summary: 'Active accounts by churn risk then health, with the risk drivers, NPS and MRR.',
    query: AtRiskQuery,
    schema: AtRiskViewSchema,
    run: (s, t, q) =>
      buildAtRisk(s.db, t, analyticsWindow(s.now(), q['months'] as number), { limit: q['limit'] as number }),
  },
  {
    path: 'themes',
    summary:
      "Themes of the window's comments with the tenant's dictionary: mentions, accounts, tone, a quote.",
    query: ThemesQuery,
    schema: ThemesViewSchema,
    run: (s, t, q) =>
      buildThemes(s.db, t, analyticsWindow(s.now(), q['months'] as number), {
        language: q['language'] as 'en' | 'fr',
      }),
  },
  {
    path: 'alerts',
    summary: "The window's alerts by severity (all and open) and the latest ones with account names.",
    query: AlertsQuery,
    schema: AlertsViewSchema,
    run: (s, t, q) =>
      buildAlerts(s.db, t, analyticsWindow(s.now(), q['months'] as number), { limit: q['limit'] as number }),
  },
  {
    path: 'drivers',
    summary:
      'Key drivers of NPS (touchpoints, themes, support and commercial signals): gap with interval and p, points at stake, accounts and revenue exposed.',
    query: DriversQuery,
    schema: DriversViewSchema,
    run: (s, t, q) => buildDrivers(s.db, t, analyticsWindow(s.now(), q['months'] as number)),
  },
  {
    path: 'priorities',
    summary:
      "The candidate actions ranked on the seed's matrix (quick wins first, structural work planned), each explained.",
    query: PrioritiesQuery,
    schema: PrioritiesViewSchema,
    run: (s, t, q) =>
      buildPriorities(s.db, t, analyticsWindow(s.now(), q['months'] as number), {
        highImpact: q['highImpact'] as number,
      }),
  },
  {
    path: 'plan',
    summary:
      'The action plan: each planned action with its SMART objective, owner, status and progress measured by its metric (interval, n) at each checkpoint.',
    query: PlanQuery,
    schema: ActionPlanViewSchema,
    run: (s, t) => buildActionPlan(s.db, t, s.now()),
    // Its checkpoints and HubSpot tasks are outside the data version.
    cached: false,
  },
];

function mountReads(
  app: Hono<AppEnv>,
  s: AppServices,
  base: string,
  auth: RouteAuthDefinition,
  extraQuery: z.ZodObject | undefined,
): void {
  for (const r of ROUTES) {
    // Admin calls are strict (a misspelt parameter is a 400); HubSpot adds its own parameters.
    const query = extraQuery ? r.query.extend(extraQuery.shape) : r.query.strict();
    defineRoute(
      app,
      s,
      {
        method: 'get',
        path: `${base}/${r.path}`,
        summary: r.summary,
        tag: 'analytics',
        ...auth,
        query,
        responses: { 200: { description: r.summary, schema: r.schema } },
      },
      async (c, { query: parsed }) => {
        const q = parsed as Record<string, unknown>;
        const tenantId = c.get('tenant').id;
        if (r.cached === false) return c.json(await r.run(s, tenantId, q), 200);
        // The route's own parameters only: HubSpot's portal and user do not change the view.
        const key = [
          tenantId,
          r.path,
          ...Object.keys(r.query.shape)
            .sort()
            .map((k) => `${k}=${String(q[k])}`),
        ].join(' ');
        const version = await analyticsDataVersion(s.db, tenantId);
        const { body, hit } = await cacheOf(s).get(key, version, s.now().getTime(), () =>
          r.run(s, tenantId, q),
        );
        c.header('x-cx-cache', hit ? 'hit' : 'miss');
        return c.json(body as object, 200);
      },
    );
  }
}

/**
 * The tenant analytics API (`/v1/analytics/*`, admin key): portfolio KPIs, segments, correlations,
 * accounts at risk, themes and alerts, computed by core from the stored aggregates; and the
 * tenant's KPI targets. When `HUBSPOT_CLIENT_SECRET` is set, the same reads are also served signed
 * for the HubSpot app (see {@link hubspotAnalyticsFeature}).
 */
export const analyticsFeature: Feature = {
  name: 'analytics',
  mount(app, s) {
    mountReads(app, s, '/v1/analytics', { auth: 'adminKey' }, undefined);
    const adminRoute = adminRouteDefiner(app, s, 'analytics');

    adminRoute(
      {
        method: 'get',
        path: '/v1/analytics/targets',
        summary: "The tenant's KPI targets, with their version.",
        responses: { 200: { description: 'Targets', schema: VersionedTargetsSchema } },
      },
      async (c) => c.json(await currentTargets(s.db, c.get('tenant').id), 200),
    );

    adminRoute(
      {
        method: 'put',
        path: '/v1/analytics/targets',
        summary: 'Replace the KPI targets (a new version; `X-Cx-Actor` names who).',
        body: AnalyticsTargetsSchema,
        responses: { 200: { description: 'The saved targets', schema: VersionedTargetsSchema } },
      },
      async (c, { body }) => {
        return c.json(await saveTargets(s.db, c.get('tenant').id, body, actorOf(c)), 200);
      },
    );

    mountActions(app, s);

    adminRoute(
      {
        method: 'get',
        path: '/v1/analytics/report',
        summary:
          "The monthly report (HTML): the month's headline KPIs, significant changes, alerts, themes and action-plan progress.",
        query: ReportQuery,
        responses: { 200: { description: 'An HTML document' } },
      },
      async (c, { query: q }) => {
        const html = await buildMonthlyReport(
          s.db,
          c.get('tenant').id,
          q.month ?? previousMonth(s.now()),
          s.now(),
        );
        return c.body(html, 200, REPORT_HEADERS);
      },
    );

    // The signed token in the query is the credential: checked by readReportToken.
    defineRoute(
      app,
      s,
      {
        method: 'get',
        path: '/v1/reports/monthly',
        summary:
          'The monthly report (HTML) behind a link the HubSpot app hands out (`token`: tenant, month and expiry, signed with the tenant secret).',
        tag: 'analytics',
        auth: 'none',
        query: ReportTokenQuery,
        responses: { 200: { description: 'An HTML document' } },
      },
      async (c, { query: q }) => {
        const { tenantId, month } = await readReportToken(s.db, q.token, s.now());
        return c.body(await buildMonthlyReport(s.db, tenantId, month, s.now()), 200, REPORT_HEADERS);
      },
    );

    if (process.env['HUBSPOT_CLIENT_SECRET'])
      hubspotAnalyticsFeature(loadHubSpotSettings(process.env)).mount(app, s);
  },
};

/** How the action routes are reached: the admin key under `/v1/analytics`, or HubSpot's signature for the app pages. */
interface ActionsMount {
  prefix: string;
  auth: RouteAuthDefinition;
  /** The query every request carries (the signed variant's portal and user). */
  query?: z.ZodObject;
  actor(c: AppContext): string;
}

const ADMIN_ACTIONS: ActionsMount = { prefix: '/v1/analytics', auth: { auth: 'adminKey' }, actor: actorOf };

/** Candidate improvement actions and their plans: listed, added, replaced and deleted by an admin (or a HubSpot user in the app). */
function mountActions(app: Hono<AppEnv>, s: AppServices, m: ActionsMount = ADMIN_ACTIONS): void {
  // The signed variant's portal and user are in every request's query (its signature middleware
  // reads them too); the admin variant has no query and ignores one, as it always did.
  const query = m.query ?? z.object({});
  const route = <P extends z.ZodObject | undefined = undefined, B extends z.ZodType | undefined = undefined>(
    d: Omit<
      RouteDefinition<P, z.ZodObject, B, B extends z.ZodType ? z.infer<B> : undefined>,
      'tag' | 'auth' | 'hubspotSignature' | 'query'
    >,
    handler: (
      c: AppContext,
      input: RouteInput<P, z.ZodObject, B extends z.ZodType ? z.infer<B> : undefined>,
    ) => Response | Promise<Response>,
  ) =>
    defineRoute<P, z.ZodObject, B, B extends z.ZodType ? z.infer<B> : undefined>(
      app,
      s,
      { ...d, query, tag: 'analytics', ...m.auth },
      handler,
    );
  route(
    {
      method: 'get',
      path: `${m.prefix}/actions`,
      summary: 'The candidate improvement actions, oldest first.',
      responses: {
        200: { description: 'Actions', schema: z.object({ actions: z.array(ImprovementActionSchema) }) },
      },
    },
    async (c) => c.json({ actions: await listActions(s.db, c.get('tenant').id) }, 200),
  );
  route(
    {
      method: 'post',
      path: `${m.prefix}/actions`,
      summary: 'Add a candidate action linked to a key driver, with its complexity and cost.',
      body: ImprovementActionInputSchema,
      responses: { 201: { description: 'The stored action', schema: ImprovementActionSchema } },
    },
    async (c, { body }) => {
      return c.json(await createAction(s.db, c.get('tenant').id, body, m.actor(c)), 201);
    },
  );
  route(
    {
      method: 'put',
      path: `${m.prefix}/actions/:id`,
      summary: 'Replace a candidate action.',
      params: ActionParams,
      body: ImprovementActionInputSchema,
      responses: { 200: { description: 'The stored action', schema: ImprovementActionSchema } },
    },
    async (c, { params: { id }, body }) => {
      return c.json(await updateAction(s.db, c.get('tenant').id, id, body), 200);
    },
  );
  route(
    {
      method: 'delete',
      path: `${m.prefix}/actions/:id`,
      summary: 'Delete a candidate action.',
      params: ActionParams,
      responses: { 204: { description: 'Deleted' } },
    },
    async (c, { params: { id } }) => {
      await deleteAction(s.db, c.get('tenant').id, id);
      return c.body(null, 204);
    },
  );
  route(
    {
      method: 'put',
      path: `${m.prefix}/actions/:id/plan`,
      summary:
        'Put an action in the plan, or replace its plan: SMART objective, owner (a HubSpot user), status, checkpoints.',
      params: ActionParams,
      body: ActionPlanSchema,
      responses: { 200: { description: 'The action with its plan', schema: ImprovementActionSchema } },
    },
    async (c, { params: { id }, body: plan }) => {
      return c.json(await setActionPlan(s.db, c.get('tenant').id, id, plan), 200);
    },
  );
  route(
    {
      method: 'delete',
      path: `${m.prefix}/actions/:id/plan`,
      summary: 'Take an action out of the plan (it stays a candidate).',
      params: ActionParams,
      responses: { 200: { description: 'The action without a plan', schema: ImprovementActionSchema } },
    },
    async (c, { params: { id } }) => c.json(await setActionPlan(s.db, c.get('tenant').id, id, null), 200),
  );
}

/** The signed URL: the public URL when configured (behind a proxy), else the request's. */
function signedUrl(c: AppContext, publicUrl: string | undefined): string {
  if (!publicUrl) return c.req.url;
  const u = new URL(c.req.url);
  return `${publicUrl.replace(/\/+$/, '')}${u.pathname}${u.search}`;
}

/**
 * The analytics reads for the HubSpot app pages, under `/v1/hubspot/analytics/*`: each request is
 * verified with HubSpot's v3 signature and the signed `portalId` selects the tenant, as the company
 * card's routes do. Mounted by {@link analyticsFeature} from the environment, or given to
 * `createApp`'s `features` beside `hubspotFeature(settings)`.
 */
export function hubspotAnalyticsFeature(settings: HubSpotSettings): Feature {
  return {
    name: 'hubspot-analytics',
    mount(app, s) {
      const signed: MiddlewareHandler<AppEnv> = async (c, next) => {
        verifyHubSpotRequest(
          {
            method: c.req.method,
            url: signedUrl(c, settings.HUBSPOT_PUBLIC_URL),
            // HubSpot signs method, URL, body and timestamp (v3): a write's body is part of what is checked.
            body: c.req.method === 'GET' || c.req.method === 'HEAD' ? '' : await c.req.text(),
            signature: c.req.header('x-hubspot-signature-v3'),
            timestamp: c.req.header('x-hubspot-request-timestamp'),
          },
          settings.HUBSPOT_CLIENT_SECRET,
          s.now().getTime(),
        );
        const q = parseOrThrow(PortalQuery, c.req.query(), 'query');
        const { tenant } = await signedPortalTenant(s, settings.encryptionKey, q.portalId);
        c.set('tenant', tenant);
        await next();
      };
      const auth = { auth: 'hubspotSignature', hubspotSignature: signed } as const;
      mountReads(app, s, '/v1/hubspot/analytics', auth, PortalQuery);
      // The app's priorities and plan pages create and edit actions; the signed user is the actor.
      mountActions(app, s, {
        prefix: '/v1/hubspot/analytics',
        auth,
        query: PortalQuery,
        actor: (c) => `hubspot:${c.req.query('userEmail') || c.req.query('userId') || 'user'}`.slice(0, 128),
      });

      const LinkQuery = ReportLinkQuery.extend(PortalQuery.shape);
      const LinkSchema = z.strictObject({ month: z.string(), url: z.string(), expiresAt: z.string() });
      defineRoute(
        app,
        s,
        {
          method: 'get',
          path: '/v1/hubspot/analytics/report-link',
          summary:
            "A link to the tenant's monthly report the app page opens in a browser tab (valid one hour).",
          tag: 'analytics',
          ...auth,
          query: LinkQuery,
          responses: { 200: { description: 'The link', schema: LinkSchema } },
        },
        (c, { query: q }) => {
          const month = q.month ?? previousMonth(s.now());
          const tenant = c.get('tenant');
          const token = reportToken(tenant.id, month, tenant.signingSecret, s.now());
          const base = settings.HUBSPOT_PUBLIC_URL?.replace(/\/+$/, '') ?? new URL(c.req.url).origin;
          return c.json(
            {
              month,
              url: `${base}/v1/reports/monthly?token=${encodeURIComponent(token)}`,
              expiresAt: new Date(s.now().getTime() + 3_600_000).toISOString(),
            },
            200,
          );
        },
      );
    },
  };
}
