import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DAILY_429, TEN_SECONDLY_429, type HubSpotStandIn } from '@cxkit/hubspot-stand-in';
import {
  acknowledge,
  clearHubSpotPending,
  drainOutbox,
  enqueueWrites,
  findPortal,
  installProperties,
  listHubSpotPending,
  markHubSpotPending,
  nextBatch,
  openDatabase,
  outboxStatus,
  queueAccountSync,
  queueChangedAccounts,
  startHubSpotSyncWorker,
  type CreatedTenant,
  type Database,
  type HubSpotPortal,
  type HubSpotSettings,
} from '@cxkit/server';
import { pino } from 'pino';
import { HOOK_TIMEOUT, STORAGE_TARGETS, type StorageTarget } from '../test-support/storage.js';
import { npsResponse, seedTenant, testApp, widgetHeaders } from '../test-support/fixtures.js';
import { hubspotStandIn, linkStandInPortal, testGateway } from '../test-support/hubspot.js';

const logger = pino({ level: 'silent' });
const BATCH_PATH = '/crm/v3/objects/companies/batch/update';

/** Opens storage that survives closing (a data directory, or a schema), to restart mid-drain. */
async function durable(target: StorageTarget) {
  const { env, cleanup } = await target.childEnv();
  const open = () =>
    env['CXKIT_DATA_DIR']
      ? openDatabase({ dataDir: env['CXKIT_DATA_DIR'] })
      : openDatabase({ databaseUrl: env['DATABASE_URL'], schema: env['CX_TEST_SCHEMA'], poolSize: 4 });
  return { open, cleanup };
}

describe.each(STORAGE_TARGETS)('HubSpot property sync ($name)', (target) => {
  let db: Database;
  let hs: HubSpotStandIn;
  let settings: HubSpotSettings;
  let tenant: CreatedTenant;
  let portal: HubSpotPortal;
  let cleanup: () => Promise<void>;
  let reopen: () => Promise<Database>;

  beforeAll(async () => {
    const d = await durable(target);
    cleanup = d.cleanup;
    reopen = d.open;
    db = await d.open();
    ({ hs, settings } = await hubspotStandIn());
    tenant = await seedTenant(db, 'acme');
    portal = await linkStandInPortal(db, hs, settings, tenant.id);
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await hs.close();
    await db.close();
    await cleanup();
  }, HOOK_TIMEOUT);
  afterEach(() => hs.faults.clear());

  const companies = (n: number, prefix: string) =>
    Array.from({ length: n }, (_, i) => hs.store.create('companies', { name: `${prefix} ${i}` }).id);
  const npsWrites = (ids: string[], value: string) =>
    ids.map((objectId) => ({ objectType: 'companies' as const, objectId, property: 'cxkit_nps', value }));
  const batchCalls = () => hs.requests.filter((r) => r.path === BATCH_PATH);

  it('creates the cxkit property group and properties on install, and again is harmless', async () => {
    expect(hs.store.listGroups('companies').map((g) => g.name)).toContain('cxkit');
    for (const name of [
      'cxkit_nps',
      'cxkit_nps_responses',
      'cxkit_csat',
      'cxkit_ces',
      'cxkit_health_score',
      'cxkit_health_band',
      'cxkit_churn_risk',
      'cxkit_last_response_at',
    ])
      expect(hs.store.getProperty('companies', name)?.groupName).toBe('cxkit');
    expect(hs.store.getProperty('contacts', 'cxkit_pending_survey_url')).toBeDefined();
    expect(await installProperties(testGateway(db, settings), portal)).toEqual([]);
    expect((await findPortal(db, settings.encryptionKey, hs.portalId))?.propertiesInstalledAt).not.toBeNull();
  });

  it('matches accounts to companies by domain and writes changed values only', async () => {
    const { app } = testApp(db);
    const company = hs.store.create('companies', { name: 'Umbrella', domain: 'umbrella.example' }).id;
    for (const [who, score] of [
      ['ann', 10],
      ['bob', 9],
      ['cyd', 4],
    ] as const) {
      const res = await app.request('/v1/responses', {
        method: 'POST',
        headers: widgetHeaders(tenant, { account: 'umbrella.example', respondent: who }),
        body: JSON.stringify(npsResponse('umbrella.example', who, score)),
      });
      expect(res.status).toBe(200);
    }
    const gateway = testGateway(db, settings);
    const queued = await queueAccountSync({
      db,
      gateway,
      portal,
      now: new Date(),
      accountIds: ['umbrella.example'],
    });
    expect(queued).toMatchObject({ accounts: 1, matched: 1 });
    await drainOutbox({ db, gateway, portal, logger });
    const props = hs.store.get('companies', company)!.properties;
    expect(Number(props['cxkit_nps'])).toBeCloseTo(33.3, 1);
    expect(props['cxkit_nps_responses']).toBe('3');
    // Sent as epoch milliseconds; HubSpot hands datetimes back as ISO strings.
    expect(Date.now() - Date.parse(props['cxkit_last_response_at']!)).toBeLessThan(60_000);
    hs.clearRequests();
    const again = await queueAccountSync({
      db,
      gateway,
      portal,
      now: new Date(),
      accountIds: ['umbrella.example'],
    });
    expect(again.queued).toBe(0);
    await drainOutbox({ db, gateway, portal, logger });
    expect(batchCalls()).toHaveLength(0);
  });

  it('sends 100 companies per batch call, oldest first', async () => {
    const ids = companies(250, 'Batch');
    await enqueueWrites(db, tenant.id, npsWrites(ids, '12'));
    hs.clearRequests();
    const r = await drainOutbox({ db, gateway: testGateway(db, settings), portal, logger });
    expect(r.written).toBe(250);
    const calls = batchCalls();
    expect(calls.map((c) => (c.body as { inputs: unknown[] }).inputs.length)).toEqual([100, 100, 50]);
    expect((calls[0]!.body as { inputs: { id: string }[] }).inputs[0]!.id).toBe(ids[0]);
    expect(ids.every((id) => hs.store.get('companies', id)!.properties['cxkit_nps'] === '12')).toBe(true);
  });

  it('waits on a TEN_SECONDLY_ROLLING 429 and retries 5xx with back-off, losing nothing', async () => {
    const ids = companies(150, 'Faulty');
    await enqueueWrites(db, tenant.id, npsWrites(ids, '-20'));
    hs.faults.script([TEN_SECONDLY_429, 503, 'pass', 502, 500], { path: BATCH_PATH });
    const gateway = testGateway(db, settings);
    const r = await drainOutbox({ db, gateway, portal, logger });
    expect(r).toMatchObject({ written: 150, parkedUntil: null, stoppedBy: null });
    expect(gateway.stats).toMatchObject({ tenSecondly429: 1, serverErrors: 3 });
    expect(ids.every((id) => hs.store.get('companies', id)!.properties['cxkit_nps'] === '-20')).toBe(true);
    expect((await outboxStatus(db, tenant.id)).pending).toBe(0);
  });

  it("parks the portal on a DAILY 429 until midnight in the portal's time zone and keeps every update", async () => {
    // Linking read the portal's time zone from HubSpot's account details (the stand-in's: US/Eastern).
    expect(portal.timeZone).toBe('US/Eastern');
    expect((await findPortal(db, settings.encryptionKey, portal.portalId))!.timeZone).toBe('US/Eastern');
    const ids = companies(120, 'Daily');
    await enqueueWrites(db, tenant.id, npsWrites(ids, '40'));
    hs.faults.script([DAILY_429], { path: BATCH_PATH });
    const gateway = testGateway(db, settings);
    const r = await drainOutbox({ db, gateway, portal, logger });
    expect(r.written).toBe(0);
    const reset = r.parkedUntil!;
    const newYorkClock = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/New_York',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    expect(newYorkClock.format(reset)).toBe('00:00:00');
    expect(reset.getTime() - Date.now()).toBeGreaterThan(0);
    expect(reset.getTime() - Date.now()).toBeLessThanOrEqual(25 * 3_600_000);
    expect(gateway.limiter.parkedUntil(portal.portalId)?.toISOString()).toBe(reset.toISOString());
    hs.clearRequests();
    // Parked: no call goes out until the reset.
    expect((await drainOutbox({ db, gateway, portal, logger })).parkedUntil).not.toBeNull();
    expect(hs.requests).toHaveLength(0);
    expect((await outboxStatus(db, tenant.id)).pendingObjects).toBe(120);
    // After the reset (a fresh limiter), everything goes out.
    expect((await drainOutbox({ db, gateway: testGateway(db, settings), portal, logger })).written).toBe(120);
  });

  it("drains a portal in one process at a time: another process's lease stops this drain until it expires", async () => {
    const ids = companies(3, 'Leased');
    await enqueueWrites(db, tenant.id, npsWrites(ids, '12'));
    await db.query(
      `INSERT INTO hubspot_drain_leases (portal_id, holder, expires_at)
       VALUES ($1, 'cxkit hubspot sync, another process', now() + interval '1 minute')`,
      [portal.portalId],
    );
    hs.clearRequests();
    const busy = await drainOutbox({ db, gateway: testGateway(db, settings), portal, logger });
    expect(busy).toMatchObject({ written: 0, stoppedBy: 'another process is draining this portal' });
    expect(hs.requests).toHaveLength(0);
    // That process died: its lease expires and the next drain sends everything, then lets go.
    await db.query(
      `UPDATE hubspot_drain_leases SET expires_at = now() - interval '1 second' WHERE portal_id = $1`,
      [portal.portalId],
    );
    const r = await drainOutbox({ db, gateway: testGateway(db, settings), portal, logger });
    expect(r).toMatchObject({ written: 3, stoppedBy: null });
    expect(ids.every((id) => hs.store.get('companies', id)!.properties['cxkit_nps'] === '12')).toBe(true);
    const leases = await db.query('SELECT holder FROM hubspot_drain_leases WHERE portal_id = $1', [
      portal.portalId,
    ]);
    expect(leases.rows).toEqual([]);
  });

  it('loses nothing when the server restarts mid-drain (database closed and reopened)', async () => {
    const ids = companies(300, 'Restart');
    await enqueueWrites(db, tenant.id, npsWrites(ids, '55'));
    const abort = new AbortController();
    const first = await drainOutbox({
      db,
      gateway: testGateway(db, settings),
      portal,
      logger,
      signal: abort.signal,
      onProgress: () => abort.abort(),
    });
    expect(first.written).toBe(100);
    await db.close();
    db = await reopen();
    expect((await outboxStatus(db, tenant.id)).pendingObjects).toBe(200);
    const reopened = (await findPortal(db, settings.encryptionKey, hs.portalId))!;
    const second = await drainOutbox({ db, gateway: testGateway(db, settings), portal: reopened, logger });
    expect(second.written).toBe(200);
    expect(ids.every((id) => hs.store.get('companies', id)!.properties['cxkit_nps'] === '55')).toBe(true);
  });

  it('never lets an acknowledged older value overwrite a newer one queued meanwhile', async () => {
    const [id] = companies(1, 'Order');
    await enqueueWrites(db, tenant.id, npsWrites([id!], '1'));
    const inFlight = await nextBatch(db, tenant.id, 'companies');
    expect(inFlight.find((w) => w.objectId === id)?.value).toBe('1');
    await enqueueWrites(db, tenant.id, npsWrites([id!], '2'));
    // HubSpot acknowledges the batch carrying "1": "2" must stay queued.
    await acknowledge(db, tenant.id, inFlight);
    const pending = await nextBatch(db, tenant.id, 'companies');
    expect(pending.map((w) => [w.objectId, w.value])).toEqual([[id, '2']]);
    await drainOutbox({ db, gateway: testGateway(db, settings), portal, logger });
    expect(hs.store.get('companies', id!)!.properties['cxkit_nps']).toBe('2');
  });

  it('the background worker queues accounts with new answers and drains every portal on its own', async () => {
    const ids = companies(5, 'Worker');
    await enqueueWrites(db, tenant.id, npsWrites(ids, '66'));
    const umbrella = hs.store.list('companies').find((c) => c.properties['domain'] === 'umbrella.example')!;
    const { app } = testApp(db);
    const res = await app.request('/v1/responses', {
      method: 'POST',
      headers: widgetHeaders(tenant, { account: 'umbrella.example', respondent: 'dee' }),
      body: JSON.stringify(npsResponse('umbrella.example', 'dee', 0)),
    });
    expect(res.status).toBe(200);
    // A portal linked before cxkit read time zones: the worker reads it on its first pass.
    await db.query('UPDATE hubspot_portals SET time_zone = NULL WHERE portal_id = $1', [portal.portalId]);
    const worker = startHubSpotSyncWorker({
      db,
      gateway: testGateway(db, settings),
      encryptionKey: settings.encryptionKey,
      logger,
      intervalMs: 50,
    });
    try {
      await expect
        .poll(async () => (await findPortal(db, settings.encryptionKey, portal.portalId))!.timeZone, {
          timeout: 20_000,
        })
        .toBe('US/Eastern');
      await expect
        .poll(() => ids.every((id) => hs.store.get('companies', id)!.properties['cxkit_nps'] === '66'), {
          timeout: 20_000,
        })
        .toBe(true);
      await expect
        .poll(() => hs.store.get('companies', umbrella.id)!.properties['cxkit_nps_responses'], {
          timeout: 20_000,
        })
        .toBe('4');
    } finally {
      await worker.stop();
    }
  });

  it('queues an answer that arrives late with an old answeredAt (a widget delivery retried after a day)', async () => {
    const umbrella = hs.store.list('companies').find((c) => c.properties['domain'] === 'umbrella.example')!;
    const gateway = testGateway(db, settings);
    // The portal's first pass is done: from here on only marked accounts are queued.
    await queueChangedAccounts({ db, gateway, portal, now: new Date() });
    await drainOutbox({ db, gateway, portal, logger });
    const before = Number(hs.store.get('companies', umbrella.id)!.properties['cxkit_nps_responses']);
    const { app } = testApp(db);
    const res = await app.request('/v1/responses', {
      method: 'POST',
      headers: widgetHeaders(tenant, { account: 'umbrella.example', respondent: 'eve' }),
      body: JSON.stringify(
        npsResponse('umbrella.example', 'eve', 10, {
          answeredAt: new Date(Date.now() - 86_400_000).toISOString(),
        }),
      ),
    });
    expect(res.status).toBe(200);
    expect(await queueChangedAccounts({ db, gateway, portal, now: new Date() })).toMatchObject({
      accounts: 1,
    });
    await drainOutbox({ db, gateway, portal, logger });
    expect(hs.store.get('companies', umbrella.id)!.properties['cxkit_nps_responses']).toBe(
      String(before + 1),
    );
    // Nothing left: the next pass looks at no account.
    expect(await queueChangedAccounts({ db, gateway, portal, now: new Date() })).toMatchObject({
      accounts: 0,
    });
  });

  it('keeps a pending mark renewed while the worker was reading it', async () => {
    await markHubSpotPending(db, tenant.id, ['renewed', 'done']);
    const read = await listHubSpotPending(db, tenant.id, 10);
    await markHubSpotPending(db, tenant.id, ['renewed']);
    await clearHubSpotPending(db, tenant.id, read);
    expect((await listHubSpotPending(db, tenant.id, 10)).map((m) => m.accountId)).toEqual(['renewed']);
    await clearHubSpotPending(db, tenant.id, await listHubSpotPending(db, tenant.id, 10));
    // A tenant without a HubSpot portal accumulates no marks.
    const site = await seedTenant(db, 'site-only', ['https://site.example']);
    await markHubSpotPending(db, site.id, ['a']);
    expect(await listHubSpotPending(db, site.id, 10)).toEqual([]);
  });

  it('a dry run links nothing, remembers no contact and queues nothing, yet counts the matches', async () => {
    const { app } = testApp(db);
    const byDomain = hs.store.create('companies', { name: 'Dry', domain: 'dry.example' }).id;
    const byContact = hs.store.create('companies', { name: 'Wet' }).id;
    const contact = hs.store.create('contacts', { email: 'dan@wet.example' }).id;
    hs.store.associate('contacts', contact, 'companies', byContact, { primary: true });
    for (const [account, who] of [
      ['dry.example', 'dee'],
      ['acct-wet', 'dan@wet.example'],
    ] as const) {
      const res = await app.request('/v1/responses', {
        method: 'POST',
        headers: widgetHeaders(tenant, { account, respondent: who }),
        body: JSON.stringify(npsResponse(account, who, 10)),
      });
      expect(res.status).toBe(200);
    }
    const count = async (table: string) =>
      (
        await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`, [
          tenant.id,
        ])
      ).rows[0]!.n;
    const before = {
      links: await count('hubspot_companies'),
      contacts: await count('hubspot_contacts'),
      outbox: await count('hubspot_outbox'),
    };
    const gateway = testGateway(db, settings);
    const accountIds = ['dry.example', 'acct-wet'];
    const dry = await queueAccountSync({ db, gateway, portal, now: new Date(), accountIds, dryRun: true });
    expect(dry).toMatchObject({ accounts: 2, matched: 2, newlyMatched: 2 });
    expect(dry.queued).toBeGreaterThan(0);
    expect({
      links: await count('hubspot_companies'),
      contacts: await count('hubspot_contacts'),
      outbox: await count('hubspot_outbox'),
    }).toEqual(before);
    // The real pass links and queues exactly what the dry run announced.
    const real = await queueAccountSync({ db, gateway, portal, now: new Date(), accountIds });
    expect(real).toEqual(dry);
    const links = await db.query<{ account_id: string; company_id: string }>(
      'SELECT account_id, company_id FROM hubspot_companies WHERE tenant_id = $1 AND account_id = ANY ($2::text[]) ORDER BY account_id',
      [tenant.id, accountIds],
    );
    expect(links.rows).toEqual([
      { account_id: 'acct-wet', company_id: byContact },
      { account_id: 'dry.example', company_id: byDomain },
    ]);
    await drainOutbox({ db, gateway, portal, logger });
    expect(hs.store.get('companies', byContact)!.properties['cxkit_nps_responses']).toBe('1');
  });

  it('sets aside a refused value and a deleted company without blocking the others', async () => {
    const ids = companies(10, 'Mixed');
    hs.store.archive('companies', ids[3]!);
    await enqueueWrites(db, tenant.id, [
      ...npsWrites(ids, '7'),
      { objectType: 'companies', objectId: ids[6]!, property: 'cxkit_csat', value: 'not a number' },
    ]);
    const r = await drainOutbox({ db, gateway: testGateway(db, settings), portal, logger });
    expect(r.written).toBe(8);
    expect(r.failed).toBe(2);
    for (const [i, id] of ids.entries())
      if (i !== 3 && i !== 6) expect(hs.store.get('companies', id)!.properties['cxkit_nps']).toBe('7');
    expect(await outboxStatus(db, tenant.id)).toMatchObject({ pending: 0, failed: 3 });
  });
});
