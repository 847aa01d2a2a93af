import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '@cxkit/core';
import { signCardRequest, type HubSpotStandIn } from '@cxkit/hubspot-stand-in';
import {
  createApp,
  drainAlertTasks,
  drainOutbox,
  encryptSecret,
  enqueueWrites,
  findPortal,
  hubspotFeature,
  linkCompany,
  linkStaticPortal,
  OAUTH_SCOPES,
  outboxStatus,
  raiseAlerts,
  type Database,
  type HubSpotPortal,
  type HubSpotSettings,
} from '@cxkit/server';
import { pino } from 'pino';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import { json, seedTenant, testConfig } from '../test-support/fixtures.js';
import { REDIRECT_URL, hubspotStandIn, testGateway } from '../test-support/hubspot.js';

const logger = pino({ level: 'silent' });
const UPDATE = '/crm/v3/objects/companies/batch/update';

const alertOn = (accountId: string): AlertEvent => ({
  dedupKey: `nps-low|account:${accountId}|2026-11|nps|0`,
  ruleId: 'nps-low',
  ruleKind: 'threshold',
  metric: 'nps',
  severity: 'critical',
  target: { type: 'account', accountId },
  period: '2026-11',
  value: -20,
  title: `NPS of ${accountId} fell to -20`,
  details: { n: 12 },
});

describe.each(STORAGE_TARGETS)('HubSpot uninstall and reconnect ($name)', (target) => {
  let db: Database;
  let hs: HubSpotStandIn;
  let settings: HubSpotSettings;
  let app: ReturnType<typeof createApp>['app'];
  let tenantId: string;
  let acme: string;
  let globex: string;

  beforeAll(async () => {
    db = await target.open();
    ({ hs, settings } = await hubspotStandIn());
    ({ app } = createApp({
      db,
      config: testConfig(),
      logger,
      features: [hubspotFeature(settings)],
    }));
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await hs.close();
    await db.close();
  }, HOOK_TIMEOUT);

  /** An install started in HubSpot: HubSpot's approval, then our callback. */
  async function install(): Promise<void> {
    const authorize = new URL(`${hs.url}/oauth/authorize`);
    authorize.searchParams.set('client_id', hs.clientId);
    authorize.searchParams.set('redirect_uri', REDIRECT_URL);
    authorize.searchParams.set('scope', OAUTH_SCOPES.join(' '));
    const approved = await fetch(authorize, { redirect: 'manual' });
    const back = new URL(approved.headers.get('location')!);
    const res = await app.request(`http://cxkit.test/v1/hubspot/oauth/callback${back.search}`);
    expect(res.status).toBe(200);
  }

  const portal = async (): Promise<HubSpotPortal> =>
    (await findPortal(db, settings.encryptionKey, hs.portalId))!;
  const drain = async () =>
    drainOutbox({ db, gateway: testGateway(db, settings), portal: await portal(), logger });
  const drainTasks = async () =>
    drainAlertTasks({ db, gateway: testGateway(db, settings), portal: await portal(), logger });
  const connection = async () => {
    const r = signCardRequest(
      'http://cxkit.test/v1/hubspot/connection',
      {},
      {
        portalId: hs.portalId,
        appId: hs.appId,
        userId: 1001,
        userEmail: 'rep@acme.test',
        clientSecret: hs.clientSecret,
      },
    );
    const res = await app.request(r.url, { headers: r.headers });
    expect(res.status).toBe(200);
    return json(res);
  };
  /** The values of `property` each batch update sent for a company, in the order sent. */
  const sent = (companyId: string, property: string) =>
    hs.requests
      .filter((r) => r.path === UPDATE && r.status === 200)
      .flatMap((r) => (r.body as { inputs: { id: string; properties: Record<string, string> }[] }).inputs)
      .filter((i) => i.id === companyId && property in i.properties)
      .map((i) => i.properties[property]);
  const task = async () =>
    (
      await db.query<{ status: string; attempts: number }>(
        'SELECT status, attempts FROM alert_hubspot_tasks WHERE tenant_id = $1',
        [tenantId],
      )
    ).rows;

  it('keeps every queued value and task while the app is uninstalled, and sends them once after a reinstall', async () => {
    await install();
    tenantId = (await portal()).tenantId;
    acme = hs.store.create('companies', { name: 'Acme', domain: 'acme.example' }).id;
    globex = hs.store.create('companies', { name: 'Globex', domain: 'globex.example' }).id;
    await linkCompany(db, tenantId, acme, 'acme.example', 'manual');
    await linkCompany(db, tenantId, globex, 'globex.example', 'manual');
    await enqueueWrites(db, tenantId, [
      { objectType: 'companies', objectId: acme, property: 'cxkit_nps', value: '10' },
    ]);
    expect(await drain()).toMatchObject({ written: 1, failed: 0 });
    expect(await connection()).toEqual({ status: 'connected' });

    // The admin uninstalls the app: HubSpot revokes its refresh tokens (and so its access).
    for (const t of hs.oauth.refreshTokens()) hs.oauth.revokeRefreshToken(t);
    await enqueueWrites(db, tenantId, [
      { objectType: 'companies', objectId: acme, property: 'cxkit_nps', value: '20' },
      { objectType: 'companies', objectId: globex, property: 'cxkit_nps', value: '-5' },
    ]);
    await enqueueWrites(db, tenantId, [
      { objectType: 'companies', objectId: acme, property: 'cxkit_health_band', value: 'Watch' },
    ]);
    await raiseAlerts(
      db,
      tenantId,
      [alertOn('acme.example')],
      { webhookUrl: null, webhookSecret: null, hubspotTasks: true },
      new Date(),
    );
    hs.clearRequests();

    const parked = await drain();
    expect(parked).toMatchObject({ written: 0, failed: 0, needsReconnect: true });
    // HubSpot answered the refresh with 400 BAD_REFRESH_TOKEN: the portal is parked, nothing failed.
    expect(hs.requests.filter((r) => r.path === '/oauth/2026-03/token').map((r) => r.status)).toEqual([400]);
    expect(await outboxStatus(db, tenantId)).toEqual({ pending: 3, pendingObjects: 2, failed: 0 });
    expect(await drainTasks()).toMatchObject({ created: 0, failed: 0 });
    expect(await task()).toEqual([{ status: 'pending', attempts: 0 }]);
    expect((await portal()).needsReconnectSince).not.toBeNull();

    // Parked: later passes do not call HubSpot at all (each would be another refused refresh).
    hs.clearRequests();
    await drain();
    await drainTasks();
    expect(hs.requests).toEqual([]);

    // The card and the settings page offer the reconnect (the install URL).
    expect(await connection()).toMatchObject({
      status: 'needs-reconnect',
      reason: 'BAD_REFRESH_TOKEN',
      reconnectUrl: 'http://cxkit.test/v1/hubspot/oauth/install',
    });

    // The admin reinstalls: the queue drains, every value once, the task once.
    await install();
    expect((await portal()).needsReconnectSince).toBeNull();
    expect(await connection()).toEqual({ status: 'connected' });
    expect(await drain()).toMatchObject({ written: 2, failed: 0, needsReconnect: false });
    expect(await drainTasks()).toMatchObject({ created: 1, failed: 0 });
    expect(await outboxStatus(db, tenantId)).toEqual({ pending: 0, pendingObjects: 0, failed: 0 });
    expect(hs.store.get('companies', acme)!.properties).toMatchObject({
      cxkit_nps: '20',
      cxkit_health_band: 'Watch',
    });
    expect(hs.store.get('companies', globex)!.properties['cxkit_nps']).toBe('-5');
    expect(sent(acme, 'cxkit_nps')).toEqual(['20']);
    expect(sent(acme, 'cxkit_health_band')).toEqual(['Watch']);
    expect(sent(globex, 'cxkit_nps')).toEqual(['-5']);
    expect(hs.store.associationsOf('companies', acme, 'tasks')).toHaveLength(1);
    expect(await task()).toEqual([expect.objectContaining({ status: 'created' })]);
  });

  it("parks a private app's portal whose token HubSpot refuses (401), keeping its queue", async () => {
    const t = await seedTenant(db, 'static-co');
    await linkStaticPortal({
      db,
      gateway: testGateway(db, settings),
      settings,
      portalId: 777,
      tenantId: t.id,
      accessToken: hs.accessToken,
      now: new Date(),
    });
    // The private app's token is deleted in HubSpot: the stored one no longer authenticates.
    await db.query('UPDATE hubspot_portals SET access_token_enc = $2 WHERE portal_id = $1', [
      777,
      encryptSecret('pat-na1-deleted', settings.encryptionKey, 'hubspot:777:access'),
    ]);
    const company = hs.store.create('companies', { name: 'Static Co' }).id;
    await enqueueWrites(db, t.id, [
      { objectType: 'companies', objectId: company, property: 'cxkit_nps', value: '7' },
    ]);
    const p = (await findPortal(db, settings.encryptionKey, 777))!;
    const r = await drainOutbox({ db, gateway: testGateway(db, settings), portal: p, logger });
    expect(r).toMatchObject({ written: 0, failed: 0, needsReconnect: true });
    expect(await outboxStatus(db, t.id)).toEqual({ pending: 1, pendingObjects: 1, failed: 0 });
    expect((await findPortal(db, settings.encryptionKey, 777))!.needsReconnectReason).toBe(
      'INVALID_AUTHENTICATION',
    );
  });
});
