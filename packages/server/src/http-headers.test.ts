import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedTenant, Database } from '@cxkit/server';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from './test-support/storage.js';
import { adminHeaders, npsResponse, seedTenant, testApp, widgetHeaders } from './test-support/fixtures.js';

const ORIGIN = 'https://app.acme.test';

describe.each(STORAGE_TARGETS)('HTTP headers on $name', (target) => {
  let db: Database;
  let t: CreatedTenant;
  let app: ReturnType<typeof testApp>['app'];
  const who = { account: 'globex', respondent: 'p-1' };

  beforeAll(async () => {
    db = await target.open();
    t = await seedTenant(db);
    app = testApp(db).app;
  }, HOOK_TIMEOUT);
  afterAll(() => db.close(), HOOK_TIMEOUT);

  it('never lets a shared cache keep a survey definition across site keys', async () => {
    const res = await app.request('/v1/surveys/relationship', {
      headers: widgetHeaders(t, undefined, { origin: ORIGIN }),
    });
    expect(res.status).toBe(200);
    const cc = res.headers.get('cache-control') ?? '';
    const vary = (res.headers.get('vary') ?? '').toLowerCase();
    expect(cc).not.toContain('public');
    expect(cc.includes('private') || vary.includes('x-cx-site-key')).toBe(true);
    expect(vary).toContain('x-cx-site-key');
    expect(vary).toContain('origin');
  });

  it('sends nosniff and the other security headers on every response, errors included', async () => {
    const replies = [
      await app.request('/v1/surveys/relationship', { headers: widgetHeaders(t) }),
      await app.request('/v1/accounts/globex/summary', { headers: adminHeaders(t) }),
      await app.request('/v1/admin/surveys', { headers: { authorization: 'Bearer nope' } }),
      await app.request('/nowhere'),
      await app.request('/healthz'),
      await app.request('/openapi.json'),
      await app.request('/v1/responses', { method: 'POST', headers: widgetHeaders(t, who), body: '{' }),
    ];
    for (const res of replies) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    }
  });

  it('marks admin and summary answers (verbatims, scores) no-store', async () => {
    for (const path of [
      '/v1/accounts/globex/summary',
      '/v1/admin/surveys',
      '/v1/admin/settings/health',
      '/v1/alerts',
    ]) {
      const res = await app.request(path, { headers: adminHeaders(t) });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('lets the widget read a 429 from either limit, Retry-After included', async () => {
    const limits = [
      { RATE_LIMIT_SITE_PER_SEC: 1, RATE_LIMIT_SITE_BURST: 1 },
      { RATE_LIMIT_IP_PER_SEC: 1, RATE_LIMIT_IP_BURST: 1 },
    ];
    for (const limit of limits) {
      const { app: limited } = testApp(db, limit);
      const get = () =>
        limited.request('/v1/surveys/relationship', {
          headers: widgetHeaders(t, undefined, { origin: ORIGIN }),
        });
      expect((await get()).status).toBe(200);
      const res = await get();
      expect(res.status).toBe(429);
      expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(res.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('retry-after');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    // The widget's one-request first paint too (its site key is in the query).
    const { app: limited } = testApp(db, { RATE_LIMIT_IP_PER_SEC: 1, RATE_LIMIT_IP_BURST: 1 });
    const url = `/v1/first-paint?site=${t.siteKey}&survey=pulse&account=globex`;
    expect((await limited.request(url, { headers: { origin: ORIGIN } })).status).toBe(200);
    const res = await limited.request(url, { headers: { origin: ORIGIN } });
    expect(res.status).toBe(429);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });

  it('lets the widget read a 413', async () => {
    const { app: small } = testApp(db, { BODY_LIMIT_BYTES: 1024 });
    const res = await small.request('/v1/responses', {
      method: 'POST',
      headers: widgetHeaders(t, who, { origin: ORIGIN }),
      body: JSON.stringify({ ...npsResponse('globex', 'p-1', 5), pad: 'x'.repeat(4096) }),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });

  it('rate-limits /healthz and reads the database at most once a second however often it is called', async () => {
    let checks = 0;
    const counted: Database = {
      ...db,
      query: (sql: string, ...rest: unknown[]) => {
        if (sql === 'SELECT 1') checks++;
        return (db.query as (...a: unknown[]) => ReturnType<Database['query']>)(sql, ...rest);
      },
    } as Database;
    const { app: probe } = testApp(counted, { RATE_LIMIT_IP_PER_SEC: 1, RATE_LIMIT_IP_BURST: 50 });
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await probe.request('/healthz')).status);
    expect(statuses.slice(0, 50).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(50)).toContain(429);
    expect(checks).toBeLessThanOrEqual(2);
  });
});
