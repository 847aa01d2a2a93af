import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nps, summarize } from '@cxkit/core';
import {
  createLogger,
  loadConfig,
  openDatabase,
  startServer,
  type CreatedTenant,
  type Database,
  type RunningServer,
} from '@cxkit/server';
import { generateDemoData, type DemoDataSet } from '../seed/generate.js';
import { seedDatabase } from '../seed/seed-database.js';
import { buildDashboard, SEGMENT_DIMENSIONS, type DashboardView } from './dashboard.js';
import { seedDemoActions } from './demo-actions.js';

const url = process.env['CX_TEST_DATABASE_URL'];
const TARGETS: { name: string; open(): Promise<{ db: Database; drop(): Promise<void> }> }[] = [
  { name: 'pglite', open: async () => ({ db: await openDatabase({}), drop: async () => undefined }) },
  ...(url
    ? [
        {
          name: 'postgres',
          async open() {
            const schema = `cx_demo_${randomBytes(6).toString('hex')}`;
            const db = await openDatabase({ databaseUrl: url, schema, poolSize: 4 });
            // Dropped through the same handle, before it closes: each run leaves nothing behind.
            return { db, drop: async () => void (await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)) };
          },
        },
      ]
    : []),
];

/** The NPS of the generated relationship answers since `from`, straight from the data set (no server). */
const npsOf = (data: DemoDataSet, from: string, keep: (accountId: string) => boolean = () => true) =>
  nps(
    summarize(
      'nps',
      data.answers
        .filter((a) => a.surveyId === 'relationship' && a.answeredAt >= from && keep(a.accountId))
        .map((a) => a.score),
    ),
  );

const monthStart = (now: Date, back: number) =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString();

describe.each(TARGETS)("the demo dashboard shows the analytics API's figures ($name)", (target) => {
  let db: Database;
  let drop: () => Promise<void>;
  let server: RunningServer;
  let tenant: CreatedTenant;
  let data: DemoDataSet;
  let view: DashboardView;

  beforeAll(async () => {
    ({ db, drop } = await target.open());
    data = generateDemoData({ accounts: 40 });
    tenant = await seedDatabase(db, data, { allowedOrigins: [] });
    server = await startServer({
      config: loadConfig(
        {},
        { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'silent', INSIGHTS_AFTER_ANSWER_MS: 0 },
      ),
      db,
      logger: createLogger('silent'),
    });
    await seedDemoActions({ serverUrl: server.url, adminKey: tenant.adminKey });
    view = await buildDashboard({ serverUrl: server.url, adminKey: tenant.adminKey });
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    await drop?.();
    await db?.close();
  }, 60_000);

  it('has the NPS of the generated answers, with its n, overall and by sector', () => {
    const now = new Date();
    const expected = npsOf(data, monthStart(now, 11));
    const headline = view.overview.kpis.find((k) => k.kpi === 'nps')!.figure;
    expect(headline.n).toBe(expected.n);
    expect(headline.value).toBeCloseTo(expected.value!, 9);
    const sectorOf = new Map(data.accounts.map((a) => [a.id, a.sector]));
    for (const s of view.segments['sector']!.segments) {
      const e = npsOf(data, monthStart(now, 11), (id) => sectorOf.get(id) === s.segment);
      expect([s.segment, s.figure.n]).toEqual([s.segment, e.n]);
      expect(s.figure.value).toBeCloseTo(e.value!, 9);
    }
    expect(Object.keys(view.segments)).toEqual([...SEGMENT_DIMENSIONS]);
    // The demo has no employee-effort survey: C2ES says so rather than showing the CES.
    const c2es = view.overview.kpis.find((k) => k.kpi === 'c2es')!.figure;
    const ces = view.overview.kpis.find((k) => k.kpi === 'ces')!.figure;
    expect(c2es).toMatchObject({ status: 'insufficient-data', n: 0, value: null });
    expect(ces.n).toBe(
      data.answers.filter((a) => a.surveyId === 'post-delivery' && a.answeredAt >= monthStart(now, 11))
        .length,
    );
  });

  it('shows exactly what the analytics API answers, section by section', async () => {
    const api = async (path: string) =>
      (
        await fetch(`${server.url}/v1/analytics/${path}`, {
          headers: { authorization: `Bearer ${tenant.adminKey}` },
        })
      ).json();
    // The server's clock moves between two reads; everything else must be identical.
    const clockless = (v: unknown) =>
      JSON.parse(JSON.stringify(v).replace(/"(generatedAt|to)":"[^"]+"/g, '"$1":null')) as unknown;
    expect(clockless(view.atRisk)).toEqual(clockless(await api('at-risk?limit=10&months=6')));
    expect(clockless(view.overview)).toEqual(clockless(await api('overview?months=12')));
    expect(clockless(view.segments['region'])).toEqual(
      clockless(await api('segments?dimension=region&kpi=nps&months=12')),
    );
    expect(clockless(view.correlations)).toEqual(clockless(await api('correlations?months=12')));
    expect(clockless(view.plan)).toEqual(clockless(await api('plan')));
    expect(clockless(view.priorities.ranked)).toEqual(
      clockless(((await api('priorities?months=12')) as { ranked: unknown }).ranked),
    );
    expect(view.atRisk.accounts).toHaveLength(10);
    expect(view.alerts.total).toBeGreaterThan(0);
    // The seeded improvement work: four candidate actions ranked, one in the plan measured monthly.
    expect(view.priorities.ranked.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
    expect(view.plan.actions).toHaveLength(1);
    expect(view.plan.actions[0]!.checkpoints.filter((c) => c.due).length).toBeGreaterThanOrEqual(3);
  });

  it("labels the themes with the tenant's own dictionary", async () => {
    const admin = { authorization: `Bearer ${tenant.adminKey}`, 'content-type': 'application/json' };
    const current = (await (
      await fetch(`${server.url}/v1/admin/settings/themes`, { headers: admin })
    ).json()) as {
      id: string;
      label: { en: string; fr: string };
    }[];
    const renamed = current.map((t) =>
      t.id === 'delivery' ? { ...t, label: { en: 'Getting goods in', fr: 'Réception' } } : t,
    );
    const put = await fetch(`${server.url}/v1/admin/settings/themes`, {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify(renamed),
    });
    expect(put.status).toBe(200);
    const after = await buildDashboard({ serverUrl: server.url, adminKey: tenant.adminKey });
    const labels = after.themes.themes.map((t) => t.label);
    expect(labels).toContain('Getting goods in');
    expect(labels).not.toContain('Delivery');
  });
});
