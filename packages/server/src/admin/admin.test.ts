import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CreatedTenant, type Database } from '@cxkit/server';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import { adminHeaders, seedTenant, testApp, widgetHeaders, json } from '../test-support/fixtures.js';

const survey = (text: string, version?: number) => ({
  id: 'onboarding',
  ...(version === undefined ? {} : { version }),
  questions: [{ id: 'q1', kind: 'csat', text: { en: text } }],
});

describe.each(STORAGE_TARGETS)('admin API on $name', (target) => {
  let db: Database;
  let t: CreatedTenant;
  let app: ReturnType<typeof testApp>['app'];

  beforeAll(async () => {
    db = await target.open();
    t = await seedTenant(db);
    app = testApp(db).app;
  }, HOOK_TIMEOUT);
  afterAll(() => db.close(), HOOK_TIMEOUT);

  const put = (path: string, body: unknown, actor = 'alice@acme.test') =>
    app.request(path, {
      method: 'PUT',
      headers: adminHeaders(t, { 'x-cx-actor': actor }),
      body: JSON.stringify(body),
    });

  it('publishes surveys as new versions and keeps the old ones answerable', async () => {
    const v1 = await put('/v1/admin/surveys/onboarding', survey('Satisfied?'));
    expect(await json(v1)).toMatchObject({ id: 'onboarding', version: 1 });
    const v2 = await put('/v1/admin/surveys/onboarding', survey('Happy?', 2), 'bob@acme.test');
    expect(await json(v2)).toMatchObject({ version: 2 });
    const widget = await json(await app.request('/v1/surveys/onboarding', { headers: widgetHeaders(t) }));
    expect(widget.questions[0].text.en).toBe('Happy?');
    const old = await json(
      await app.request('/v1/surveys/onboarding?version=1', { headers: widgetHeaders(t) }),
    );
    expect(old.questions[0].text.en).toBe('Satisfied?');
  });

  it('refuses a stale version with 409 and a path/body id mismatch with 400', async () => {
    const stale = await put('/v1/admin/surveys/onboarding', survey('Late edit', 2));
    expect(stale.status).toBe(409);
    const mismatch = await put('/v1/admin/surveys/other', survey('x'));
    expect(mismatch.status).toBe(400);
    expect((await json(mismatch)).error.issues[0].path).toBe('id');
  });

  it('validates surveys with the core schema, naming each field', async () => {
    const res = await put('/v1/admin/surveys/bad', {
      id: 'bad',
      questions: [{ id: 'q', kind: 'nps' }],
      extra: 1,
    });
    expect(res.status).toBe(400);
    const paths = (await json(res)).error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['extra', 'questions.0.text']));
  });

  it('versions role weights, health weights and bands, and fatigue caps with who and when', async () => {
    expect((await put('/v1/admin/settings/role-weights', { weights: { buyer: 5, user: 1 } })).status).toBe(
      200,
    );
    const health = await json(await app.request('/v1/admin/settings/health', { headers: adminHeaders(t) }));
    expect(health.components.length).toBeGreaterThan(0);
    health.components[0].weight = 40;
    expect((await put('/v1/admin/settings/health', health)).status).toBe(200);
    const saved = await json(await app.request('/v1/admin/settings/health', { headers: adminHeaders(t) }));
    expect(saved.components[0].weight).toBe(40);
    expect((await put('/v1/admin/settings/fatigue', { respondentCooldownDays: 3 })).status).toBe(200);
    // Bands out of order are refused by the core health schema, naming the field.
    const bad = await put('/v1/admin/settings/health', {
      ...health,
      bands: [{ key: 'a', label: 'A', min: 50 }],
    });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.issues[0].path).toBe('bands.0.min');
    const weights = await json(
      await app.request('/v1/admin/settings/role-weights', { headers: adminHeaders(t) }),
    );
    expect(weights).toEqual({ weights: { buyer: 5, user: 1 }, defaultWeight: 1 });
    const hist = await json(
      await app.request('/v1/admin/history?entity=survey', { headers: adminHeaders(t) }),
    );
    expect(
      hist.changes
        .filter((c: { entityId: string }) => c.entityId === 'onboarding')
        .map((c: { version: number; actor: string }) => [c.version, c.actor]),
    ).toEqual([
      [2, 'bob@acme.test'],
      [1, 'alice@acme.test'],
    ]);
    for (const c of hist.changes) expect(Date.parse(c.changedAt)).not.toBeNaN();
    expect((await app.request('/v1/admin/settings/unknown', { headers: adminHeaders(t) })).status).toBe(400);
  });

  it('updates allowed origins, which CORS follows', async () => {
    const res = await put('/v1/admin/origins', { allowedOrigins: ['https://new.acme.test'] });
    expect(res.status).toBe(200);
    const ok = await app.request('/v1/surveys/onboarding', {
      headers: widgetHeaders(t, undefined, { origin: 'https://new.acme.test' }),
    });
    expect(ok.status).toBe(200);
    const old = await app.request('/v1/surveys/onboarding', {
      headers: widgetHeaders(t, undefined, { origin: 'https://app.acme.test' }),
    });
    expect(old.status).toBe(403);
    expect((await put('/v1/admin/origins', { allowedOrigins: ['javascript:alert(1)'] })).status).toBe(400);
  });

  it('answers preflights by the new origins as soon as they are saved, not after the cache expires', async () => {
    const allowedBy = async (origin: string) =>
      (
        await app.request('/v1/responses', {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST' },
        })
      ).headers.get('access-control-allow-origin');
    expect((await put('/v1/admin/origins', { allowedOrigins: ['https://a.acme.test'] })).status).toBe(200);
    expect(await allowedBy('https://a.acme.test')).toBe('https://a.acme.test');
    expect(await allowedBy('https://b.acme.test')).toBeNull();
    expect((await put('/v1/admin/origins', { allowedOrigins: ['https://b.acme.test'] })).status).toBe(200);
    expect(await allowedBy('https://b.acme.test')).toBe('https://b.acme.test');
    expect(await allowedBy('https://a.acme.test')).toBeNull();
  });

  it('names accounts for the card', async () => {
    expect((await put('/v1/admin/accounts/globex', { name: 'Globex Corp' })).status).toBe(200);
    const s = await json(await app.request('/v1/accounts/globex/summary', { headers: adminHeaders(t) }));
    expect(s.name).toBe('Globex Corp');
  });

  it('requires the admin key', async () => {
    expect((await app.request('/v1/admin/surveys')).status).toBe(401);
    expect(
      (await app.request('/v1/admin/surveys', { headers: { authorization: 'Bearer cxa_wrong' } })).status,
    ).toBe(401);
    expect((await app.request('/v1/accounts/globex/summary')).status).toBe(401);
  });
});
