import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv, AppServices } from '../app-context.js';
import { TtlCache } from '../ttl-cache.js';

/** The widget-facing paths: called cross-origin from customer portals. */
export const COLLECTOR_PATHS = ['/v1/responses', '/v1/surveys/:id', '/v1/eligibility'] as const;

/**
 * CORS of the collector. Mounted before the rate limits and the body limit, so a 413 or a 429 is
 * readable by the widget too, `Retry-After` included (exposed). A preflight carries no site key, so
 * it is answered for any origin some tenant allows; the actual request is then checked against its
 * own tenant's origins by siteAuth.
 */
export function collectorCors(s: AppServices): MiddlewareHandler<AppEnv> {
  const originCache = new TtlCache<boolean>(10_000);
  return cors({
    origin: async (origin) => {
      if (origin === '') return null;
      const allowed = await originCache.get(origin, async () => {
        const r = await s.db.query('SELECT 1 FROM tenants WHERE $1 = ANY (allowed_origins) LIMIT 1', [
          origin,
        ]);
        return r.rows.length > 0;
      });
      return allowed ? origin : null;
    },
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Content-Type', 'X-Cx-Site-Key', 'Authorization'],
    exposeHeaders: ['Retry-After', 'X-Request-Id'],
    maxAge: 600,
  });
}
