import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotStandIn, type HubSpotStandIn } from '@cxkit/hubspot-stand-in';
import {
  IMPORT_SURVEY_ID,
  PENDING_SURVEY_URL,
  createInvitation,
  createTenant,
  enqueueWrites,
  importRecords,
  openDatabase,
} from '@cxkit/server';
import { runCli } from '../testing/capture-io.js';

const ENV = ['HUBSPOT_CLIENT_SECRET', 'HUBSPOT_BASE_PATH', 'HUBSPOT_ACCESS_TOKEN', 'CXKIT_DEV'] as const;

describe('cxkit hubspot', () => {
  let dir: string;
  let hs: HubSpotStandIn;
  const saved: Partial<Record<(typeof ENV)[number], string | undefined>> = {};
  const companies: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cxkit-hubspot-'));
    hs = await startHubSpotStandIn({ rateLimit: false });
    for (const k of ENV) saved[k] = process.env[k];
    Object.assign(process.env, {
      HUBSPOT_CLIENT_SECRET: hs.clientSecret,
      HUBSPOT_BASE_PATH: hs.url,
      HUBSPOT_ACCESS_TOKEN: hs.accessToken,
      CXKIT_DEV: 'true',
    });
    const db = await openDatabase({ dataDir: join(dir, 'data') });
    await createTenant(db, { id: 'acme', name: 'Acme' });
    const scale = { min: 0, max: 10, polarity: 'higher-is-better' as const };
    for (let i = 0; i < 3; i++) {
      companies.push(hs.store.create('companies', { name: `Co ${i}`, domain: `co${i}.example` }).id);
      await importRecords(db, 'acme', [
        {
          accountId: `co${i}.example`,
          respondentId: 'a',
          metric: 'nps',
          value: 10,
          answeredAt: new Date().toISOString(),
          scale,
        },
        {
          accountId: `co${i}.example`,
          respondentId: 'b',
          metric: 'nps',
          value: i * 4,
          answeredAt: new Date().toISOString(),
          scale,
        },
      ]);
    }
    await db.close();
  }, 120_000);
  afterAll(async () => {
    for (const k of ENV)
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    await hs.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('links a portal with a static token, then syncs changed companies (dry run first)', async () => {
    const link = await runCli(
      [
        'hubspot',
        'link',
        '--portal',
        String(hs.portalId),
        '--tenant',
        'acme',
        '--limit',
        '100',
        '--data-dir',
        'data',
      ],
      dir,
    );
    expect(link.stderr).toBe('');
    expect(link.stdout).toMatch(
      /linked portal 62515 to tenant "acme" \(static token, 100 requests per 10 s\)/,
    );
    expect(hs.store.getProperty('companies', 'cxkit_nps')).toBeDefined();

    const dry = await runCli(['hubspot', 'sync', '--dry-run', '--data-dir', 'data'], dir);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(
      /3 accounts, 3 would be matched to companies \(3 new\), \d+ property values would change \(dry run\)/,
    );
    expect(hs.store.get('companies', companies[0]!)!.properties['cxkit_nps']).toBeFalsy();

    const sync = await runCli(
      ['hubspot', 'sync', '--portal', String(hs.portalId), '--data-dir', 'data'],
      dir,
    );
    expect(sync.code).toBe(0);
    // The dry run linked nothing: the real run makes the three links.
    expect(sync.stdout).toMatch(/3 accounts, 3 matched to companies \(3 new\)/);
    expect(sync.stdout).toMatch(/wrote 3 records in 1 batch calls/);
    // co0: 10 and 0 -> a promoter and a detractor: NPS 0; co2: 10 and 8 -> a promoter and a passive: 50.
    expect(hs.store.get('companies', companies[0]!)!.properties['cxkit_nps']).toBe('0');
    expect(hs.store.get('companies', companies[2]!)!.properties['cxkit_nps']).toBe('50');

    const again = await runCli(['hubspot', 'sync', '--data-dir', 'data'], dir);
    expect(again.stdout).toMatch(/3 matched to companies \(0 new\), 0 values queued; wrote 0 records/);
  }, 120_000);

  it("clears a contact's pending survey link once the contact answered", async () => {
    const email = 'ann@co1.example';
    const contact = hs.store.create('contacts', { email }).id;
    const link = () => hs.store.get('contacts', contact)!.properties[PENDING_SURVEY_URL];
    let db = await openDatabase({ dataDir: join(dir, 'data') });
    const invitation = await createInvitation(
      db,
      {
        tenantId: 'acme',
        surveyId: IMPORT_SURVEY_ID,
        accountId: 'co1.example',
        respondentId: email,
        contactId: contact,
        trigger: 'ticket:7:closed',
      },
      'https://portal.example/survey',
      new Date(Date.now() - 3_600_000),
    );
    await enqueueWrites(db, 'acme', [
      { objectType: 'contacts', objectId: contact, property: PENDING_SURVEY_URL, value: invitation!.url },
    ]);
    await db.close();
    const invited = await runCli(['hubspot', 'sync', '--data-dir', 'data'], dir);
    expect(invited.code).toBe(0);
    expect(invited.stdout).not.toMatch(/pending survey links cleared/);
    expect(link()).toBe(invitation!.url);

    db = await openDatabase({ dataDir: join(dir, 'data') });
    const scale = { min: 0, max: 10, polarity: 'higher-is-better' as const };
    await importRecords(db, 'acme', [
      {
        accountId: 'co1.example',
        respondentId: email,
        metric: 'nps',
        value: 9,
        answeredAt: new Date().toISOString(),
        scale,
      },
    ]);
    await db.close();
    const answered = await runCli(['hubspot', 'sync', '--data-dir', 'data'], dir);
    expect(answered.code).toBe(0);
    expect(answered.stdout).toMatch(/1 pending survey links cleared \(1 answered, 0 expired\)/);
    expect(link()).toBeFalsy();
  }, 120_000);

  it('explains usage errors', async () => {
    const r = await runCli(
      ['hubspot', 'link', '--portal', 'x', '--tenant', 'acme', '--data-dir', 'data'],
      dir,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--portal must be a positive integer/);
    const s = await runCli(['hubspot'], dir);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/subcommand is required/);
  });
});
