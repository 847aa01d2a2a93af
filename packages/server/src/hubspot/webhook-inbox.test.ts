import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deliverWebhooks,
  signatureV3,
  type HubSpotStandIn,
  type WebhookEventInput,
} from '@cxkit/hubspot-stand-in';
import {
  createApp,
  drainOutbox,
  enqueueWrites,
  hubspotFeature,
  linkCompany,
  outboxStatus,
  type CreatedTenant,
  type Database,
  type HubSpotFeature,
  type HubSpotPortal,
  type HubSpotSettings,
} from '@cxkit/server';
import { pino } from 'pino';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import { npsResponse, seedTenant, testConfig, widgetHeaders } from '../test-support/fixtures.js';
import { hubspotStandIn, linkStandInPortal, testGateway } from '../test-support/hubspot.js';

const TARGET = 'http://cxkit.test/v1/hubspot/webhooks';
const logger = pino({ level: 'silent' });

describe.each(STORAGE_TARGETS)('HubSpot webhooks outside the request ($name)', (target) => {
  let db: Database;
  let hs: HubSpotStandIn;
  let settings: HubSpotSettings;
  let app: ReturnType<typeof createApp>['app'];
  let feature: HubSpotFeature;
  let acme: CreatedTenant;
  let portal: HubSpotPortal;
  let company: string;

  beforeAll(async () => {
    db = await target.open();
    ({ hs, settings } = await hubspotStandIn());
    ({ app } = createApp({
      db,
      config: testConfig(),
      logger,
      features: [(feature = hubspotFeature(settings, { backoffMs: 5 }))],
    }));
    acme = await seedTenant(db, 'acme');
    portal = await linkStandInPortal(db, hs, settings, acme.id);
    company = hs.store.create('companies', { name: 'Initech', domain: 'initech.example' }).id;
    await linkCompany(db, acme.id, company, 'initech.example', 'manual');
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await feature.processWebhooks();
    await hs.close();
    await db.close();
  }, HOOK_TIMEOUT);

  /** Delivers as HubSpot does (signed); returns each attempt's status. */
  const deliver = async (events: WebhookEventInput[]) =>
    (
      await deliverWebhooks({
        targetUrl: TARGET,
        events,
        clientSecret: hs.clientSecret,
        portalId: hs.portalId,
        appId: hs.appId,
        fetch: async (url, init) => app.request(String(url), init),
      })
    ).map((a) => a.map((x) => x.status));
  /** POSTs a raw body signed with the app's secret. */
  const postSigned = (body: string, secret = hs.clientSecret) => {
    const timestamp = Date.now();
    return app.request(TARGET, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hubspot-request-timestamp': String(timestamp),
        'x-hubspot-signature-v3': signatureV3({
          method: 'POST',
          uri: TARGET,
          body,
          timestamp,
          clientSecret: secret,
        }),
      },
      body,
    });
  };
  const accountName = async () =>
    (
      await db.query<{ name: string }>(
        "SELECT name FROM accounts WHERE tenant_id = $1 AND account_id = 'initech.example'",
        [acme.id],
      )
    ).rows[0]?.name;
  const rename = (name: string, occurredAt?: number): WebhookEventInput => ({
    subscriptionType: 'object.propertyChange',
    objectTypeId: '0-2',
    objectId: Number(company),
    propertyName: 'name',
    propertyValue: name,
    ...(occurredAt === undefined ? {} : { occurredAt }),
  });
  const answer = async (respondent: string, score: number, why?: string) => {
    const res = await app.request('http://cxkit.test/v1/responses', {
      method: 'POST',
      headers: widgetHeaders(acme, { account: 'initech.example', respondent }),
      body: JSON.stringify(
        npsResponse('initech.example', respondent, score, why === undefined ? {} : { why }),
      ),
    });
    expect(res.status).toBe(200);
  };

  it('stores a delivery and answers 204 before any event is applied, even with HubSpot down', async () => {
    await answer('old@initech.example', 8);
    const deal = hs.store.create('deals', {
      dealname: 'Renewal',
      dealstage: 'contractsent',
      pipeline: 'default',
    }).id;
    // Every HubSpot call fails: the deal event needs the pipelines, the answer must not wait for them.
    hs.faults.script(Array.from({ length: 50 }, () => 503 as const));
    const statuses = await deliver([
      {
        subscriptionType: 'deal.propertyChange',
        objectId: Number(deal),
        propertyName: 'dealstage',
        propertyValue: 'closedwon',
      },
    ]);
    expect(statuses).toEqual([[204]]);
    const stored = await db.query<{ body: string }>(
      'SELECT body FROM hubspot_webhook_deliveries ORDER BY id DESC LIMIT 1',
    );
    expect(JSON.parse(stored.rows[0]!.body)).toEqual([expect.objectContaining({ objectId: Number(deal) })]);
    const r = await feature.processWebhooks();
    expect(r).toMatchObject({ processed: 0, waiting: 1 });
    // Later events of the portal wait behind it (order), and go through once HubSpot answers again.
    await deliver([rename('Initech Waiting')]);
    expect(await accountName()).not.toBe('Initech Waiting');
    hs.faults.clear();
    expect(await feature.processWebhooks()).toMatchObject({ processed: 2, waiting: 0 });
    expect(await accountName()).toBe('Initech Waiting');
  });

  it('applies the events of one object in the order they happened, whatever the order sent', async () => {
    const t = Date.now();
    expect(await deliver([rename('Initech Second', t + 2), rename('Initech First', t + 1)])).toEqual([[204]]);
    await feature.processWebhooks();
    expect(await accountName()).toBe('Initech Second');
  });

  it('skips one malformed event (logged), never the whole delivery; only a bad signature is a 401', async () => {
    const t = Date.now();
    const good = (name: string, id: number) => ({
      eventId: id,
      portalId: hs.portalId,
      subscriptionType: 'company.propertyChange',
      objectId: Number(company),
      propertyName: 'name',
      propertyValue: name,
      occurredAt: t + id,
    });
    const body = JSON.stringify([
      good('Initech A', 7_000_001),
      { eventId: 'x', junk: true },
      good('Initech B', 7_000_002),
    ]);
    expect((await postSigned(body)).status).toBe(204);
    expect(await feature.processWebhooks()).toMatchObject({ processed: 2, skipped: 1 });
    expect(await accountName()).toBe('Initech B');
    expect((await postSigned('{"not": "an array"')).status).toBe(204);
    expect(await feature.processWebhooks()).toMatchObject({ processed: 0 });
    const before = await db.query('SELECT count(*)::int AS n FROM hubspot_webhook_deliveries');
    expect((await postSigned(body, 'another-secret')).status).toBe(401);
    expect(await db.query('SELECT count(*)::int AS n FROM hubspot_webhook_deliveries')).toEqual(before);
  });

  it('contact.privacyDeletion erases the person’s identity and words, keeps the scores, records the erasure', async () => {
    await answer('hal@initech.example', 3, 'Support never answers, Hal here');
    await answer('ivy@initech.example', 10, 'Great team');
    const contact = hs.store.create('contacts', { email: 'hal@initech.example' }).id;
    await db.query('INSERT INTO hubspot_contacts (tenant_id, contact_id, email) VALUES ($1, $2, $3)', [
      acme.id,
      contact,
      'hal@initech.example',
    ]);
    const aggregates = async () =>
      (
        await db.query('SELECT * FROM score_aggregates WHERE tenant_id = $1 ORDER BY 1, 2, 3, 4, 5', [
          acme.id,
        ])
      ).rows;
    const before = await aggregates();
    expect(
      await deliver([{ subscriptionType: 'contact.privacyDeletion', objectId: Number(contact) }]),
    ).toEqual([[204]]);
    await feature.processWebhooks();
    const rows = await db.query<{ respondent_id: string; answers: unknown; has_text: boolean }>(
      "SELECT respondent_id, answers, has_text FROM responses WHERE tenant_id = $1 AND account_id = 'initech.example' ORDER BY received_at",
      [acme.id],
    );
    const text = JSON.stringify(rows.rows);
    expect(text).not.toContain('hal@initech.example');
    expect(text).not.toContain('Hal here');
    expect(text).toContain('Great team');
    const hal = rows.rows.find((r) => r.respondent_id.startsWith('erased-'))!;
    expect(hal).toMatchObject({ has_text: false });
    expect(hal.answers).toEqual([
      { kind: 'nps', questionId: 'nps', value: 3 },
      { kind: 'text', questionId: 'why', value: null },
    ]);
    expect(await aggregates()).toEqual(before);
    const latest = await db.query(
      "SELECT 1 FROM latest_scores WHERE tenant_id = $1 AND respondent_id = 'hal@initech.example'",
      [acme.id],
    );
    expect(latest.rows).toEqual([]);
    const erasure = await db.query(
      'SELECT source, subject_ref, responses, identity_known FROM privacy_erasures WHERE tenant_id = $1',
      [acme.id],
    );
    expect(erasure.rows).toEqual([
      { source: 'hubspot:contact.privacyDeletion', subject_ref: contact, responses: 1, identity_known: true },
    ]);
  });

  it('object.merge keeps the cxkit data of merged companies and contacts with the record kept', async () => {
    const other = hs.store.create('companies', { name: 'Initech (dup)' }).id;
    const a = hs.store.create('contacts', { email: 'kim@initech.example' }).id;
    const b = hs.store.create('contacts', { email: 'kim2@initech.example' }).id;
    await db.query('INSERT INTO hubspot_contacts (tenant_id, contact_id, email) VALUES ($1, $2, $3)', [
      acme.id,
      a,
      'kim@initech.example',
    ]);
    await enqueueWrites(db, acme.id, [
      { objectType: 'companies', objectId: company, property: 'cxkit_nps', value: '42' },
      {
        objectType: 'contacts',
        objectId: a,
        property: 'cxkit_pending_survey_url',
        value: 'https://portal.acme.test/?cx-invitation=inv_1',
      },
    ]);
    // The linked company is merged into another one, and contact a into b.
    expect(
      await deliver([
        {
          subscriptionType: 'object.merge',
          objectTypeId: '0-2',
          objectId: Number(other),
          primaryObjectId: Number(other),
          mergedObjectIds: [Number(company)],
        },
        {
          subscriptionType: 'object.merge',
          objectTypeId: '0-1',
          objectId: Number(b),
          primaryObjectId: Number(b),
          mergedObjectIds: [Number(a)],
        },
      ]),
    ).toEqual([[204]]);
    await feature.processWebhooks();
    const link = await db.query<{ company_id: string }>(
      "SELECT company_id FROM hubspot_companies WHERE tenant_id = $1 AND account_id = 'initech.example'",
      [acme.id],
    );
    expect(link.rows).toEqual([{ company_id: other }]);
    const mapped = await db.query<{ contact_id: string }>(
      'SELECT contact_id FROM hubspot_contacts WHERE tenant_id = $1 AND email = $2',
      [acme.id, 'kim@initech.example'],
    );
    expect(mapped.rows).toEqual([{ contact_id: b }]);
    // The pending writes follow the records kept, and land there (none fails on a record gone).
    const r = await drainOutbox({ db, gateway: testGateway(db, settings), portal, logger });
    expect(r).toMatchObject({ failed: 0 });
    expect(await outboxStatus(db, acme.id)).toMatchObject({ failed: 0 });
    expect(hs.store.get('companies', other)!.properties['cxkit_nps']).toBe('42');
    expect(hs.store.get('contacts', b)!.properties['cxkit_pending_survey_url']).toMatch(/inv_1$/);
  });

  it("follows HubSpot's own merge and privacy-deletion deliveries (the stand-in's subscriptions)", async () => {
    hs.webhooks.subscribe(TARGET, [
      { subscriptionType: 'object.merge', objectType: 'company' },
      { subscriptionType: 'contact.privacyDeletion', objectType: 'contact' },
    ]);
    const kept = hs.store.create('companies', { name: 'Initech Holding' }).id;
    const linked = (
      await db.query<{ company_id: string }>(
        "SELECT company_id FROM hubspot_companies WHERE tenant_id = $1 AND account_id = 'initech.example'",
        [acme.id],
      )
    ).rows[0]!.company_id;
    hs.store.merge('companies', kept, linked);
    const contact = hs.store.create('contacts', { email: 'zoe@initech.example' }).id;
    await answer('zoe@initech.example', 6, 'Zoe speaking');
    await db.query('INSERT INTO hubspot_contacts (tenant_id, contact_id, email) VALUES ($1, $2, $3)', [
      acme.id,
      contact,
      'zoe@initech.example',
    ]);
    hs.store.privacyDelete(contact);
    const attempts = await hs.webhooks.flush({ fetch: async (url, init) => app.request(String(url), init) });
    expect(attempts.map((a) => a.map((x) => x.status))).toEqual([[204]]);
    await feature.processWebhooks();
    const link = await db.query<{ company_id: string }>(
      "SELECT company_id FROM hubspot_companies WHERE tenant_id = $1 AND account_id = 'initech.example'",
      [acme.id],
    );
    expect(link.rows).toEqual([{ company_id: kept }]);
    const zoe = await db.query(
      "SELECT 1 FROM responses WHERE tenant_id = $1 AND respondent_id = 'zoe@initech.example'",
      [acme.id],
    );
    expect(zoe.rows).toEqual([]);
  });
});
