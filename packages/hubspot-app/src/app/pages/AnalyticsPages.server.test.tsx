import { randomUUID } from 'node:crypto';
import {
  Button,
  hubspot,
  Input,
  Link,
  Select,
  StatisticsItem,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SurveyDefinitionSchema } from '@cxkit/core';
import { createHubSpotFetch, startHubSpotStandIn, type HubSpotStandIn } from '@cxkit/hubspot-stand-in';
import {
  analyzePendingVerbatims,
  createApp,
  createLogger,
  createTenant,
  HubSpotGateway,
  hubspotAnalyticsFeature,
  hubspotFeature,
  linkStaticPortal,
  loadConfig,
  loadHubSpotSettings,
  openDatabase,
  recordAccountInsight,
  storeResponses,
  upsertAccountSignals,
  type CreatedTenant,
  type Database,
} from '@cxkit/server';
import { isAnalyticsView, type AnalyticsViews } from './analytics-guard.ts';
import { AnalyticsPages } from './AnalyticsPages.tsx';
import { CXKIT_SERVER_URL } from './cxkit-server.ts';
import { formatFigure, formatValue } from './format.ts';

// Every page runs against the real cxkit server in-process: hubspot.fetch calls `self.hsFetch`, which signs
// each request as HubSpot's proxy does and hands it to the server. Each page's figures are compared with the
// admin analytics API's answer, the one the demo dashboard renders (demo/src/dashboard.test.ts checks that
// side): the demo and the HubSpot pages show the same numbers.
const g = globalThis as unknown as { self?: unknown; hsFetch?: unknown };

const SURVEY = SurveyDefinitionSchema.parse({
  id: 'relationship',
  version: 1,
  questions: [
    { id: 'nps', kind: 'nps', text: { en: 'Recommend us?' } },
    { id: 'why', kind: 'text', text: { en: 'Why?' } },
    { id: 'csat', kind: 'csat', text: { en: 'Satisfied?' } },
  ],
});

describe('app pages against the real server', () => {
  let hs: HubSpotStandIn;
  let db: Database;
  let tenant: CreatedTenant;
  let app: ReturnType<typeof createApp>['app'];

  const api = async <K extends keyof AnalyticsViews>(kind: K, query = ''): Promise<AnalyticsViews[K]> => {
    const res = await app.request(`http://cxkit.test/v1/analytics/${kind}${query ? `?${query}` : ''}`, {
      headers: { authorization: `Bearer ${tenant.adminKey}` },
    });
    const body: unknown = await res.json();
    expect(isAnalyticsView(kind, body)).toBe(true);
    return body as AnalyticsViews[K];
  };

  async function page(path: string, ready: (r: ReturnType<typeof createRenderer>) => unknown) {
    const r = createRenderer('home');
    r.mocks.setPageLocation({ path, params: {} });
    r.render(<AnalyticsPages fetcher={hubspot.fetch} serverUrl={CXKIT_SERVER_URL} />);
    await r.waitFor(() => expect(ready(r)).toBeTruthy(), { timeoutInMs: 10_000 });
    return r;
  }
  const rows = (r: ReturnType<typeof createRenderer>, testId: string) =>
    r
      .findByTestId(Table, testId)
      .find(TableBody)
      .findAll(TableRow)
      .map((row) => row.findAll(TableCell).map((c) => c.maybeFind(Text)?.text ?? c.text));

  beforeAll(async () => {
    hs = await startHubSpotStandIn({ rateLimit: false });
    db = await openDatabase({});
    const logger = createLogger('silent');
    const settings = loadHubSpotSettings(
      {},
      { HUBSPOT_CLIENT_SECRET: hs.clientSecret, HUBSPOT_BASE_PATH: hs.url, CXKIT_DEV: 'true' },
    );
    tenant = await createTenant(db, { id: 'acme', name: 'Acme' });
    await linkStaticPortal({
      db,
      gateway: new HubSpotGateway({ db, settings, logger }),
      settings,
      portalId: hs.portalId,
      tenantId: 'acme',
      accessToken: hs.accessToken,
      now: new Date(),
    });
    const at = new Date().toISOString();
    const accounts = [
      ['initech', 'energy', [10, 9, 9, 10], 5],
      ['globex', 'retail', [2, 0, 6, 9], 1],
      ['umbrella', 'energy', [8, 10, 3], 4],
    ] as const;
    for (const [accountId, , scores, csat] of accounts)
      await storeResponses(
        db,
        'acme',
        scores.map((score, i) => ({
          survey: SURVEY,
          response: {
            id: randomUUID(),
            surveyId: 'relationship',
            surveyVersion: 1,
            accountId,
            respondentId: `p${i}@${accountId}`,
            role: i % 2 === 0 ? 'buyer' : 'user',
            channel: 'web',
            answeredAt: at,
            answers: [
              { kind: 'nps' as const, questionId: 'nps', value: score },
              { kind: 'csat' as const, questionId: 'csat', value: csat },
              ...(accountId === 'globex'
                ? [
                    {
                      kind: 'text' as const,
                      questionId: 'why',
                      value: 'The documentation is outdated and confusing',
                    },
                  ]
                : []),
            ],
          },
        })),
      );
    await analyzePendingVerbatims({ db });
    await upsertAccountSignals(
      db,
      'acme',
      accounts.map(([accountId, sector], i) => ({
        accountId,
        signals: { mrr: 1000 * (i + 1), features: { sector } },
      })),
    );
    for (const [accountId, p] of [
      ['globex', 0.7],
      ['umbrella', 0.3],
    ] as const)
      await recordAccountInsight(db, 'acme', accountId, {
        kind: 'churn',
        value: {
          probability: p,
          source: 'prior',
          horizonDays: 90,
          drivers: [{ feature: 'nps', contribution: 1, text: 'Low NPS raises risk' }],
        },
      });
    ({ app } = createApp({
      db,
      config: loadConfig({}, { LOG_LEVEL: 'silent' }),
      logger,
      features: [hubspotFeature(settings), hubspotAnalyticsFeature(settings)],
    }));
    const admin = { authorization: `Bearer ${tenant.adminKey}`, 'content-type': 'application/json' };
    const action = await app.request('http://cxkit.test/v1/analytics/actions', {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({
        title: 'Docs refresh',
        driver: 'theme:documentation',
        complexity: 'low',
        cost: 'low',
      }),
    });
    const { id } = (await action.json()) as { id: string };
    const today = at.slice(0, 10);
    const start = `${at.slice(0, 7)}-01`;
    await app.request(`http://cxkit.test/v1/analytics/actions/${id}/plan`, {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({
        objective: {
          metric: 'nps',
          scope: { type: 'portfolio' },
          target: 40,
          start: start === today ? '2020-01-01' : start,
          deadline: '2099-12-31',
        },
        owner: { email: 'csm@acme.test' },
        checkpoints: [today, '2099-06-30'],
      }),
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

  it('home: the headline NPS the API computed, with its n', async () => {
    const view = await api('overview', 'months=12');
    const r = await page('/', (x) => x.maybeFind(StatisticsItem));
    const nps = view.kpis.find((k) => k.kpi === 'nps')!.figure;
    // 11 answers: 5 promoters, 3 detractors.
    expect(nps.n).toBe(11);
    expect(r.find(StatisticsItem, { label: 'NPS' }).props.number).toBe(formatValue('nps', nps.value!));
    expect(r.find(StatisticsItem, { label: 'NPS' }).find(Text).text).toBe(formatFigure(nps));
    // The monthly report opens in a browser tab behind a short-lived signed link.
    await r.waitFor(() => expect(r.maybeFind(Link)).not.toBeNull());
    const href = (r.find(Link).props.href as { url: string }).url;
    expect(href).toMatch(/^http:\/\/cxkit\.test\/v1\/reports\/monthly\?token=/);
    const report = await app.request(href);
    expect(report.status).toBe(200);
    expect(await report.text()).toContain('Acme: customer experience');
  });

  it('segments: NPS by role, as the API segments it', async () => {
    const view = await api('segments', 'dimension=role&kpi=nps&months=12');
    const r = await page('/segments', (x) => x.maybeFindByTestId(Table, 'segments'));
    expect(rows(r, 'segments')).toEqual(
      view.segments.map((s) => [s.segment, formatFigure(s.figure), String(s.accounts)]),
    );
  });

  it('accounts at risk: in the order of the stored churn risk', async () => {
    const view = await api('at-risk', 'limit=20&months=6');
    const r = await page('/at-risk', (x) => x.maybeFindByTestId(Table, 'at-risk'));
    expect(rows(r, 'at-risk').map((row) => row[0])).toEqual(view.accounts.map((a) => a.name ?? a.accountId));
    expect(rows(r, 'at-risk')[0]![1]).toBe('70.0% in 90 days (prior)');
  });

  it("themes: labelled with the tenant's dictionary", async () => {
    const view = await api('themes', 'months=12&language=en');
    const r = await page('/themes', (x) => x.maybeFindByTestId(Table, 'themes'));
    expect(rows(r, 'themes').map((row) => row[0])).toEqual(view.themes.map((t) => t.label));
    expect(rows(r, 'themes')[0]![4]).toBe('“The documentation is outdated and confusing”');
  });

  it('alerts: none raised, said so', async () => {
    const view = await api('alerts', 'months=3&limit=50');
    expect(view.total).toBe(0);
    const r = await page('/alerts', (x) => x.maybeFind(StatisticsItem));
    expect(r.find(StatisticsItem, { label: 'Critical' }).props.number).toBe('0');
  });

  it('priorities: the drivers and the ranked actions of the API', async () => {
    const [drivers, priorities] = [await api('drivers', 'months=12'), await api('priorities', 'months=12')];
    const r = await page('/priorities', (x) => x.maybeFindByTestId(Table, 'priorities'));
    expect(rows(r, 'drivers').map((row) => row[0])).toEqual(drivers.drivers.map((d) => d.label));
    expect(rows(r, 'priorities').map((row) => row[1])).toEqual(priorities.ranked.map((p) => p.title));
  });

  it('action plan: each checkpoint measured by the metric, the next ones not due', async () => {
    const view = await api('plan');
    const action = view.actions[0]!;
    const r = await page('/plan', (x) => x.maybeFindByTestId(Table, `plan-${action.actionId}`));
    const cells = rows(r, `plan-${action.actionId}`);
    expect(cells.map((c) => c[1])).toEqual([formatFigure(action.checkpoints[0]!.figure!), 'Not due yet']);
  });

  it("priorities and plan: an action created and edited in the app is the API's, signed as the HubSpot user", async () => {
    const arg = (v: unknown) => v as never;
    const r = await page('/priorities', (x) => x.maybeFindByTestId(Button, 'add-action'));
    r.findByTestId(Button, 'add-action').trigger('onClick');
    r.findByTestId(Input, 'action-title').trigger('onChange', arg('Support callbacks'));
    r.findByTestId(Input, 'action-driver').trigger('onChange', arg('theme:documentation'));
    r.findByTestId(Select, 'action-cost').trigger('onChange', arg('high'));
    r.findByTestId(Button, 'action-save').trigger('onClick');
    await r.waitFor(() => expect(rows(r, 'priorities').map((row) => row[1])).toContain('Support callbacks'), {
      timeoutInMs: 10_000,
    });
    const listed = await app.request('http://cxkit.test/v1/analytics/actions', {
      headers: { authorization: `Bearer ${tenant.adminKey}` },
    });
    const created = (
      (await listed.json()) as { actions: { id: string; title: string; cost: string; createdBy: string }[] }
    ).actions.find((a) => a.title === 'Support callbacks');
    expect(created).toMatchObject({ cost: 'high', createdBy: 'hubspot:admin@acme.test' });

    const planned = (await api('plan')).actions[0]!;
    const p = await page('/plan', (x) => x.maybeFindByTestId(Button, `edit-plan-${planned.actionId}`));
    p.findByTestId(Button, `edit-plan-${planned.actionId}`).trigger('onClick');
    p.findByTestId(Select, 'action-status').trigger('onChange', arg('in-progress'));
    p.findByTestId(Button, 'action-save').trigger('onClick');
    await p.waitFor(() => expect(p.maybeFindByTestId(Table, `plan-${planned.actionId}`)).not.toBeNull(), {
      timeoutInMs: 10_000,
    });
    expect((await api('plan')).actions[0]!.plan.status).toBe('in-progress');
  });
});
