import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-context.js';

/**
 * Headers every response carries: no MIME sniffing, no referrer, never framed, and no caching
 * unless a route says otherwise. API answers hold verbatims, scores and keys: a shared cache
 * (CDN, corporate proxy) must never keep them, so `no-store` is the default and only the survey
 * definition opts in to a short `private` cache. JSON gets a CSP that forbids everything, so a
 * body opened as a page can run nothing; pages (the HubSpot install page) set their own.
 */
export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const h = c.res.headers;
  h.set('X-Content-Type-Options', 'nosniff');
  h.set('Referrer-Policy', 'no-referrer');
  h.set('X-Frame-Options', 'DENY');
  h.set('Cross-Origin-Opener-Policy', 'same-origin');
  if (!h.has('Cache-Control')) h.set('Cache-Control', 'no-store');
  if (!h.has('Content-Security-Policy') && (h.get('Content-Type') ?? '').startsWith('application/json'))
    h.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
};
