import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppContext, AppDeps, AppEnv, AppServices, Feature } from './app-context.js';
import { rateLimited } from './auth.js';
import { SurveyRepository } from './collector/collector.js';
import { HttpError, isHttpError } from './http-error.js';
import { openApiDocument } from './openapi.js';
import { defineRoute } from './route-definition.js';
import { RateLimiter } from './rate-limiter.js';
import { accountsFeature } from './accounts/account-routes.js';
import { adminFeature } from './admin/admin-routes.js';
import { surveyResultsFeature } from './admin/survey-results-routes.js';
import { collectorFeature } from './collector/collector-routes.js';
import { trustFeature } from './trust/trust-routes.js';
import type { Tenant } from './tenants/tenants.js';
import { TtlCache } from './ttl-cache.js';
import { storableUrlText } from './text-safety.js';
import { securityHeaders } from './security-headers.js';
import { COLLECTOR_PATHS, collectorCors } from './collector/collector-cors.js';
import { alertsFeature } from './alerts/alerts-feature.js';
import { analyticsFeature } from './analytics/analytics-feature.js';
import { verbatimsFeature } from './verbatims/verbatims-feature.js';
import { hubspotEnvFeature } from './hubspot/hubspot-env-feature.js';
import { insightsFeature } from './insights/insights-feature.js';
import { insightsAfterAnswersFeature } from './insights/insights-after-answers.js';
import { FIRST_PAINT_PATH, firstPaintFeature } from './collector/first-paint.js';
import { pingDatabase } from './db/ping.js';

/** The package version, reported by `/healthz` and the OpenAPI document. */
export const SERVER_VERSION = '0.1.0';

/** The features every server mounts, in order. */
export const CORE_FEATURES: readonly Feature[] = [
  verbatimsFeature,
  insightsAfterAnswersFeature,
  collectorFeature,
  firstPaintFeature,
  accountsFeature,
  adminFeature,
  surveyResultsFeature,
  trustFeature,
  alertsFeature,
  insightsFeature,
  analyticsFeature,
  hubspotEnvFeature,
];

function clientIp(c: AppContext, trustProxy: boolean): string {
  if (trustProxy) {
    const fwd = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (fwd) return fwd;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local'; // in-process requests (app.request) have no socket
  }
}

/**
 * Builds the HTTP application without listening: tests call `app.request()` on it, and
 * {@link startServer} serves it. Features (collector, accounts, admin, and later HubSpot) mount
 * their own routes; one error handler turns typed errors into JSON and hides everything else.
 */
export function createApp(deps: AppDeps): { app: Hono<AppEnv>; services: AppServices } {
  const { db, config, logger } = deps;
  const services: AppServices = {
    db,
    config,
    logger,
    now: deps.now ?? (() => new Date()),
    ...(deps.sentimentProvider !== undefined ? { sentimentProvider: deps.sentimentProvider } : {}),
    surveys: new SurveyRepository(db),
    tenants: new TtlCache<Tenant>(5_000),
    siteLimiter: new RateLimiter({
      perSecond: config.RATE_LIMIT_SITE_PER_SEC,
      burst: config.RATE_LIMIT_SITE_BURST,
    }),
    ipLimiter: new RateLimiter({
      perSecond: config.RATE_LIMIT_IP_PER_SEC,
      burst: config.RATE_LIMIT_IP_BURST,
    }),
    docs: [],
    background: [],
  };
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    const started = performance.now();
    const requestId = randomUUID();
    c.set('requestId', requestId);
    c.set('clientIp', clientIp(c, config.TRUST_PROXY));
    await next();
    c.header('X-Request-Id', requestId);
    const ms = Math.round((performance.now() - started) * 10) / 10;
    logger.info({ requestId, method: c.req.method, path: c.req.path, status: c.res.status, ms }, 'request');
  });
  app.use('*', securityHeaders);
  app.use('*', storableUrlText);
  // first-paint and the invitations (HubSpot feature) answer CORS themselves too, but a 413 or a
  // 429 of the limits below comes first.
  for (const path of [...COLLECTOR_PATHS, FIRST_PAINT_PATH, '/v1/invitations'])
    app.use(path, collectorCors(services));

  app.use('/v1/*', async (c, next) => {
    const wait = services.ipLimiter.take(c.get('clientIp'));
    if (wait > 0) throw rateLimited(wait);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new HttpError(503, 'timeout', 'request timed out; resending a response is safe')),
        config.REQUEST_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([next(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  });

  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: config.BODY_LIMIT_BYTES,
      onError: () => {
        throw new HttpError(413, 'body/too-large', `body larger than ${config.BODY_LIMIT_BYTES} bytes`);
      },
    }),
  );

  // Liveness is public, so it is rate-limited like the API and touches the database at most once a
  // second whatever the request rate (a failed check is not cached).
  const health = new TtlCache<true>(1_000);
  defineRoute(
    app,
    services,
    {
      method: 'get',
      path: '/healthz',
      summary: 'Liveness: the server answers and its database too (checked at most once a second).',
      tag: 'meta',
      auth: 'none',
      responses: {
        200: {
          description: 'Alive',
          schema: z.strictObject({ status: z.literal('ok'), version: z.string(), storage: z.string() }),
        },
      },
    },
    async (c) => {
      const wait = services.ipLimiter.take(c.get('clientIp'));
      if (wait > 0) throw rateLimited(wait);
      await health.get('db', async () => {
        await pingDatabase(db);
        return true as const;
      });
      return c.json({ status: 'ok', version: SERVER_VERSION, storage: db.dialect }, 200);
    },
  );

  for (const f of [...CORE_FEATURES, ...(deps.features ?? [])]) f.mount(app, services);

  defineRoute(
    app,
    services,
    {
      method: 'get',
      path: '/openapi.json',
      summary: 'This document.',
      tag: 'meta',
      auth: 'none',
      responses: { 200: { description: 'OpenAPI 3.1 document' } },
    },
    (c) => c.json(openApiDocument(services.docs, SERVER_VERSION), 200),
  );

  app.notFound((c) =>
    c.json({ error: { code: 'route/not-found', message: `no route ${c.req.method} ${c.req.path}` } }, 404),
  );

  app.onError((err, c) => {
    if (isHttpError(err)) {
      for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
      return c.json(
        { error: { code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) } },
        err.status,
      );
    }
    if (err instanceof HTTPException && err.status < 500) {
      return c.json(
        { error: { code: `http/${err.status}`, message: err.message || 'Bad Request' } },
        err.status,
      );
    }
    // Name, message, code and stack only: a database error also carries the statement and its
    // parameters (answers, respondent ids), which have no place in logs.
    const e = err as Error & { code?: unknown };
    logger.error(
      {
        err: { type: e.name, message: e.message, code: e.code, stack: e.stack },
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
      },
      'unhandled error',
    );
    return c.json({ error: { code: 'internal', message: 'Internal Server Error' } }, 500);
  });

  return { app, services };
}
