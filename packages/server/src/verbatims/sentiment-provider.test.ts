import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeVerbatim, type SentimentProvider } from '@cxkit/core';
import {
  alertWorkerOf,
  analyzePendingVerbatims,
  createApp,
  verbatimWorkerOf,
  type CreatedTenant,
  type Database,
} from '@cxkit/server';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import { npsResponse, seedTenant, testConfig, widgetHeaders } from '../test-support/fixtures.js';

const NOW = new Date('2026-06-15T12:00:00Z');

// A tenant's own analyser: calls everything negative, so its answers are told apart from the default model's.
const gloomy: SentimentProvider = {
  id: 'tenant-gloomy/1',
  analyze: () => ({ score: -0.9, label: 'negative', evidence: [] }),
};
const broken: SentimentProvider = {
  id: 'tenant-broken/1',
  analyze: () => Promise.reject(new Error('model server down')),
};

describe.each(STORAGE_TARGETS)('a plugged-in sentiment analyser on $name', (target) => {
  let db: Database;
  let acme: CreatedTenant;
  let globex: CreatedTenant;
  let initech: CreatedTenant;
  let app: ReturnType<typeof createApp>['app'];
  let services: ReturnType<typeof createApp>['services'];

  beforeAll(async () => {
    db = await target.open();
    acme = await seedTenant(db, 'acme');
    globex = await seedTenant(db, 'globex');
    initech = await seedTenant(db, 'initech');
    ({ app, services } = createApp({
      db,
      config: testConfig(),
      logger: pino({ level: 'silent' }),
      now: () => NOW,
      sentimentProvider: (tenantId) =>
        tenantId === 'acme' ? gloomy : tenantId === 'initech' ? broken : undefined,
    }));
    await verbatimWorkerOf(services)!.job.stop();
    await alertWorkerOf(services)!.stop();
  }, HOOK_TIMEOUT);
  afterAll(() => db.close(), HOOK_TIMEOUT);

  it("labels a tenant's answers with its analyser, the others with the default model, and falls back when it fails", async () => {
    const text = 'Great support, thank you very much';
    for (const [tenant, account] of [
      [acme, 'a1'],
      [globex, 'g1'],
      [initech, 'i1'],
    ] as const) {
      const res = await app.request('/v1/responses', {
        method: 'POST',
        headers: widgetHeaders(tenant, { account, respondent: 'ann' }),
        body: JSON.stringify(
          npsResponse(account, 'ann', 9, { answeredAt: '2026-06-10T10:00:00Z', why: text }),
        ),
      });
      expect(res.status).toBe(200);
    }
    const done = await analyzePendingVerbatims(services);
    expect(done.verbatims).toBe(3);
    const rows = await db.query<{
      tenant_id: string;
      sentiment_label: string;
      analysis: { sentiment: { analyzer?: string; evidence: unknown[] }; themes: { theme: string }[] };
    }>('SELECT tenant_id, sentiment_label, analysis FROM verbatim_analyses ORDER BY tenant_id');
    const byTenant = Object.fromEntries(rows.rows.map((r) => [r.tenant_id, r]));
    const expected = analyzeVerbatim(text);
    expect(byTenant.acme?.sentiment_label).toBe('negative');
    expect(byTenant.acme?.analysis.sentiment.analyzer).toBe('tenant-gloomy/1');
    // Themes still come from the tenant's dictionary, whoever labels the sentiment.
    expect(byTenant.acme?.analysis.themes.map((t) => t.theme)).toEqual(expected.themes.map((t) => t.theme));
    expect(byTenant.globex?.sentiment_label).toBe(expected.sentiment.label);
    expect(byTenant.globex?.analysis.sentiment.analyzer).toBe('cxkit-linear/1');
    // The failing analyser loses no answer: the default model labels it.
    expect(byTenant.initech?.sentiment_label).toBe(expected.sentiment.label);
    expect(byTenant.initech?.analysis.sentiment.analyzer).toBe('cxkit-linear/1');
  });
});
