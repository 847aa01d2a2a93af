import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountSummaryViewSchema } from '@cxkit/core';
import { mintIdentityToken, type CreatedTenant, type Database } from '@cxkit/server';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from './test-support/storage.js';
import {
  adminHeaders,
  npsResponse,
  seedTenant,
  testApp,
  widgetHeaders,
  json,
} from './test-support/fixtures.js';

// Tenant A holds credentials of its own only; every attempt to reach tenant B's data must fail
// or see A's own (empty) data, through every endpoint.
describe.each(STORAGE_TARGETS)('tenant isolation on $name', (target) => {
  let db: Database;
  let a: CreatedTenant;
  let b: CreatedTenant;
  let app: ReturnType<typeof testApp>['app'];
  const shared = 'shared-account'; // both tenants have an account with this id

  beforeAll(async () => {
    db = await target.open();
    a = await seedTenant(db, 'tenant-a', ['https://a.test']);
    b = await seedTenant(db, 'tenant-b', ['https://b.test']);
    app = testApp(db).app;
    const rb = npsResponse(shared, 'p-b', 0, { why: 'B secret verbatim' });
    const res = await app.request('/v1/responses', {
      method: 'POST',
      headers: widgetHeaders(b, { account: shared, respondent: 'p-b' }),
      body: JSON.stringify(rb),
    });
    expect(res.status).toBe(200);
    // B gets a private survey A does not have.
    const put = await app.request('/v1/admin/surveys/b-only', {
      method: 'PUT',
      headers: adminHeaders(b),
      body: JSON.stringify({ id: 'b-only', questions: [{ id: 'q', kind: 'nps', text: { en: 'B?' } }] }),
    });
    expect(put.status).toBe(200);
  }, HOOK_TIMEOUT);
  afterAll(() => db.close(), HOOK_TIMEOUT);

  it('A cannot post answers into B with a token signed by A, nor with B site key and A secret', async () => {
    const r = npsResponse(shared, 'p-a', 10);
    const tokenA = mintIdentityToken({ accountId: shared, respondentId: 'p-a' }, a.signingSecret);
    const res = await app.request('/v1/responses', {
      method: 'POST',
      headers: { ...widgetHeaders(b), authorization: `Bearer ${tokenA}` },
      body: JSON.stringify(r),
    });
    expect(res.status).toBe(401);
    const n = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM responses WHERE tenant_id = $1', [
      b.id,
    ]);
    expect(n.rows[0]!.n).toBe(1);
  });

  it('A posting with its own keys lands in A only, even with the same response id as B', async () => {
    const existing = await db.query<{ id: string }>(
      'SELECT id::text AS id FROM responses WHERE tenant_id = $1',
      [b.id],
    );
    const r = { ...npsResponse(shared, 'p-a', 10), id: existing.rows[0]!.id };
    const res = await app.request('/v1/responses', {
      method: 'POST',
      headers: widgetHeaders(a, { account: shared, respondent: 'p-a' }),
      body: JSON.stringify(r),
    });
    // A reused id is a new response for A: B's existence is not revealed as a duplicate.
    expect((await json(res)).accepted[0].status).toBe('created');
    const rows = await db.query<{ tenant_id: string; n: number }>(
      'SELECT tenant_id, count(*)::int AS n FROM responses GROUP BY tenant_id ORDER BY tenant_id',
    );
    expect(rows.rows).toEqual([
      { tenant_id: 'tenant-a', n: 1 },
      { tenant_id: 'tenant-b', n: 1 },
    ]);
  });

  it('A account summary of the shared id shows only A data', async () => {
    const res = await app.request(`/v1/accounts/${shared}/summary?mode=pooled`, { headers: adminHeaders(a) });
    const s = AccountSummaryViewSchema.parse(await json(res));
    expect(s.nps.counts).toEqual({ detractors: 0, passives: 0, promoters: 1, cantRecommend: 0 });
    expect(s.verbatims).toEqual([]);
    expect(JSON.stringify(s)).not.toContain('B secret');
  });

  it('A cannot read or change B surveys, settings or history', async () => {
    expect((await app.request('/v1/surveys/b-only', { headers: widgetHeaders(a) })).status).toBe(404);
    expect((await app.request('/v1/admin/surveys/b-only', { headers: adminHeaders(a) })).status).toBe(404);
    const list = await json(await app.request('/v1/admin/surveys', { headers: adminHeaders(a) }));
    expect(list.surveys.map((s: { id: string }) => s.id)).not.toContain('b-only');
    const put = await app.request('/v1/admin/settings/role-weights', {
      method: 'PUT',
      headers: adminHeaders(a),
      body: JSON.stringify({ weights: { buyer: 9 } }),
    });
    expect(put.status).toBe(200);
    const bWeights = await json(
      await app.request('/v1/admin/settings/role-weights', { headers: adminHeaders(b) }),
    );
    expect(bWeights.weights.buyer).toBe(3);
    const hist = await json(await app.request('/v1/admin/history', { headers: adminHeaders(a) }));
    expect(hist.changes.every((c: { entityId: string }) => c.entityId !== 'b-only')).toBe(true);
  });

  it('A admin writes to accounts and origins never touch B', async () => {
    const put = (path: string, body: unknown) =>
      app.request(path, { method: 'PUT', headers: adminHeaders(a), body: JSON.stringify(body) });
    expect((await put(`/v1/admin/accounts/${shared}`, { name: 'Renamed by A' })).status).toBe(200);
    expect((await put('/v1/admin/origins', { allowedOrigins: ['https://a2.test'] })).status).toBe(200);
    const bView = await json(
      await app.request(`/v1/accounts/${shared}/summary`, { headers: adminHeaders(b) }),
    );
    expect(bView.name).toBeNull();
    const fromB = await app.request('/v1/surveys/relationship', {
      headers: widgetHeaders(b, undefined, { origin: 'https://b.test' }),
    });
    expect(fromB.status).toBe(200);
    const aOriginOnB = await app.request('/v1/surveys/relationship', {
      headers: widgetHeaders(b, undefined, { origin: 'https://a2.test' }),
    });
    expect(aOriginOnB.status).toBe(403);
  });

  it('A eligibility check cannot probe B respondents', async () => {
    const tokenA = mintIdentityToken({ accountId: shared, respondentId: 'p-b' }, a.signingSecret);
    const res = await app.request(`/v1/eligibility?survey=relationship&account=${shared}&respondent=p-b`, {
      headers: { 'x-cx-site-key': a.siteKey, authorization: `Bearer ${tokenA}` },
    });
    // p-b answered in B a moment ago; in A they never did, so A sees them as eligible.
    expect(await json(res)).toEqual({ eligible: true });
    const viaB = await app.request(`/v1/eligibility?survey=relationship&account=${shared}&respondent=p-b`, {
      headers: { 'x-cx-site-key': b.siteKey, authorization: `Bearer ${tokenA}` },
    });
    expect(viaB.status).toBe(401);
  });

  it('an admin key never works as a site key and vice versa', async () => {
    expect(
      (await app.request('/v1/admin/surveys', { headers: { authorization: `Bearer ${a.siteKey}` } })).status,
    ).toBe(401);
    expect(
      (await app.request('/v1/surveys/relationship', { headers: { 'x-cx-site-key': a.adminKey } })).status,
    ).toBe(401);
    expect(
      (
        await app.request(`/v1/accounts/${shared}/summary`, {
          headers: { authorization: `Bearer ${a.signingSecret}` },
        })
      ).status,
    ).toBe(401);
  });
});
