import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountSummaryViewSchema, DEFAULT_HEALTH_CONFIG } from '@cxkit/core';
import { signCardRequest, type HubSpotStandIn } from '@cxkit/hubspot-stand-in';
import {
  createApp,
  hubspotFeature,
  linkCompany,
  recordAccountInsight,
  type CreatedTenant,
  type Database,
  type HubSpotSettings,
} from '@cxkit/server';
import { pino } from 'pino';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import { npsResponse, seedTenant, testConfig, json, widgetHeaders } from '../test-support/fixtures.js';
import { hubspotStandIn, linkStandInPortal } from '../test-support/hubspot.js';

const OTHER_PORTAL = 99001;

describe.each(STORAGE_TARGETS)('HubSpot card and settings endpoints ($name)', (target) => {
  let db: Database;
  let hs: HubSpotStandIn;
  let settings: HubSpotSettings;
  let app: ReturnType<typeof createApp>['app'];
  let acme: CreatedTenant;
  let companyId: string;

  beforeAll(async () => {
    db = await target.open();
    ({ hs, settings } = await hubspotStandIn());
    ({ app } = createApp({
      db,
      config: testConfig(),
      logger: pino({ level: 'silent' }),
      features: [hubspotFeature(settings)],
    }));
    acme = await seedTenant(db, 'acme');
    const globex = await seedTenant(db, 'globex', ['https://globex.test']);
    await linkStandInPortal(db, hs, settings, acme.id);
    await linkStandInPortal(db, hs, settings, globex.id, { portalId: OTHER_PORTAL });
    // The account is keyed by domain; the company is found by its domain on first sight.
    companyId = hs.store.create('companies', { name: 'Initech', domain: 'www.initech.example' }).id;
    await answer(acme, 'initech.example', 'ann@initech.example', 9);
    await answer(acme, 'initech.example', 'bob@initech.example', 3);
    await answer(globex, 'initech.example', 'eve@globex.test', 0);
    await recordAccountInsight(db, acme.id, 'initech.example', {
      kind: 'health',
      value: {
        score: 62,
        band: 'watch',
        bandLabel: 'Watch',
        contributions: [
          { component: 'nps', label: 'Account NPS', points: 30, normalized: 60, weight: 0.5, raw: 22 },
          { component: 'csat', label: 'CSAT', points: 32, normalized: 64, weight: 0.5, raw: 79 },
        ],
        missing: [],
        change: null,
      },
    });
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await hs.close();
    await db.close();
  }, HOOK_TIMEOUT);

  async function answer(t: CreatedTenant, account: string, respondent: string, score: number) {
    const res = await app.request('http://cxkit.test/v1/responses', {
      method: 'POST',
      headers: widgetHeaders(t, { account, respondent }),
      body: JSON.stringify(npsResponse(account, respondent, score)),
    });
    expect(res.status).toBe(200);
  }

  const card = (
    path: string,
    o: {
      method?: 'GET' | 'PUT' | 'POST';
      body?: Record<string, unknown>;
      portalId?: number;
      secret?: string;
      timestamp?: number;
    } = {},
  ) => {
    const r = signCardRequest(
      `http://cxkit.test${path}`,
      { method: o.method ?? 'GET', ...(o.body ? { body: o.body } : {}) },
      {
        portalId: o.portalId ?? hs.portalId,
        appId: hs.appId,
        userId: 1001,
        userEmail: 'admin@acme.test',
        clientSecret: o.secret ?? hs.clientSecret,
        ...(o.timestamp === undefined ? {} : { timestamp: o.timestamp }),
      },
    );
    return app.request(r.url, {
      method: r.method,
      headers: r.headers,
      ...(r.body === undefined ? {} : { body: r.body }),
    });
  };

  it('answers the card with the view model of the company matched by domain', async () => {
    const res = await card(`/v1/hubspot/accounts/summary?companyId=${companyId}`);
    expect(res.status).toBe(200);
    const view = AccountSummaryViewSchema.parse(await res.json());
    expect(view.accountId).toBe('initech.example');
    expect(view.nps.n).toBe(2);
    expect(view.nps.counts).toMatchObject({ promoters: 1, detractors: 1 });
    expect(view.health?.bandLabel).toBe('Watch');
  });

  it("never shows another portal's accounts: the signed portal selects the tenant", async () => {
    // Portal 99001 is globex. Both stand-in portals share one CRM here, so the same company id
    // matches globex's own account for that domain: globex sees its one answer, never acme's two.
    const res = await card(`/v1/hubspot/accounts/summary?companyId=${companyId}`, { portalId: OTHER_PORTAL });
    expect(res.status).toBe(200);
    expect((await json(res)).nps.n).toBe(1);
    const acmeView = await json(await card(`/v1/hubspot/accounts/summary?companyId=${companyId}`));
    expect(acmeView.nps.n).toBe(2);
  });

  it('answers 404 for a company without an account', async () => {
    const lone = hs.store.create('companies', { name: 'Nobody', domain: 'nobody.example' }).id;
    const res = await card(`/v1/hubspot/accounts/summary?companyId=${lone}`);
    expect(res.status).toBe(404);
    expect((await json(res)).error.code).toBe('hubspot/company-not-linked');
    // Asking again within a minute costs no HubSpot call; a link made meanwhile shows at once.
    hs.clearRequests();
    expect((await card(`/v1/hubspot/accounts/summary?companyId=${lone}`)).status).toBe(404);
    expect(hs.requests).toHaveLength(0);
    await linkCompany(db, acme.id, lone, 'initech.example', 'manual');
    expect((await card(`/v1/hubspot/accounts/summary?companyId=${lone}`)).status).toBe(200);
    await linkCompany(db, acme.id, companyId, 'initech.example', 'domain');
  });

  it('refuses unsigned, badly signed, stale and unknown-portal requests', async () => {
    const unsigned = await app.request(
      `http://cxkit.test/v1/hubspot/accounts/summary?companyId=${companyId}&portalId=${hs.portalId}`,
    );
    expect(unsigned.status).toBe(401);
    expect((await card(`/v1/hubspot/config`, { secret: 'wrong-secret-123' })).status).toBe(401);
    expect((await card(`/v1/hubspot/config`, { timestamp: Date.now() - 6 * 60_000 })).status).toBe(401);
    const unknown = await card(`/v1/hubspot/config`, { portalId: 123456 });
    expect(unknown.status).toBe(403);
    expect((await json(unknown)).error.code).toBe('hubspot/portal-unknown');
  });

  it('serves versioned settings: defaults at version 0, save, 409 on a stale version', async () => {
    const first = await json(await card('/v1/hubspot/config'));
    expect(first.version).toBe(0);
    expect(first.config.health.bands.length).toBeGreaterThan(0);
    const config = {
      ...first.config,
      roleWeights: { weights: { buyer: 3, user: 1 }, defaultWeight: 1 },
    };
    const saved = await card('/v1/hubspot/config', { method: 'PUT', body: { expectedVersion: 0, config } });
    expect(saved.status).toBe(200);
    const body = await json(saved);
    expect(body.version).toBe(1);
    expect(body.config.roleWeights.weights.buyer).toBe(3);
    const stale = await card('/v1/hubspot/config', { method: 'PUT', body: { expectedVersion: 0, config } });
    expect(stale.status).toBe(409);
    expect((await json(stale)).error.message).toMatch(/reload/);
    expect((await json(await card('/v1/hubspot/config'))).version).toBe(1);
    // The other portal's tenant still has its own defaults.
    expect((await json(await card('/v1/hubspot/config', { portalId: OTHER_PORTAL }))).version).toBe(0);
  });

  it('refuses an invalid configuration naming the field', async () => {
    const res = await card('/v1/hubspot/config', {
      method: 'PUT',
      body: {
        expectedVersion: 1,
        config: { health: { components: [], bands: [] }, roleWeights: { weights: {} } },
      },
    });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.error.issues.map((i: { path: string }) => i.path)).toContain('config.health.components');
    // A signed body goes through the same JSON checks as the collector's: a NUL in a label is a 400.
    const nul = await card('/v1/hubspot/config/preview', {
      method: 'POST',
      body: { config: { health: { components: [{ label: 'a\u0000b' }] } } },
    });
    expect(nul.status).toBe(400);
    expect((await json(nul)).error.issues).toEqual([
      expect.objectContaining({ path: 'config.health.components.0.label', rule: 'storable_text' }),
    ]);
  });

  it('previews which accounts change band, without saving', async () => {
    const stricter = {
      ...DEFAULT_HEALTH_CONFIG,
      bands: [
        { key: 'at-risk', label: 'At risk', min: 0 },
        { key: 'healthy', label: 'Healthy', min: 10 },
      ],
    };
    const current = await json(await card('/v1/hubspot/config'));
    const res = await card('/v1/hubspot/config/preview', {
      method: 'POST',
      body: { config: { ...current.config, health: stricter } },
    });
    expect(res.status).toBe(200);
    const preview = await json(res);
    expect(preview.changes).toBe(preview.accounts.length);
    const initech = preview.accounts.find((a: { accountId: string }) => a.accountId === 'initech.example');
    expect(initech.to).toMatchObject({ band: 'healthy', label: 'Healthy' });
    expect(initech.from.band).not.toBe('healthy');
    expect((await json(await card('/v1/hubspot/config'))).version).toBe(current.version);
  });

  it('checks the health weights against later churn for the settings page, signed only', async () => {
    // This portal's tenant has no churn history: the same 422 as the admin route, naming the rule.
    const res = await card('/v1/hubspot/config/health-weights');
    expect(res.status).toBe(422);
    expect((await json(res)).error.code).toBe('health-weights/too-few-events');
    expect((await card('/v1/hubspot/config/health-weights', { secret: 'not-the-secret' })).status).toBe(401);
  });
});
