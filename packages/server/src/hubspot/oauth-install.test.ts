import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubSpotStandIn } from '@cxkit/hubspot-stand-in';
import { createApp, findPortal, hubspotFeature, type Database, type HubSpotSettings } from '@cxkit/server';
import { pino } from 'pino';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import { testConfig } from '../test-support/fixtures.js';
import { REDIRECT_URL, hubspotStandIn, testGateway } from '../test-support/hubspot.js';

describe.each(STORAGE_TARGETS)('HubSpot OAuth install ($name)', (target) => {
  let db: Database;
  let hs: HubSpotStandIn;
  let settings: HubSpotSettings;
  let app: ReturnType<typeof createApp>['app'];

  beforeAll(async () => {
    db = await target.open();
    ({ hs, settings } = await hubspotStandIn());
    ({ app } = createApp({
      db,
      config: testConfig(),
      logger: pino({ level: 'silent' }),
      features: [hubspotFeature(settings)],
    }));
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await hs.close();
    await db.close();
  }, HOOK_TIMEOUT);

  /** The install cookie a response sets, as a browser would send it back. */
  const cookieOf = (res: Response) => res.headers.get('set-cookie')!.split(';')[0]!;

  /** HubSpot's approval of an authorize URL: the callback URL it redirects the admin to. */
  async function approve(authorize: URL): Promise<URL> {
    const approved = await fetch(authorize, { redirect: 'manual' });
    const back = new URL(approved.headers.get('location')!);
    expect(back.origin + back.pathname).toBe(REDIRECT_URL);
    return back;
  }

  /** Starts the install at cxkit: our redirect (and cookie), HubSpot's approval. */
  async function start() {
    const res = await app.request('http://cxkit.test/v1/hubspot/oauth/install');
    expect(res.status).toBe(302);
    const authorize = new URL(res.headers.get('location')!);
    expect(authorize.origin + authorize.pathname).toBe(`${hs.url}/oauth/authorize`);
    expect(authorize.searchParams.get('scope')).toContain('crm.objects.companies.write');
    return { back: await approve(authorize), cookie: cookieOf(res) };
  }

  const callback = (back: URL, cookie?: string) =>
    app.request(`http://cxkit.test/v1/hubspot/oauth/callback${back.search}`, {
      headers: cookie ? { cookie } : {},
    });

  /** Walks the install started at cxkit: our redirect, HubSpot's approval, our callback. */
  async function install() {
    const { back, cookie } = await start();
    return callback(back, cookie);
  }

  /** An install started in HubSpot (marketplace, the app's Auth tab): no `state` at all. */
  async function hubspotInitiated() {
    const authorize = new URL(`${hs.url}/oauth/authorize`);
    authorize.searchParams.set('client_id', hs.clientId);
    authorize.searchParams.set('redirect_uri', REDIRECT_URL);
    authorize.searchParams.set('scope', 'oauth crm.objects.companies.read crm.objects.companies.write');
    const back = await approve(authorize);
    expect(back.searchParams.has('state')).toBe(false);
    return back;
  }

  it('exchanges the code, creates the tenant, stores tokens encrypted and creates the properties', async () => {
    const res = await install();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await res.text();
    // A human page: which portal, what happens next, the way back to HubSpot.
    expect(page).toContain(`cxkit is connected to cxkit-demo.hubspot.com (portal ${hs.portalId})`);
    expect(page).toContain('What happens next');
    expect(page).toContain(`href="${hs.url}/contacts/${hs.portalId}/objects/0-2/views/all/list"`);
    expect(await db.query('SELECT 1 FROM tenants WHERE id = $1', [`hubspot-${hs.portalId}`])).toMatchObject({
      rows: [{}],
    });
    const row = await db.query<{ access_token_enc: string; refresh_token_enc: string }>(
      'SELECT access_token_enc, refresh_token_enc FROM hubspot_portals WHERE portal_id = $1',
      [hs.portalId],
    );
    expect(row.rows[0]!.access_token_enc).not.toMatch(/na1-/);
    expect(row.rows[0]!.refresh_token_enc).not.toMatch(/na1-/);
    const portal = (await findPortal(db, settings.encryptionKey, hs.portalId))!;
    expect(portal.accessToken).toMatch(/^at-na1-/);
    expect(portal.authMode).toBe('oauth');
    // The portal's time zone (its daily limit resets at midnight there), from HubSpot's account details.
    expect(portal.timeZone).toBe('US/Eastern');
    expect(hs.store.getProperty('companies', 'cxkit_health_band')).toBeDefined();
    // HubSpot's 2026-03 endpoints only: v1 is switched off on 16 February 2027 (the stand-in answers
    // v1 as after the sunset), and no credential travels in a query string.
    const oauthCalls = hs.requests.filter((r) => r.path.startsWith('/oauth/') && r.method === 'POST');
    expect(oauthCalls.map((r) => r.path)).toEqual([
      '/oauth/2026-03/token',
      '/oauth/2026-03/token/introspect',
    ]);
    for (const call of oauthCalls) expect(call.query).toEqual({});
  });

  it('a reinstall keeps the tenant', async () => {
    const res = await install();
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('reconnected');
    const portal = await findPortal(db, settings.encryptionKey, hs.portalId);
    expect(portal!.tenantId).toBe(`hubspot-${hs.portalId}`);
  });

  it('completes an install started in HubSpot, which carries no state', async () => {
    const res = await callback(await hubspotInitiated());
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`portal ${hs.portalId}`);
  });

  it('binds a state to the browser that started the install, and uses it once', async () => {
    // The callback link finished in another browser (no cookie, or another install's cookie).
    const { back, cookie } = await start();
    const elsewhere = await callback(back);
    expect(elsewhere.status).toBe(400);
    const page = await elsewhere.text();
    expect(page).toContain('hubspot/oauth-state');
    expect(page).toContain('started in another browser');
    const other = await start();
    expect((await callback(back, other.cookie)).status).toBe(400);
    // The right browser finishes it once; the same state with a fresh code is refused.
    expect((await callback(back, cookie)).status).toBe(200);
    const fresh = await hubspotInitiated();
    fresh.searchParams.set('state', back.searchParams.get('state')!);
    const replay = await callback(fresh, cookie);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('already used');
  });

  it('says so on a human page when the admin declines the install', async () => {
    const res = await app.request('http://cxkit.test/v1/hubspot/oauth/callback?error=access_denied');
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('the install was not approved in HubSpot');
    expect(page).toContain('href="/v1/hubspot/oauth/install"');
  });

  it('refreshes an expired access token and keeps working', async () => {
    const before = (await findPortal(db, settings.encryptionKey, hs.portalId))!;
    const oldToken = before.accessToken;
    hs.oauth.expireAccessTokens();
    const gateway = testGateway(db, settings);
    const page = await gateway.call(before, (c) => c.crm.companies.basicApi.getPage(10));
    expect(Array.isArray(page.results)).toBe(true);
    const after = (await findPortal(db, settings.encryptionKey, hs.portalId))!;
    expect(after.accessToken).not.toBe(oldToken);
    expect(hs.requests.filter((r) => r.path.startsWith('/oauth/v1'))).toEqual([]);
    expect(hs.requests.filter((r) => r.path === '/oauth/2026-03/token').at(-1)!.body).toMatch(
      /grant_type=refresh_token/,
    );
    expect(after.accessExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 60_000);
  });

  it('refuses a forged state and a bad code', async () => {
    const { cookie } = await start();
    const forged = await app.request('http://cxkit.test/v1/hubspot/oauth/callback?code=abc&state=1.2.3', {
      headers: { cookie },
    });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('hubspot/oauth-state');
    const bad = await app.request('http://cxkit.test/v1/hubspot/oauth/callback?code=nope');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('hubspot/oauth-code');
  });
});
