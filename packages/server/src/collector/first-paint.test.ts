import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintIdentityToken, type CreatedTenant, type Database } from '@cxkit/server';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import { json, npsResponse, seedTenant, testApp, widgetHeaders } from '../test-support/fixtures.js';

const ORIGIN = 'https://app.acme.test';

describe.each(STORAGE_TARGETS)('GET /v1/first-paint on $name', (target) => {
  let db: Database;
  let t: CreatedTenant;
  let app: ReturnType<typeof testApp>['app'];

  beforeAll(async () => {
    db = await target.open();
    t = await seedTenant(db, 'acme', [ORIGIN]);
    app = testApp(db).app;
  }, HOOK_TIMEOUT);
  afterAll(() => db.close(), HOOK_TIMEOUT);

  const token = (account: string, respondent: string) =>
    mintIdentityToken({ accountId: account, respondentId: respondent }, t.signingSecret);
  // Only headers a browser sends by itself on a simple GET: no site-key or Authorization header.
  const get = (q: Record<string, string>, origin = ORIGIN) =>
    app.request(`/v1/first-paint?${new URLSearchParams(q)}`, { headers: { origin } });

  it('answers the definition and the eligibility in one simple GET, private to the browser, per origin', async () => {
    const res = await get({
      site: t.siteKey,
      survey: 'relationship',
      account: 'a1',
      respondent: 'ann',
      token: token('a1', 'ann'),
    });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.survey.id).toBe('relationship');
    expect(body.survey.questions.map((q: { id: string }) => q.id)).toEqual(['nps', 'why', 'csat', 'ces']);
    expect(body.eligibility).toEqual({ eligible: true });
    expect(res.headers.get('cache-control')).toBe('private, max-age=60');
    expect(res.headers.get('vary')).toMatch(/\bOrigin\b/);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });

  it('says not eligible once the person answered', async () => {
    const r = await app.request('/v1/responses', {
      method: 'POST',
      headers: widgetHeaders(t, { account: 'a2', respondent: 'bob' }),
      body: JSON.stringify(npsResponse('a2', 'bob', 9)),
    });
    expect(r.status).toBe(200);
    const body = await json(
      await get({
        site: t.siteKey,
        survey: 'relationship',
        account: 'a2',
        respondent: 'bob',
        token: token('a2', 'bob'),
      }),
    );
    expect(body.eligibility).toEqual({ eligible: false, reason: 'survey-answered-recently' });
  });

  it('asks no eligibility without a token on a named survey, and does on an anonymous one', async () => {
    const named = await json(
      await get({ site: t.siteKey, survey: 'relationship', account: 'a1', respondent: 'ann' }),
    );
    expect(named.eligibility).toBe(null);
    const pulse = await json(await get({ site: t.siteKey, survey: 'pulse', account: 'a1' }));
    expect(pulse.eligibility).toEqual({ eligible: true });
  });

  it('refuses another person’s token, an unknown site, a foreign origin, and names a bad field', async () => {
    const other = await get({
      site: t.siteKey,
      survey: 'relationship',
      account: 'a1',
      respondent: 'ann',
      token: token('a1', 'eve'),
    });
    expect(other.status).toBe(403);
    expect((await json(other)).error.code).toBe('identity/mismatch');
    // The tenant's origin may still read why.
    expect(other.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const site = await get({ site: 'nope', survey: 'relationship', account: 'a1' });
    expect(site.status).toBe(401);
    const foreign = await get(
      { site: t.siteKey, survey: 'relationship', account: 'a1' },
      'https://evil.test',
    );
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBe(null);
    const bad = await get({ site: t.siteKey, survey: 'relationship' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await json(bad))).toContain('account');
    const missing = await get({ site: t.siteKey, survey: 'nothing', account: 'a1' });
    expect(missing.status).toBe(404);
  });
});
