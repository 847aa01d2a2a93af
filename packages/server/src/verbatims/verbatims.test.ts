import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AccountSummaryViewSchema } from '@cxkit/core';
import {
  accountThemes,
  alertWorkerOf,
  analyzePendingVerbatims,
  verbatimWorkerOf,
  type AppServices,
  type CreatedTenant,
  type Database,
} from '@cxkit/server';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import {
  adminHeaders,
  json,
  npsResponse,
  seedTenant,
  testApp,
  widgetHeaders,
} from '../test-support/fixtures.js';

const NOW = new Date('2026-06-15T12:00:00Z');

describe.each(STORAGE_TARGETS)('verbatim analysis on $name', (target) => {
  let db: Database;
  let t: CreatedTenant;
  let other: CreatedTenant;
  let app: ReturnType<typeof testApp>['app'];
  let services: AppServices;

  const post = (
    tenant: CreatedTenant,
    account: string,
    who: string,
    score: number,
    why?: string,
    at = '2026-06-10T10:00:00Z',
  ) =>
    app.request('/v1/responses', {
      method: 'POST',
      headers: widgetHeaders(tenant, { account, respondent: who }),
      body: JSON.stringify(
        npsResponse(account, who, score, { answeredAt: at, ...(why === undefined ? {} : { why }) }),
      ),
    });

  const count = async (tenantId: string) =>
    (
      await db.query<{ n: number }>('SELECT count(*)::int AS n FROM verbatim_analyses WHERE tenant_id = $1', [
        tenantId,
      ])
    ).rows[0]!.n;

  beforeAll(async () => {
    db = await target.open();
    t = await seedTenant(db, 'acme');
    other = await seedTenant(db, 'globex');
    ({ app, services } = testApp(db, {}, () => NOW));
    // The background jobs would race the explicit calls below.
    await verbatimWorkerOf(services)!.job.stop();
    await alertWorkerOf(services)!.stop();
  }, HOOK_TIMEOUT);
  afterAll(() => db.close(), HOOK_TIMEOUT);

  it('stores language, sentiment, themes and evidence of each open answer, once', async () => {
    expect(
      (await post(t, 'a1', 'ann', 2, 'Livraison en retard de 3 semaines et SAV injoignable')).status,
    ).toBe(200);
    expect((await post(t, 'a1', 'bob', 9, 'Great documentation, very responsive team')).status).toBe(200);
    expect((await post(t, 'a1', 'cyd', 8)).status).toBe(200); // no open answer: nothing to analyse
    expect((await post(other, 'g1', 'dan', 3, 'Prices are too high')).status).toBe(200);

    const first = await analyzePendingVerbatims(services);
    expect(first).toEqual({ responses: 3, verbatims: 3, tenants: ['acme', 'globex'] });
    const r = await db.query<{
      language: string;
      sentiment_label: string;
      sentiment_score: number;
      themes: string[];
      analysis: { sentiment: { evidence: unknown[] } };
    }>(
      `SELECT language, sentiment_label, sentiment_score, themes, analysis FROM verbatim_analyses
       WHERE tenant_id = $1 ORDER BY sentiment_score`,
      [t.id],
    );
    expect(r.rows.map((x) => [x.language, x.sentiment_label])).toEqual([
      ['fr', 'negative'],
      ['en', 'positive'],
    ]);
    expect(r.rows[0]!.themes).toEqual(['lead-time', 'delivery', 'after-sales', 'responsiveness']);
    expect(r.rows[0]!.analysis.sentiment.evidence.length).toBeGreaterThan(0);
    expect(r.rows[1]!.themes).toContain('documentation');

    expect(await analyzePendingVerbatims(services)).toEqual({ responses: 0, verbatims: 0, tenants: [] });
    expect(await count(t.id)).toBe(2);
  });

  it('works through a backlog in batches, and concurrent runs analyse each answer once', async () => {
    const words = ['Late again', 'Excellent support', 'Invoice errors every month', 'Good quality'];
    for (let i = 0; i < 12; i++) await post(t, 'a2', `p${i}`, i % 11, words[i % 4]);
    const [x, y] = await Promise.all([
      analyzePendingVerbatims(services, { batchSize: 5 }),
      analyzePendingVerbatims(services, { batchSize: 5 }),
    ]);
    expect(x.verbatims + y.verbatims).toBeGreaterThanOrEqual(12);
    expect(await count(t.id)).toBe(14);
    expect(await analyzePendingVerbatims(services)).toMatchObject({ verbatims: 0 });
  });

  it('is triggered after an accepted ingest batch', async () => {
    const app2 = testApp(db, {}, () => NOW);
    await alertWorkerOf(app2.services)!.stop();
    const res = await app2.app.request('/v1/responses', {
      method: 'POST',
      headers: widgetHeaders(t, { account: 'a3', respondent: 'eve' }),
      body: JSON.stringify(npsResponse('a3', 'eve', 1, { why: 'Terrible, nobody answers the phone' })),
    });
    expect(res.status).toBe(200);
    await vi.waitFor(
      async () => {
        const n = await db.query(
          "SELECT 1 FROM verbatim_analyses WHERE tenant_id = $1 AND account_id = 'a3'",
          [t.id],
        );
        expect(n.rows).toHaveLength(1);
      },
      { timeout: 10_000, interval: 100 },
    );
    await verbatimWorkerOf(app2.services)!.job.stop();
  });

  it("rolls an account's themes up with counts, sentiment and quotes, tenant-scoped", async () => {
    const themes = await accountThemes(db, t.id, 'a1', { from: new Date('2026-01-01T00:00:00Z'), to: NOW });
    const lead = themes.find((x) => x.theme === 'lead-time');
    expect(lead).toMatchObject({ count: 1, sentiment: { negative: 1, neutral: 0, positive: 0 } });
    expect(lead!.examples[0]!.text).toBe('Livraison en retard de 3 semaines et SAV injoignable');
    expect(themes.map((x) => x.theme)).toContain('documentation');
    expect(
      await accountThemes(db, other.id, 'a1', { from: new Date('2026-01-01T00:00:00Z'), to: NOW }),
    ).toEqual([]);
    expect(await accountThemes(db, t.id, 'a1', { from: new Date('2026-06-11T00:00:00Z'), to: NOW })).toEqual(
      [],
    );
  });

  it('counts every answer of the window, however few are read for the quotes', async () => {
    const window = { from: new Date('2026-01-01T00:00:00Z'), to: NOW };
    const all = await accountThemes(db, t.id, 'a2', window);
    const sampled = await accountThemes(db, t.id, 'a2', { ...window, limit: 3 });
    expect(all.reduce((n, x) => n + x.count, 0)).toBeGreaterThanOrEqual(12);
    expect(sampled.map(({ examples: _, ...rest }) => rest)).toEqual(
      all.map(({ examples: _, ...rest }) => rest),
    );
    // The quotes come from the 3 latest answers only.
    expect(sampled.flatMap((x) => x.examples).length).toBeLessThan(all.flatMap((x) => x.examples).length);
  });

  it('fills the account summary: sentiment and themes of each verbatim, and the theme list', async () => {
    const res = await app.request('/v1/accounts/a1/summary', { headers: adminHeaders(t) });
    expect(res.status).toBe(200);
    const view = AccountSummaryViewSchema.parse(await json(res));
    const late = view.verbatims.find((v) => v.text.startsWith('Livraison'));
    expect(late!.sentiment).toBeLessThan(-0.05);
    expect(late!.themes).toEqual(['Délais', 'Livraison', 'SAV', 'Réactivité']);
    const docs = view.verbatims.find((v) => v.text.startsWith('Great documentation'));
    expect(docs!.sentiment).toBeGreaterThan(0.05);
    expect(view.themes!.find((x) => x.theme === 'documentation')).toMatchObject({
      count: 1,
      sentiment: { positive: 1 },
    });
    expect(view.themes!.map((x) => x.count)).toEqual(
      [...view.themes!.map((x) => x.count)].sort((a, b) => b - a),
    );
    // Not analysed yet: the verbatim is shown without sentiment or themes.
    await post(t, 'a4', 'fay', 5, 'Average service');
    const fresh = AccountSummaryViewSchema.parse(
      await json(await app.request('/v1/accounts/a4/summary', { headers: adminHeaders(t) })),
    );
    expect(fresh.verbatims[0]).toMatchObject({ text: 'Average service', sentiment: null, themes: [] });
    expect(fresh.themes).toEqual([]);
  });
});
