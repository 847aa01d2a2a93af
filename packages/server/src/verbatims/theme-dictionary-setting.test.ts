import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AccountSummaryViewSchema, DEFAULT_THEME_DICTIONARY } from '@cxkit/core';
import {
  alertWorkerOf,
  analyzePendingVerbatims,
  reanalyzeVerbatims,
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

// Phrases, so they win over the default after-sales terms `garantie` and `warranty` (longest term wins).
const WARRANTY = {
  id: 'warranty',
  label: { en: 'Warranty', fr: 'Garantie' },
  terms: { fr: ['extension de garantie', 'sous garantie'], en: ['warranty claim*', 'extended warranty'] },
};
const FR = 'Extension de garantie refusée, très déçu';
const EN = 'Our warranty claim was rejected twice';

interface Stored {
  text: string;
  themes: string[];
  analysis: { themes: { theme: string; label: string; evidence: string[] }[] };
}

describe.each(STORAGE_TARGETS)('theme dictionary setting on $name', (target) => {
  let db: Database;
  let acme: CreatedTenant;
  let globex: CreatedTenant;
  let app: ReturnType<typeof testApp>['app'];
  let services: AppServices;

  const post = (tenant: CreatedTenant, account: string, who: string, why: string) =>
    app.request('/v1/responses', {
      method: 'POST',
      headers: widgetHeaders(tenant, { account, respondent: who }),
      body: JSON.stringify(npsResponse(account, who, 3, { answeredAt: '2026-06-10T10:00:00Z', why })),
    });
  const put = (tenant: CreatedTenant, path: string, body: unknown, actor = 'alice@acme.test') =>
    app.request(path, {
      method: 'PUT',
      headers: adminHeaders(tenant, { 'x-cx-actor': actor }),
      body: JSON.stringify(body),
    });
  const get = async (tenant: CreatedTenant, path: string) =>
    json(await app.request(path, { headers: adminHeaders(tenant) }));
  const stored = async (tenant: CreatedTenant, account: string) =>
    (
      await db.query<Stored>(
        `SELECT r.answers -> 1 ->> 'value' AS text, v.themes, v.analysis
         FROM verbatim_analyses v JOIN responses r ON r.tenant_id = v.tenant_id AND r.id = v.response_id
         WHERE v.tenant_id = $1 AND v.account_id = $2 ORDER BY text`,
        [tenant.id, account],
      )
    ).rows;
  const evidenceOf = (row: Stored | undefined, theme: string) =>
    row?.analysis.themes.find((t) => t.theme === theme)?.evidence;

  beforeAll(async () => {
    db = await target.open();
    acme = await seedTenant(db, 'acme');
    globex = await seedTenant(db, 'globex');
    ({ app, services } = testApp(db, {}, () => NOW));
    // The background jobs would race the explicit calls below.
    await verbatimWorkerOf(services)!.job.stop();
    await alertWorkerOf(services)!.stop();
  }, HOOK_TIMEOUT);
  afterAll(() => db.close(), HOOK_TIMEOUT);

  it('reads the default dictionary until one is set, and refuses an invalid one naming field and rule', async () => {
    expect(await get(acme, '/v1/admin/settings/themes')).toEqual(DEFAULT_THEME_DICTIONARY);
    const badId = await put(acme, '/v1/admin/settings/themes', [{ ...WARRANTY, id: 'Warranty!' }]);
    expect(badId.status).toBe(400);
    expect((await json(badId)).error).toMatchObject({
      code: 'validation/body',
      issues: [{ path: '0.id', rule: 'invalid_format', message: expect.stringContaining('lower-case') }],
    });
    const duplicate = await put(acme, '/v1/admin/settings/themes', [WARRANTY, WARRANTY]);
    expect(duplicate.status).toBe(400);
    expect((await json(duplicate)).error.issues).toEqual([
      { path: '1.id', rule: 'custom', message: 'duplicate theme id "warranty"' },
    ]);
    const noTerms = await put(acme, '/v1/admin/settings/themes', [{ ...WARRANTY, terms: { fr: [] } }]);
    expect((await json(noTerms)).error.issues.map((i: { path: string }) => i.path)).toEqual(['0.terms.en']);
    // Nothing was stored.
    expect(await get(acme, '/v1/admin/settings/themes')).toEqual(DEFAULT_THEME_DICTIONARY);
  });

  it("tags a tenant's new answers with its own themes and evidence; another tenant keeps the defaults", async () => {
    // Answered before the change: analysed with the defaults.
    expect((await post(acme, 'old', 'ola', FR)).status).toBe(200);
    await analyzePendingVerbatims(services);

    const saved = await put(acme, '/v1/admin/settings/themes', [...DEFAULT_THEME_DICTIONARY, WARRANTY]);
    expect(saved.status).toBe(200);
    expect(await json(saved)).toMatchObject({
      entity: 'themes',
      entityId: '',
      version: 1,
      actor: 'alice@acme.test',
    });
    expect((await get(acme, '/v1/admin/settings/themes')).at(-1)).toEqual(WARRANTY);
    expect(await get(globex, '/v1/admin/settings/themes')).toEqual(DEFAULT_THEME_DICTIONARY);
    const hist = await get(acme, '/v1/admin/history?entity=themes');
    expect(hist.changes.map((c: { version: number; actor: string }) => [c.version, c.actor])).toEqual([
      [1, 'alice@acme.test'],
    ]);

    for (const [tenant, who, why] of [
      [acme, 'ann', FR],
      [acme, 'bob', EN],
      [globex, 'gus', FR],
      [globex, 'gil', EN],
    ] as const)
      expect((await post(tenant, 'a1', who, why)).status).toBe(200);
    expect(await analyzePendingVerbatims(services)).toMatchObject({
      verbatims: 4,
      tenants: ['acme', 'globex'],
    });

    const [fr, en] = await stored(acme, 'a1');
    expect(fr!.themes).toEqual(['warranty']);
    expect(evidenceOf(fr, 'warranty')).toEqual(['Extension de garantie']);
    expect(fr!.analysis.themes[0]!.label).toBe('Garantie');
    expect(en!.themes).toEqual(['warranty']);
    expect(evidenceOf(en, 'warranty')).toEqual(['warranty claim']);

    const [gFr, gEn] = await stored(globex, 'a1');
    expect(gFr!.themes).toEqual(['after-sales']);
    expect(evidenceOf(gFr, 'after-sales')).toEqual(['garantie']);
    expect(gEn!.themes).toEqual(['after-sales']);
    expect(evidenceOf(gEn, 'after-sales')).toEqual(['warranty']);

    // Past answers keep the tags of the dictionary they were analysed with until a re-analysis.
    expect((await stored(acme, 'old'))[0]!.themes).toEqual(['after-sales']);
  });

  it("lists the custom theme in the account summary, the other tenant's summary keeps the defaults", async () => {
    const view = AccountSummaryViewSchema.parse(await get(acme, '/v1/accounts/a1/summary'));
    expect(view.themes).toEqual([
      expect.objectContaining({
        theme: 'warranty',
        label: 'Warranty',
        count: 2,
        sentiment: expect.anything(),
      }),
    ]);
    expect(view.verbatims.find((v) => v.text === FR)!.themes).toEqual(['Garantie']);
    const other = AccountSummaryViewSchema.parse(await get(globex, '/v1/accounts/a1/summary'));
    expect(other.themes!.map((t) => [t.theme, t.label, t.count])).toEqual([
      ['after-sales', 'After-sales service', 2],
    ]);
  });

  it('re-analyses past answers on request, in batches, for the requesting tenant only', async () => {
    expect(await get(acme, '/v1/admin/verbatims/reanalyze')).toEqual({
      requestedAt: null,
      requestedBy: null,
      remaining: 0,
    });
    const globexBefore = await stored(globex, 'a1');
    const req = await app.request('/v1/admin/verbatims/reanalyze', {
      method: 'POST',
      headers: adminHeaders(acme, { 'x-cx-actor': 'carol@acme.test' }),
    });
    expect(req.status).toBe(202);
    const status = await json(req);
    expect(status).toMatchObject({ requestedBy: 'carol@acme.test', remaining: 3 });
    expect(Date.parse(status.requestedAt)).not.toBeNaN();
    expect(await get(globex, '/v1/admin/verbatims/reanalyze')).toMatchObject({
      requestedAt: null,
      remaining: 0,
    });

    expect(await reanalyzeVerbatims(services, { batchSize: 1, maxBatches: 2 })).toEqual({
      verbatims: 2,
      tenants: ['acme'],
    });
    expect(await get(acme, '/v1/admin/verbatims/reanalyze')).toMatchObject({ remaining: 1 });
    expect(await reanalyzeVerbatims(services, { batchSize: 1 })).toEqual({ verbatims: 1, tenants: ['acme'] });
    expect(await get(acme, '/v1/admin/verbatims/reanalyze')).toMatchObject({ remaining: 0 });
    expect(await reanalyzeVerbatims(services)).toEqual({ verbatims: 0, tenants: [] });

    const [old] = await stored(acme, 'old');
    expect(old!.themes).toEqual(['warranty']);
    expect(evidenceOf(old, 'warranty')).toEqual(['Extension de garantie']);
    expect(await stored(globex, 'a1')).toEqual(globexBefore);
    const hist = await get(acme, '/v1/admin/history?entity=verbatim-reanalysis');
    expect(hist.changes.map((c: { actor: string }) => c.actor)).toEqual(['carol@acme.test']);
  });

  it('the worker follows a dictionary change and a re-analysis request on its own', async () => {
    const live = testApp(db, {}, () => NOW);
    await alertWorkerOf(live.services)!.stop();
    try {
      const only = [{ ...WARRANTY, id: 'guarantee', label: { en: 'Guarantee', fr: 'Garantie (bis)' } }];
      const res = await live.app.request('/v1/admin/settings/themes', {
        method: 'PUT',
        headers: adminHeaders(acme),
        body: JSON.stringify(only),
      });
      expect(res.status).toBe(200);
      const req = await live.app.request('/v1/admin/verbatims/reanalyze', {
        method: 'POST',
        headers: adminHeaders(acme),
      });
      expect((await json(req)).requestedBy).toBe('admin-key');
      await vi.waitFor(
        async () => {
          const rows = [...(await stored(acme, 'a1')), ...(await stored(acme, 'old'))];
          expect(rows.map((r) => r.themes)).toEqual([['guarantee'], ['guarantee'], ['guarantee']]);
        },
        { timeout: 10_000, interval: 100 },
      );
      expect(await get(acme, '/v1/admin/verbatims/reanalyze')).toMatchObject({ remaining: 0 });
    } finally {
      await verbatimWorkerOf(live.services)!.job.stop();
    }
  });
});
