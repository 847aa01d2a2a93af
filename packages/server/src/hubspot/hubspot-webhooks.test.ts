import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhooks, type HubSpotStandIn, type WebhookEventInput } from '@cxkit/hubspot-stand-in';
import {
  createApp,
  drainOutbox,
  hubspotFeature,
  linkCompany,
  saveVersion,
  type CreatedTenant,
  type Database,
  type HubSpotFeature,
  type HubSpotPortal,
  type HubSpotSettings,
} from '@cxkit/server';
import { pino } from 'pino';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import { json, npsResponse, seedTenant, testConfig, widgetHeaders } from '../test-support/fixtures.js';
import { hubspotStandIn, linkStandInPortal, testGateway } from '../test-support/hubspot.js';

const TARGET = 'http://cxkit.test/v1/hubspot/webhooks';

describe.each(STORAGE_TARGETS)('HubSpot webhooks and survey invitations ($name)', (target) => {
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
      logger: pino({ level: 'silent' }),
      features: [(feature = hubspotFeature(settings))],
    }));
    acme = await seedTenant(db, 'acme');
    portal = await linkStandInPortal(db, hs, settings, acme.id);
    company = hs.store.create('companies', { name: 'Initech', domain: 'initech.example' }).id;
    // The account exists in cxkit (an earlier answer), so the company matches it by domain.
    await answer('initech.example', 'old@initech.example', 8);
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await hs.close();
    await db.close();
  }, HOOK_TIMEOUT);

  async function answer(account: string, respondent: string, score: number, invitation?: string) {
    const res = await app.request('http://cxkit.test/v1/responses', {
      method: 'POST',
      headers: widgetHeaders(acme, { account, respondent }),
      // `<cx-survey invitations>` names the invitation it answers in the response's attributes.
      body: JSON.stringify(
        npsResponse(account, respondent, score, invitation ? { attributes: { invitation } } : {}),
      ),
    });
    expect(res.status).toBe(200);
  }

  /** What each delivery's processing did (the route stores it and answers 204 at once). */
  const replies: unknown[] = [];
  const deliver = async (events: WebhookEventInput[], secret = hs.clientSecret) => {
    const attempts = await deliverWebhooks({
      targetUrl: TARGET,
      events,
      clientSecret: secret,
      portalId: hs.portalId,
      appId: hs.appId,
      fetch: async (url, init) => app.request(String(url), init),
    });
    const r = await feature.processWebhooks();
    replies.push({ processed: r.processed, duplicates: r.duplicates });
    return attempts;
  };

  function dealWithContacts(emails: string[]) {
    const deal = hs.store.create('deals', {
      dealname: 'Renewal',
      dealstage: 'contractsent',
      pipeline: 'default',
    }).id;
    hs.store.associate('deals', deal, 'companies', company, { primary: true });
    const contacts = emails.map((email) => {
      const id = hs.store.create('contacts', { email }).id;
      hs.store.associate('contacts', id, 'companies', company, { primary: true });
      hs.store.associate('deals', deal, 'contacts', id);
      return id;
    });
    return { deal, contacts };
  }

  const stageChange = (
    objectType: 'deal' | 'ticket',
    id: string,
    value: string,
    eventId?: number,
  ): WebhookEventInput => ({
    subscriptionType: `${objectType}.propertyChange`,
    objectId: Number(id),
    propertyName: objectType === 'deal' ? 'dealstage' : 'hs_pipeline_stage',
    propertyValue: value,
    ...(eventId === undefined ? {} : { eventId }),
  });

  const invitationsOf = async (account: string, respondent: string) =>
    (
      await json(
        await app.request(
          `http://cxkit.test/v1/invitations?account=${encodeURIComponent(account)}&respondent=${encodeURIComponent(respondent)}`,
          { headers: widgetHeaders(acme, { account, respondent }) },
        ),
      )
    ).invitations;

  it('invites the contacts of a deal that moves to closed won, and links it on the contact', async () => {
    const { deal, contacts } = dealWithContacts(['ann@initech.example', 'bob@initech.example']);
    const attempts = await deliver([stageChange('deal', deal, 'closedwon')]);
    expect(attempts[0]![0]!.status).toBe(204);
    const [inv] = await invitationsOf('initech.example', 'ann@initech.example');
    expect(inv).toMatchObject({ surveyId: 'relationship', trigger: `deal:${deal}:won` });
    expect(inv.url).toMatch(/^https:\/\/portal\.acme\.test\/\?cx-invitation=inv_/);
    expect(await invitationsOf('initech.example', 'bob@initech.example')).toHaveLength(1);
    await drainOutbox({ db, gateway: testGateway(db, settings), portal, logger: pino({ level: 'silent' }) });
    expect(hs.store.get('contacts', contacts[0]!)!.properties['cxkit_pending_survey_url']).toBe(inv.url);
    // Answering the survey (as the widget does, naming the invitation) clears the pending invitation.
    await answer('initech.example', 'ann@initech.example', 9, inv.id);
    expect(await invitationsOf('initech.example', 'ann@initech.example')).toHaveLength(0);
  });

  it('recognises closed-won stages of custom pipelines', async () => {
    // The stand-in has no pipeline-create endpoint: seed a custom pipeline as an admin would have
    // created it (HubSpot returns every pipeline, custom ones included, from GET /crm/v3/pipelines/deals).
    const at = new Date().toISOString();
    const stage = (id: string, isClosed: boolean, probability: string) => ({
      id,
      label: id,
      displayOrder: 0,
      metadata: { isClosed: String(isClosed), probability },
      createdAt: at,
      updatedAt: at,
      archived: false,
    });
    (hs.store as unknown as { pipelines: Map<string, unknown[]> }).pipelines.get('deals')!.push({
      id: 'renewals',
      label: 'Renewals',
      displayOrder: 1,
      createdAt: at,
      updatedAt: at,
      archived: false,
      stages: [stage('renewal-open', false, '0.5'), stage('renewal-signed', true, '1.0')],
    });
    const { deal } = dealWithContacts(['gus@initech.example']);
    // Pipelines are cached, but a stage the cache does not know refreshes it.
    await deliver([stageChange('deal', deal, 'renewal-signed')]);
    expect(await invitationsOf('initech.example', 'gus@initech.example')).toHaveLength(1);
  });

  it('ignores stages that are not closed won (open or closed lost)', async () => {
    const { deal } = dealWithContacts(['cyd@initech.example']);
    await deliver([
      stageChange('deal', deal, 'presentationscheduled'),
      stageChange('deal', deal, 'closedlost'),
    ]);
    expect(await invitationsOf('initech.example', 'cyd@initech.example')).toHaveLength(0);
  });

  it('processes a redelivered event once and a second trigger for the same person not at all', async () => {
    const { deal } = dealWithContacts(['dan@initech.example']);
    const event = stageChange('deal', deal, 'closedwon', 900_001);
    await deliver([event]);
    const r = await app.request(TARGET, { method: 'POST' });
    expect(r.status).toBe(401);
    expect(replies.at(-1)).toEqual({ processed: 1, duplicates: 0 });
    const again = await deliver([event, event]);
    expect(again[0]![0]!.status).toBe(204);
    // The copy within the delivery is queued once; the queued one was applied before.
    expect(replies.at(-1)).toEqual({ processed: 0, duplicates: 1 });
    expect(await invitationsOf('initech.example', 'dan@initech.example')).toHaveLength(1);
  });

  it('respects fatigue caps: someone who answered recently is not invited', async () => {
    await answer('initech.example', 'eve@initech.example', 7);
    const { deal } = dealWithContacts(['eve@initech.example']);
    await deliver([stageChange('deal', deal, 'closedwon')]);
    expect(await invitationsOf('initech.example', 'eve@initech.example')).toHaveLength(0);
  });

  it('invites the contacts of a closed ticket to the configured survey', async () => {
    await saveVersion(
      db,
      acme.id,
      'survey',
      'support',
      { id: 'support', version: 1, questions: [{ id: 'csat', kind: 'csat', text: { en: 'Satisfied?' } }] },
      'test',
    );
    await db.query('UPDATE hubspot_portals SET ticket_survey_id = $2 WHERE portal_id = $1', [
      hs.portalId,
      'support',
    ]);
    const ticket = hs.store.create('tickets', {
      subject: 'Login broken',
      hs_pipeline: '0',
      hs_pipeline_stage: '1',
    }).id;
    const contact = hs.store.create('contacts', { email: 'fay@initech.example' }).id;
    hs.store.associate('contacts', contact, 'companies', company, { primary: true });
    hs.store.associate('tickets', ticket, 'contacts', contact);
    await deliver([stageChange('ticket', ticket, '3')]);
    expect(await invitationsOf('initech.example', 'fay@initech.example')).toHaveLength(0);
    await deliver([stageChange('ticket', ticket, '4')]);
    const [inv] = await invitationsOf('initech.example', 'fay@initech.example');
    expect(inv).toMatchObject({ surveyId: 'support', trigger: `ticket:${ticket}:closed` });
  });

  it('follows company renames and merges, and forgets a contact deleted for privacy', async () => {
    await linkCompany(db, acme.id, company, 'initech.example', 'domain');
    await deliver([
      {
        subscriptionType: 'company.propertyChange',
        objectId: Number(company),
        propertyName: 'name',
        propertyValue: 'Initech Ltd',
      },
    ]);
    const name = await db.query<{ name: string }>(
      "SELECT name FROM accounts WHERE tenant_id = $1 AND account_id = 'initech.example'",
      [acme.id],
    );
    expect(name.rows[0]!.name).toBe('Initech Ltd');

    const { deal, contacts } = dealWithContacts(['hal@initech.example']);
    await deliver([stageChange('deal', deal, 'closedwon')]);
    expect(await invitationsOf('initech.example', 'hal@initech.example')).toHaveLength(1);
    await deliver([{ subscriptionType: 'contact.privacyDeletion', objectId: Number(contacts[0]) }]);
    expect(await invitationsOf('initech.example', 'hal@initech.example')).toHaveLength(0);
    const mapped = await db.query('SELECT 1 FROM hubspot_contacts WHERE tenant_id = $1 AND contact_id = $2', [
      acme.id,
      contacts[0],
    ]);
    expect(mapped.rows).toHaveLength(0);

    // Initech is merged into a new company record: the account follows it.
    const survivor = hs.store.create('companies', { name: 'Initech Group' }).id;
    await deliver([
      {
        subscriptionType: 'object.merge',
        objectTypeId: '0-2',
        objectId: Number(survivor),
        primaryObjectId: Number(survivor),
        mergedObjectIds: [Number(company)],
      },
    ]);
    expect(replies.at(-1)).toEqual({ processed: 1, duplicates: 0 });
    const link = await db.query<{ company_id: string }>(
      "SELECT company_id FROM hubspot_companies WHERE tenant_id = $1 AND account_id = 'initech.example'",
      [acme.id],
    );
    expect(link.rows.map((r) => r.company_id)).toEqual([survivor]);
  });

  it('refuses a delivery signed with another secret, and invitations without a matching identity', async () => {
    const attempts = await deliver([stageChange('deal', '1', 'closedwon')], 'not-the-app-secret');
    expect(attempts[0]![0]!.status).toBe(401);
    const res = await app.request(
      'http://cxkit.test/v1/invitations?account=initech.example&respondent=bob@initech.example',
      {
        headers: widgetHeaders(acme, { account: 'initech.example', respondent: 'ann@initech.example' }),
      },
    );
    expect(res.status).toBe(403);
  });
});
