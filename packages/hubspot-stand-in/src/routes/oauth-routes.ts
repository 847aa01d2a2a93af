import { randomUUID } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { oauthError } from '../oauth-server.js';
import type { StandInContext } from './stand-in-context.js';

/** OAuth: the authorize page, the 2026-03 token and introspection endpoints, the sunset v1 paths. */
export function mountOAuthRoutes(app: Hono, ctx: StandInContext): void {
  const { oauth } = ctx;
  app.get('/oauth/authorize', (c) => {
    const clientId = c.req.query('client_id');
    const redirectUri = c.req.query('redirect_uri');
    if (clientId !== oauth.app.clientId) return c.text('Unknown client_id', 400);
    if (!redirectUri || !oauth.app.redirectUrls.includes(redirectUri)) {
      return c.text("redirect_uri is not one of the app's redirect URLs", 400);
    }
    const scopes = (c.req.query('scope') ?? '').split(/[ +]/).filter(Boolean);
    const code = oauth.issueCode(redirectUri, scopes);
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    const state = c.req.query('state');
    if (state) target.searchParams.set('state', state);
    return c.redirect(target.toString(), 302);
  });

  // The 2026-03 token endpoints take every parameter as a form-encoded body field, "never as query
  // parameters" (https://developers.hubspot.com/docs/api-reference/legacy/authentication/oauth-tokens/v1/migration-guide,
  // steps 2-4): client credentials in a URL end up in logs.
  const oauthForm = async (c: Context): Promise<Record<string, string> | Response> => {
    const leaked = ['client_id', 'client_secret', 'code', 'refresh_token', 'token'].filter(
      (k) => c.req.query(k) !== undefined,
    );
    if (leaked.length > 0)
      return c.json(
        oauthError('INVALID_REQUEST', `send ${leaked.join(', ')} in the form body, not the query`),
        400,
      );
    if (!(c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded'))
      return c.json(oauthError('INVALID_REQUEST', 'the body must be application/x-www-form-urlencoded'), 400);
    return Object.fromEntries(new URLSearchParams(await c.req.text()).entries());
  };

  app.post('/oauth/2026-03/token', async (c) => {
    const form = await oauthForm(c);
    if (form instanceof Response) return form;
    const r = oauth.exchange(form);
    return r.ok ? c.json(r.body) : c.json(r.body, 400);
  });

  app.post('/oauth/2026-03/token/introspect', async (c) => {
    const form = await oauthForm(c);
    if (form instanceof Response) return form;
    const r = oauth.introspect(form);
    return r.ok ? c.json(r.body) : c.json(r.body, 400);
  });

  // HubSpot switches the v1 endpoints off on 16 February 2027 (same guide); the stand-in plays a
  // HubSpot past that date, so an app still calling v1 fails here as it would there. HubSpot has not
  // documented the exact answer of a sunset endpoint: a 404 with its error body is our assumption.
  app.all('/oauth/v1/*', (c) =>
    c.json(
      {
        status: 'error',
        message:
          'The OAuth v1 API was sunset on 2027-02-16; use /oauth/2026-03/token and /oauth/2026-03/token/introspect',
        category: 'OBJECT_NOT_FOUND',
        correlationId: randomUUID(),
      },
      404,
    ),
  );
}
