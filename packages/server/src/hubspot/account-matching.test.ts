import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubSpotStandIn } from '@cxkit/hubspot-stand-in';
import {
  companyForAccount,
  linkedCompanies,
  type CreatedTenant,
  type Database,
  type HubSpotPortal,
  type HubSpotSettings,
} from '@cxkit/server';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import { npsResponse, seedTenant, testApp, widgetHeaders } from '../test-support/fixtures.js';
import { hubspotStandIn, linkStandInPortal, testGateway } from '../test-support/hubspot.js';

describe.each(STORAGE_TARGETS)('HubSpot account matching by respondents ($name)', (target) => {
  let db: Database;
  let hs: HubSpotStandIn;
  let settings: HubSpotSettings;
  let tenant: CreatedTenant;
  let portal: HubSpotPortal;

  beforeAll(async () => {
    db = await target.open();
    ({ hs, settings } = await hubspotStandIn());
    tenant = await seedTenant(db, 'acme');
    portal = await linkStandInPortal(db, hs, settings, tenant.id);
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await hs.close();
    await db.close();
  }, HOOK_TIMEOUT);

  async function answer(account: string, respondent: string, minutesAgo = 0) {
    const { app } = testApp(db);
    const res = await app.request('/v1/responses', {
      method: 'POST',
      headers: widgetHeaders(tenant, { account, respondent }),
      body: JSON.stringify(
        npsResponse(account, respondent, 9, {
          answeredAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
        }),
      ),
    });
    expect(res.status).toBe(200);
  }

  /** A contact associated with companies, the primary one marked. */
  function contact(email: string, companies: { id: string; primary?: boolean }[]) {
    const id = hs.store.create('contacts', { email }).id;
    for (const c of companies)
      hs.store.associate('contacts', id, 'companies', c.id, { primary: c.primary ?? false });
    return id;
  }

  const links = async () =>
    Object.fromEntries(
      (
        await db.query<{ account_id: string; company_id: string; matched_by: string }>(
          'SELECT account_id, company_id, matched_by FROM hubspot_companies WHERE tenant_id = $1',
          [tenant.id],
        )
      ).rows.map((r) => [r.account_id, `${r.company_id}:${r.matched_by}`]),
    );

  it("links an account to its respondent's contact's primary company, remembering the contact", async () => {
    // Another company first, so the primary one is not merely the first association.
    const other = hs.store.create('companies', { name: 'Globex', domain: 'globex.example' }).id;
    const initech = hs.store.create('companies', { name: 'Initech', domain: 'initech.com' }).id;
    const ann = contact('ann@initech.example', [{ id: other }, { id: initech, primary: true }]);
    await answer('acct-initech', 'Ann@Initech.example');
    hs.clearRequests();
    expect(await companyForAccount(db, testGateway(db, settings), portal, 'acct-initech')).toBe(initech);
    expect((await links())['acct-initech']).toBe(`${initech}:contact`);
    expect(hs.requests.map((r) => `${r.method} ${r.path}`)).toContain('POST /crm/v3/objects/contacts/search');
    const remembered = await db.query<{ contact_id: string }>(
      'SELECT contact_id FROM hubspot_contacts WHERE tenant_id = $1 AND email = $2',
      [tenant.id, 'ann@initech.example'],
    );
    expect(remembered.rows.map((r) => r.contact_id)).toEqual([ann]);
    // Linked: the next pass asks HubSpot nothing.
    hs.clearRequests();
    expect(await companyForAccount(db, testGateway(db, settings), portal, 'acct-initech')).toBe(initech);
    expect(hs.requests).toHaveLength(0);
  });

  it('links nothing when no respondent is a contact', async () => {
    await answer('acct-nobody', 'zed@nowhere.example');
    await answer('acct-nobody', 'not-an-email');
    expect(await companyForAccount(db, testGateway(db, settings), portal, 'acct-nobody')).toBeUndefined();
    expect((await links())['acct-nobody']).toBeUndefined();
  });

  it('never takes a company linked to another account, and tries the next respondent', async () => {
    const initech = (await linkedCompanies(db, tenant.id)).find((l) => l.accountId === 'acct-initech')!;
    contact('bob@initech.example', [{ id: initech.companyId, primary: true }]);
    await answer('acct-bob', 'bob@initech.example');
    expect(await companyForAccount(db, testGateway(db, settings), portal, 'acct-bob')).toBeUndefined();
    expect((await links())['acct-initech']).toBe(`${initech.companyId}:contact`);
    expect((await links())['acct-bob']).toBeUndefined();

    // An older answer from a contact of a free company: that one is linked.
    const hooli = hs.store.create('companies', { name: 'Hooli' }).id;
    contact('cat@hooli.example', [{ id: hooli }]);
    await answer('acct-bob', 'cat@hooli.example', 60);
    expect(await companyForAccount(db, testGateway(db, settings), portal, 'acct-bob')).toBe(hooli);
    expect(await links()).toMatchObject({
      'acct-initech': `${initech.companyId}:contact`,
      'acct-bob': `${hooli}:contact`,
    });
  });
});
