import type { MiddlewareHandler } from 'hono';
import type { AppEnv, AppServices, AppContext } from './app-context.js';
import { HttpError } from './http-error.js';
import { verifyIdentity, type IdentityClaims } from './tenants/identity-token.js';
import type { Tenant } from './tenants/tenants.js';
import { findTenantByAdminKey, findTenantBySiteKey } from './tenants/tenants-store.js';

const bearer = (c: AppContext) => {
  const h = c.req.header('authorization');
  const m = h === undefined ? null : /^Bearer\s+(\S+)$/i.exec(h);
  return m?.[1];
};

/**
 * Authenticates the site (tenant) by `X-Cx-Site-Key`, enforces its allowed origins for browser
 * calls, and applies the per-site rate limit.
 */
export function siteAuth(s: AppServices): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('x-cx-site-key');
    if (!key || key.length > 200)
      throw new HttpError(401, 'auth/site-key-missing', 'X-Cx-Site-Key header is required');
    const tenant = await tenantOfSite(s, key, c.req.header('origin'));
    const wait = s.siteLimiter.take(tenant.id);
    if (wait > 0) throw rateLimited(wait);
    c.set('tenant', tenant);
    await next();
  };
}

/**
 * {@link siteAuth} with the key in the `site` query parameter, for GETs a browser sends without a
 * CORS preflight. Such a request answers CORS itself, for the tenant's own origins only, set before
 * anything else can fail so the widget can read an error too.
 */
export function siteQueryAuth(s: AppServices): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.query('site');
    if (!key || key.length > 200)
      throw new HttpError(401, 'auth/site-key-missing', 'the site query parameter is required');
    const origin = c.req.header('origin');
    const tenant = await tenantOfSite(s, key, origin);
    c.header('Vary', 'Origin', { append: true });
    if (origin !== undefined) {
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Expose-Headers', 'Retry-After, X-Request-Id');
    }
    const wait = s.siteLimiter.take(tenant.id);
    if (wait > 0) throw rateLimited(wait);
    c.set('tenant', tenant);
    await next();
  };
}

/**
 * The tenant of a site key (the current one, or the previous one during its overlap), called from
 * one of the tenant's allowed origins (or from no browser at all).
 * @throws HttpError 401 for an unknown key, 403 for another origin
 */
export async function tenantOfSite(s: AppServices, key: string, origin: string | undefined): Promise<Tenant> {
  const tenant = await s.tenants.get(`site\u0000${key}`, () => findTenantBySiteKey(s.db, key, s.now()));
  if (!tenant) throw new HttpError(401, 'auth/site-key-unknown', 'unknown site key');
  if (origin !== undefined && !tenant.allowedOrigins.includes(origin))
    throw new HttpError(403, 'auth/origin-not-allowed', `origin ${origin} is not allowed for this site`);
  return tenant;
}

/** Verifies an identity token with the tenant's signing secret, or the previous one during a rotation's overlap. */
export function verifyTenantIdentity(token: string, tenant: Tenant, now: Date) {
  return verifyIdentity(
    token,
    [tenant.signingSecret, ...(tenant.previousSigningSecret ? [tenant.previousSigningSecret] : [])],
    now,
  );
}

/** Authenticates an admin by `Authorization: Bearer <admin key>`; the key identifies the tenant. */
export function adminAuth(s: AppServices): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = bearer(c);
    if (!key || key.length > 200)
      throw new HttpError(401, 'auth/admin-key-missing', 'Authorization: Bearer <admin key> is required');
    const tenant: Tenant | undefined = await s.tenants.get(`admin\u0000${key}`, () =>
      findTenantByAdminKey(s.db, key, s.now()),
    );
    if (!tenant) throw new HttpError(401, 'auth/admin-key-unknown', 'unknown admin key');
    c.set('tenant', tenant);
    await next();
  };
}

/**
 * The respondent identity of a collector request, when a token was sent: `cxt1` or HS256 JWT,
 * verified with the tenant's signing secret (or the previous one during a rotation's overlap).
 */
export async function identityOf(c: AppContext, now: Date): Promise<IdentityClaims | undefined> {
  const token = bearer(c);
  if (token === undefined) {
    if (c.req.header('authorization') !== undefined)
      throw new HttpError(401, 'identity/malformed', 'Authorization must be "Bearer <identity token>"');
    return undefined;
  }
  return verifyTenantIdentity(token, c.get('tenant'), now);
}

/** A 429 with `Retry-After`. */
export function rateLimited(seconds: number): HttpError {
  return new HttpError(429, 'rate-limit/exceeded', 'too many requests', {
    headers: { 'Retry-After': String(seconds) },
  });
}
