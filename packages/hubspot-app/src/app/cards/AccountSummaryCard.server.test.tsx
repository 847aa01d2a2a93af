import { randomUUID } from 'node:crypto';
import { hubspot, StatisticsItem, Table, TableBody, TableCell, TableRow, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SurveyDefinitionSchema } from '@cxkit/core';
import { createHubSpotFetch, startHubSpotStandIn, type HubSpotStandIn } from '@cxkit/hubspot-stand-in';
import {
  analyzePendingVerbatims,
  createApp,
  createLogger,
  createTenant,
  importRecords,
  linkCompany,
  linkStaticPortal,
  loadConfig,
  loadHubSpotSettings,
  HubSpotGateway,
  openDatabase,
  hubspotFeature,
  storeResponses,
  type Database,
} from '@cxkit/server';
import { AccountSummaryCard } from './AccountSummaryCard.tsx';
import { CXKIT_SERVER_URL } from './cxkit-server.ts';

// The card runs against the real cxkit server in-process: hubspot.fetch calls `self.hsFetch`, which
// signs each request as HubSpot's proxy does and hands it to the server's `app.request`.
const g = globalThis as unknown as { self?: unknown; hsFetch?: unknown };

describe('company card against the real server', () => {
  let hs: HubSpotStandIn;
  let db: Database;
  let companyId: string;

  beforeAll(async () => {
    hs = await startHubSpotStandIn({ rateLimit: false });
    db = await openDatabase({});
    const logger = createLogger('silent');
    const settings = loadHubSpotSettings(
      {},
      { HUBSPOT_CLIENT_SECRET: hs.clientSecret, HUBSPOT_BASE_PATH: hs.url, CXKIT_DEV: 'true' },
    );
    await createTenant(db, { id: 'acme', name: 'Acme' });
    await linkStaticPortal({
      db,
      gateway: new HubSpotGateway({ db, settings, logger }),
      settings,
      portalId: hs.portalId,
      tenantId: 'acme',
      accessToken: hs.accessToken,
      now: new Date(),
    });
    companyId = hs.store.create('companies', { name: 'Initech', domain: 'initech.example' }).id;
    await linkCompany(db, 'acme', companyId, 'initech.example', 'manual');
    const scale = { min: 0, max: 10, polarity: 'higher-is-better' as const };
    const at = new Date().toISOString();
    await importRecords(
      db,
      'acme',
      [10, 9, 3].map((value, i) => ({
        accountId: 'initech.example',
        respondentId: `p${i}`,
        metric: 'nps' as const,
        value,
        answeredAt: at,
        scale,
      })),
    );
    // Open answers without a score (the NPS above stays +33), analysed the way the server's worker does.
    const survey = SurveyDefinitionSchema.parse({
      id: 'relationship',
      version: 1,
      questions: [{ id: 'why', kind: 'text', text: { en: 'Why?' } }],
    });
    await storeResponses(
      db,
      'acme',
      [
        'Great documentation, very responsive team',
        'The documentation is outdated and confusing',
        'Support never answers <script>alert(1)</script>',
      ].map((value, i) => ({
        survey,
        response: {
          id: randomUUID(),
          surveyId: survey.id,
          accountId: 'initech.example',
          respondentId: `p${i}`,
          channel: 'web' as const,
          answeredAt: at,
          answers: [{ kind: 'text' as const, questionId: 'why', value }],
        },
      })),
    );
    await analyzePendingVerbatims({ db });
    const { app } = createApp({
      db,
      config: loadConfig({}, { LOG_LEVEL: 'silent' }),
      logger,
      features: [hubspotFeature(settings)],
    });
    g.self = globalThis;
    g.hsFetch = createHubSpotFetch({
      clientSecret: hs.clientSecret,
      portalId: hs.portalId,
      appId: hs.appId,
      userId: 1001,
      userEmail: 'admin@acme.test',
      proxy: { [CXKIT_SERVER_URL]: 'http://cxkit.test' },
      fetch: async (url, init) => app.request(String(url), init),
    });
  }, 60_000);
  afterAll(async () => {
    delete g.hsFetch;
    delete g.self;
    await hs.close();
    await db.close();
  });

  it('renders NPS and its n from the view model the server computed for this company', async () => {
    const r = createRenderer('crm.record.tab');
    r.render(<AccountSummaryCard companyId={companyId} fetcher={hubspot.fetch} />);
    await r.waitFor(() => expect(r.find(StatisticsItem)).toBeTruthy(), { timeoutInMs: 10_000 });
    const nps = r.find(StatisticsItem, { label: 'NPS' });
    // Two promoters and one detractor: (2 - 1) / 3 = +33.
    expect(nps.props.number).toBe('+33');
    expect(nps.find(Text).text).toMatch(/n = 3/);
  });

  it("lists the themes the server found in this company's comments, quotes as plain text", async () => {
    const r = createRenderer('crm.record.tab');
    r.render(<AccountSummaryCard companyId={companyId} fetcher={hubspot.fetch} />);
    await r.waitFor(() => expect(r.maybeFindByTestId(Table, 'themes')).not.toBeNull(), {
      timeoutInMs: 10_000,
    });
    const rows = r
      .findByTestId(Table, 'themes')
      .find(TableBody)
      .findAll(TableRow)
      .map((row) => row.findAll(TableCell).map((c) => c.maybeFind(Text)?.text ?? c.text));
    // Ties keep the dictionary's order. Each theme quotes one of its own comments (the most clear-cut by
    // the sentiment model, whichever of them that is), as plain text.
    const great = '“Great documentation, very responsive team”';
    const outdated = '“The documentation is outdated and confusing”';
    const never = '“Support never answers <script>alert(1)</script>”';
    expect(rows.map((row) => row.slice(0, 3))).toEqual([
      ['Technical documentation', '2', '1 positive, 1 negative'],
      ['Responsiveness', '2', '1 positive, 1 negative'],
      ['After-sales service', '1', '0 positive, 1 negative'],
    ]);
    expect([great, outdated]).toContain(rows[0]![3]);
    expect([great, never]).toContain(rows[1]![3]);
    expect(rows[2]![3]).toBe(never);
    const comment = r.find(Text, (t) => t.text === 'Support never answers <script>alert(1)</script>');
    expect(comment.childNodes).toHaveLength(1);
    expect(comment.childNodes[0]!.nodeType).toBe('text');
    expect(r.findAll(Text).map((t) => t.text)).toContainEqual(expect.stringMatching(/ · negative · /));
  });
});
