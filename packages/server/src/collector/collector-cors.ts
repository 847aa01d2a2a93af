import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv, AppServices } from '../app-context.js';
import { originAllowed } from '../tenants/tenants-store.js';

/** The widget-facing paths: called cross-origin from customer portals. */
export const COLLECTOR_PATHS = ['/v1/responses', '/v1/surveys/:id', '/v1/eligibility'] as const;

/**
 * CORS of the collector. Mounted before the rate limits and the body limit, so a 413 or a 429 is
 * readable by the widget too, `Retry-After` included (exposed). A preflight carries no site key, so
 * it is answered for any origin some tenant allows; the actual request is then checked against its
 * own tenant's origins by siteAuth.
 */
export function collectorCors(s: AppServices): MiddlewareHandler<AppEnv> {
  return cors({
    origin: async (origin) => {
      if (origin === '') return null;
      return (await originAllowed(s.db, origin)) ? origin : null;
    },
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Content-Type', 'X-Cx-Site-Key', 'Authorization'],
    exposeHeaders: ['Retry-After', 'X-Request-Id'],
    maxAge: 600,
  });
}
