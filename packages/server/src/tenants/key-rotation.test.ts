import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintIdentityToken, type CreatedTenant, type Database } from '@cxkit/server';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import { adminHeaders, json, npsResponse, seedTenant, testApp } from '../test-support/fixtures.js';

const HOUR = 3_600_000;

describe.each(STORAGE_TARGETS)('key and secret rotation on $name', (target) => {
  let db: Database;
  let t: CreatedTenant;
  let app: ReturnType<typeof testApp>['app'];
  let now = new Date('2026-06-15T12:00:00Z');

  beforeAll(async () => {
    db = await target.open();
    t = await seedTenant(db);
    app = testApp(db, {}, () => now).app;
  }, HOOK_TIMEOUT);
  afterAll(() => db.close(), HOOK_TIMEOUT);

  const rotate = async (key: string, overlapHours: number, adminKey = t.adminKey) => {
    const res = await app.request('/v1/admin/keys/rotate', {
      method: 'POST',
      headers: { ...adminHeaders(t), authorization: `Bearer ${adminKey}` },
      body: JSON.stringify({ key, overlapHours }),
    });
    expect(res.status).toBe(200);
    return json(res);
  };
  const answer = (siteKey: string, secret: string) =>
    app.request('/v1/responses', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-cx-site-key': siteKey,
        authorization: `Bearer ${mintIdentityToken({ accountId: 'globex', respondentId: 'p-1', now }, secret)}`,
      },
      body: JSON.stringify(npsResponse('globex', 'p-1', 8, { answeredAt: now.toISOString() })),
    });

  it('keeps tokens signed with the previous secret working through the overlap, then refuses them', async () => {
    const rotated = await rotate('signing-secret', 2);
    expect(rotated.previousValidUntil).toBe(new Date(now.getTime() + 2 * HOUR).toISOString());
    expect((await answer(t.siteKey, t.signingSecret)).status).toBe(200);
    expect((await answer(t.siteKey, rotated.value)).status).toBe(200);
    now = new Date(now.getTime() + 3 * HOUR);
    await new Promise((r) => setTimeout(r, 5_100)); // the tenant cache (5 s) forgets the old secret
    const late = await answer(t.siteKey, t.signingSecret);
    expect(late.status).toBe(401);
    expect((await json(late)).error.code).toBe('identity/bad-signature');
    expect((await answer(t.siteKey, rotated.value)).status).toBe(200);
    t = { ...t, signingSecret: rotated.value };
  });

  it('revokes a leaked site key at once with overlap 0', async () => {
    const rotated = await rotate('site-key', 0);
    expect((await answer(t.siteKey, t.signingSecret)).status).toBe(401);
    expect((await answer(rotated.value, t.signingSecret)).status).toBe(200);
    t = { ...t, siteKey: rotated.value };
  });

  it('lets the previous admin key work during the overlap, so scripts roll over', async () => {
    const rotated = await rotate('admin-key', 24);
    const surveys = (key: string) =>
      app.request('/v1/admin/surveys', { headers: { authorization: `Bearer ${key}` } });
    expect((await surveys(t.adminKey)).status).toBe(200);
    expect((await surveys(rotated.value)).status).toBe(200);
    const again = await rotate('admin-key', 0, rotated.value);
    expect((await surveys(t.adminKey)).status).toBe(401);
    expect((await surveys(rotated.value)).status).toBe(401);
    expect((await surveys(again.value)).status).toBe(200);
  });
});
