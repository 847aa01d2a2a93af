import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhooks, type HubSpotStandIn } from '@cxkit/hubspot-stand-in';
import {
  createApp,
  createInvitation,
  drainOutbox,
  enqueueWrites,
  hubspotFeature,
  type HubSpotFeature,
  INVITATION_TTL_DAYS,
  PENDING_SURVEY_URL,
  queueInvitationClears,
  startHubSpotSyncWorker,
  type CreatedTenant,
  type Database,
  type HubSpotPortal,
  type HubSpotSettings,
} from '@cxkit/server';
import { pino } from 'pino';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import { npsResponse, seedTenant, testConfig, widgetHeaders } from '../test-support/fixtures.js';
import { hubspotStandIn, linkStandInPortal, testGateway } from '../test-support/hubspot.js';

const logger = pino({ level: 'silent' });
const ACCOUNT = 'initech.example';

describe.each(STORAGE_TARGETS)('HubSpot pending-survey links cleared ($name)', (target) => {
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
      features: [(feature = hubspotFeature(settings))],
    }));
    acme = await seedTenant(db, 'acme');
    portal = await linkStandInPortal(db, hs, settings, acme.id);
    company = hs.store.create('companies', { name: 'Initech', domain: ACCOUNT }).id;
    await answer('old@initech.example');
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await hs.close();
    await db.close();
  }, HOOK_TIMEOUT);

  async function answer(respondent: string) {
    const res = await app.request('http://cxkit.test/v1/responses', {
      method: 'POST',
      headers: widgetHeaders(acme, { account: ACCOUNT, respondent }),
      body: JSON.stringify(npsResponse(ACCOUNT, respondent, 9)),
    });
    expect(res.status).toBe(200);
  }

  /** Contacts by email (created once, primary at Initech). */
  const contacts = new Map<string, string>();
  function contactOf(email: string): string {
    let id = contacts.get(email);
    if (id === undefined) {
      id = hs.store.create('contacts', { email }).id;
      hs.store.associate('contacts', id, 'companies', company, { primary: true });
      contacts.set(email, id);
    }
    return id;
  }

  /** A deal of Initech with these contacts moves to closed won: HubSpot's webhook invites them. */
  async function dealWon(emails: string[]) {
    const deal = hs.store.create('deals', {
      dealname: 'Renewal',
      dealstage: 'contractsent',
      pipeline: 'default',
    }).id;
    hs.store.associate('deals', deal, 'companies', company, { primary: true });
    for (const email of emails) hs.store.associate('deals', deal, 'contacts', contactOf(email));
    const attempts = await deliverWebhooks({
      targetUrl: 'http://cxkit.test/v1/hubspot/webhooks',
      events: [
        {
          subscriptionType: 'deal.propertyChange',
          objectId: Number(deal),
          propertyName: 'dealstage',
          propertyValue: 'closedwon',
        },
      ],
      clientSecret: hs.clientSecret,
      portalId: hs.portalId,
      appId: hs.appId,
      fetch: async (url, init) => app.request(String(url), init),
    });
    // Stored and answered 204; the worker applies the event.
    expect(attempts[0]![0]!.status).toBe(204);
    await feature.processWebhooks();
    await drain();
  }

  const drain = () => drainOutbox({ db, gateway: testGateway(db, settings), portal, logger });
  const link = (email: string) =>
    hs.store.get('contacts', contactOf(email))!.properties['cxkit_pending_survey_url'] ?? null;
  const statusOf = async (email: string) =>
    (
      await db.query<{ status: string; cleared: boolean }>(
        `SELECT status, cleared_at IS NOT NULL AS cleared FROM survey_invitations
         WHERE tenant_id = $1 AND respondent_id = $2 ORDER BY created_at`,
        [acme.id, email],
      )
    ).rows;

  it('the sync worker clears the link of an answered invitation, and only that one', async () => {
    await dealWon(['ann@initech.example', 'bob@initech.example']);
    expect(link('ann@initech.example')).toMatch(/cx-invitation=inv_/);
    expect(link('bob@initech.example')).toMatch(/cx-invitation=inv_/);
    await answer('ann@initech.example');
    const worker = startHubSpotSyncWorker({
      db,
      gateway: testGateway(db, settings),
      encryptionKey: settings.encryptionKey,
      logger,
      intervalMs: 50,
      queueChanges: false,
    });
    try {
      await expect.poll(() => link('ann@initech.example'), { timeout: 20_000 }).toBeNull();
    } finally {
      await worker.stop();
    }
    expect(link('bob@initech.example')).toMatch(/cx-invitation=inv_/);
    expect(await statusOf('ann@initech.example')).toEqual([{ status: 'answered', cleared: true }]);
    expect(await statusOf('bob@initech.example')).toEqual([{ status: 'pending', cleared: false }]);
    // Done once: the next pass finds nothing to clear.
    expect(await queueInvitationClears(db, acme.id, new Date())).toEqual({
      answered: 0,
      expired: 0,
      queued: 0,
    });
  });

  it("keeps a newer invitation's link when an older answered invitation is cleared", async () => {
    await dealWon(['cat@initech.example']);
    const first = link('cat@initech.example');
    await answer('cat@initech.example');
    // Before the worker ran, another trigger invited Cat again (as the webhook does, past the fatigue
    // caps, e.g. a worker down for weeks): the new link replaced the old one.
    const second = await createInvitation(
      db,
      {
        tenantId: acme.id,
        surveyId: 'relationship',
        accountId: ACCOUNT,
        respondentId: 'cat@initech.example',
        contactId: contactOf('cat@initech.example'),
        trigger: 'ticket:1:closed',
      },
      settings.CXKIT_PORTAL_URL!,
      new Date(Date.now() + 1000),
    );
    await enqueueWrites(db, acme.id, [
      {
        objectType: 'contacts',
        objectId: contactOf('cat@initech.example'),
        property: PENDING_SURVEY_URL,
        value: second!.url,
      },
    ]);
    await drain();
    expect(link('cat@initech.example')).toBe(second!.url);
    expect(second!.url).not.toBe(first);
    expect(await queueInvitationClears(db, acme.id, new Date())).toEqual({
      answered: 1,
      expired: 0,
      queued: 0,
    });
    await drain();
    expect(link('cat@initech.example')).toBe(second!.url);
  });

  it('clears the link of an invitation that expired unanswered', async () => {
    const later = new Date(Date.now() + (INVITATION_TTL_DAYS + 1) * 86_400_000);
    const r = await queueInvitationClears(db, acme.id, later);
    // Bob's and Cat's second invitation were never answered.
    expect(r).toEqual({ answered: 0, expired: 2, queued: 2 });
    await drain();
    expect(link('bob@initech.example')).toBeNull();
    expect(link('cat@initech.example')).toBeNull();
    expect(await statusOf('bob@initech.example')).toEqual([{ status: 'expired', cleared: true }]);
  });
});
