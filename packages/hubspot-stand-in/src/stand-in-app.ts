import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HubSpotApiError } from './hubspot-error.js';
import { useAuthentication } from './routes/authentication.js';
import { mountAccountInfoRoutes } from './routes/account-info-routes.js';
import { mountAssociationRoutes } from './routes/association-routes.js';
import { useFaultInjection } from './routes/fault-injection.js';
import { mountOAuthRoutes } from './routes/oauth-routes.js';
import { mountObjectRoutes } from './routes/object-routes.js';
import { mountPipelineRoutes } from './routes/pipeline-routes.js';
import { mountPropertyRoutes } from './routes/property-routes.js';
import { useRequestLog } from './routes/request-log.js';
import type { StandInContext } from './routes/stand-in-context.js';

export type { LoggedRequest, StandInContext } from './routes/stand-in-context.js';
export { MAX_BATCH_INPUTS } from './routes/route-support.js';

/**
 * Builds the stand-in's HTTP app: HubSpot's CRM v3/v4 and OAuth paths with HubSpot's payloads,
 * behind bearer auth, scope checks, fault injection and the rate limiter. One module per API.
 */
export function createStandInApp(ctx: StandInContext): Hono {
  const app = new Hono();

  app.onError((err, c) => {
    if (err instanceof HubSpotApiError) return c.json(err.toJSON(), err.status as ContentfulStatusCode);
    return c.json({ status: 'error', message: 'internal error', correlationId: randomUUID() }, 500);
  });

  useRequestLog(app, ctx);
  useFaultInjection(app, ctx);
  useAuthentication(app, ctx);

  mountObjectRoutes(app, ctx);
  mountPropertyRoutes(app, ctx);
  mountAssociationRoutes(app, ctx);
  mountPipelineRoutes(app, ctx);
  mountAccountInfoRoutes(app, ctx);
  mountOAuthRoutes(app, ctx);

  app.notFound((c) =>
    c.json(
      { status: 'error', message: `No route for ${c.req.method} ${c.req.path}`, correlationId: randomUUID() },
      404,
    ),
  );

  return app;
}
