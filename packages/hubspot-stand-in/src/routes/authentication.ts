import { randomUUID } from 'node:crypto';
import type { Hono, MiddlewareHandler } from 'hono';
import { HubSpotApiError } from '../hubspot-error.js';
import { rateLimitBody } from './rate-limit-answer.js';
import type { StandInContext } from './stand-in-context.js';

/** Bearer authentication, then the rate limiter, on the CRM and account APIs. */
export function useAuthentication(app: Hono, ctx: StandInContext): void {
  const { oauth } = ctx;
  // CRM and account APIs: bearer auth, then the rate limiter.
  const authenticated: MiddlewareHandler = async (c, next) => {
    const header = c.req.header('authorization');
    const bearer = header?.match(/^Bearer\s+(.+)$/i)?.[1];
    const auth = oauth.authenticate(bearer);
    if (!auth.token) {
      throw new HubSpotApiError(401, {
        message: auth.expired
          ? 'The OAuth token used to make this call expired.'
          : 'Authentication credentials not found. This API supports OAuth 2.0 authentication.',
        category: auth.expired ? 'EXPIRED_AUTHENTICATION' : 'INVALID_AUTHENTICATION',
      });
    }
    c.set('scopes' as never, auth.token.scopes as never);
    if (
      ctx.limiter &&
      c.req.method === 'POST' &&
      c.req.path.endsWith('/search') &&
      !ctx.limiter.takeSearch()
    ) {
      // The api-client recognises this exact message and retries after a second.
      return c.json(
        {
          status: 'error',
          message: 'You have reached your secondly limit.',
          errorType: 'RATE_LIMIT',
          correlationId: randomUUID(),
          requestId: randomUUID(),
        },
        429,
      );
    }
    if (ctx.limiter) {
      const d = ctx.limiter.take();
      for (const [k, v] of Object.entries(d.headers)) c.header(k, v);
      if (!d.allowed) {
        return c.json(rateLimitBody(d.policy), 429);
      }
    }
    return next();
  };
  app.use('/crm/*', authenticated);
  app.use('/account-info/*', authenticated);
}
