import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubSpotStandIn } from '@cxkit/hubspot-stand-in';
import { createApp, findPortal, hubspotFeature, type Database, type HubSpotSettings } from '@cxkit/server';
import { pino } from 'pino';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import { json, testConfig } from '../test-support/fixtures.js';
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

  /** Walks the install: our redirect, HubSpot's approval, our callback. */
  async function install() {
    const start = await app.request('http://cxkit.test/v1/hubspot/oauth/install');
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.origin + authorize.pathname).toBe(`${hs.url}/oauth/authorize`);
    expect(authorize.searchParams.get('scope')).toContain('crm.objects.companies.write');
    const approved = await fetch(authorize, { redirect: 'manual' });
    const back = new URL(approved.headers.get('location')!);
    expect(back.origin + back.pathname).toBe(REDIRECT_URL);
    return app.request(`http://cxkit.test/v1/hubspot/oauth/callback${back.search}`);
  }

  it('exchanges the code, creates the tenant, stores tokens encrypted and creates the properties', async () => {
    const res = await install();
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      installed: true,
      portalId: hs.portalId,
      tenantId: `hubspot-${hs.portalId}`,
      created: true,
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
    expect(await json(res)).toMatchObject({ tenantId: `hubspot-${hs.portalId}`, created: false });
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

  it('refuses a forged or replayed-late state and a bad code', async () => {
    const forged = await app.request('http://cxkit.test/v1/hubspot/oauth/callback?code=abc&state=1.2.3');
    expect(forged.status).toBe(400);
    expect((await json(forged)).error.code).toBe('hubspot/oauth-state');
    const start = await app.request('http://cxkit.test/v1/hubspot/oauth/install');
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const bad = await app.request(
      `http://cxkit.test/v1/hubspot/oauth/callback?code=nope&state=${encodeURIComponent(state)}`,
    );
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.code).toBe('hubspot/oauth-code');
  });
});
