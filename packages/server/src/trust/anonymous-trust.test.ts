import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadHealthInputs,
  mintIdentityToken,
  saveVersion,
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

/** An anonymous NPS survey with a why? follow-up (the case of finding 1). */
const ANON_NPS = {
  id: 'anon-nps',
  anonymous: true,
  questions: [
    { id: 'nps', kind: 'nps', text: { en: 'Recommend us?' } },
    { id: 'why', kind: 'text', text: { en: 'Why?' }, maxLength: 500 },
  ],
};

const anonAnswer = (accountId: string, score: number, extra: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  surveyId: 'anon-nps',
  accountId,
  answeredAt: new Date(NOW.getTime() - 3_600_000).toISOString(),
  answers: [
    { kind: 'nps', questionId: 'nps', value: score },
    { kind: 'text', questionId: 'why', value: 'Awful, cancel everything' },
  ],
  ...extra,
});

describe.each(STORAGE_TARGETS)('anonymous answers and account trust on $name', (target) => {
  let db: Database;
  let t: CreatedTenant;
  let app: ReturnType<typeof testApp>['app'];

  const post = (body: unknown, headers: Record<string, string>) =>
    app.request('/v1/responses', { method: 'POST', headers, body: JSON.stringify(body) });
  const bearer = (token: string) => ({ ...widgetHeaders(t), authorization: `Bearer ${token}` });
  const summary = async (account: string, mode = 'pooled') =>
    json(await app.request(`/v1/accounts/${account}/summary?mode=${mode}`, { headers: adminHeaders(t) }));

  beforeAll(async () => {
    db = await target.open();
    t = await seedTenant(db);
    await saveVersion(db, t.id, 'survey', ANON_NPS.id, { ...ANON_NPS, version: 1 }, 'test');
    app = testApp(db, {}, () => NOW).app;
    const promoter = npsResponse('victim', 'p-1', 10, {
      answeredAt: new Date(NOW.getTime() - 7_200_000).toISOString(),
    });
    expect((await post(promoter, widgetHeaders(t, { account: 'victim', respondent: 'p-1' }))).status).toBe(
      200,
    );
    // 30 unsigned detractors naming the account, declaring the heaviest role.
    const flood = { responses: Array.from({ length: 30 }, () => anonAnswer('victim', 0, { role: 'buyer' })) };
    const res = await post(flood, widgetHeaders(t));
    expect(res.status).toBe(200);
  }, HOOK_TIMEOUT);
  afterAll(() => db.close(), HOOK_TIMEOUT);

  it('keeps unsigned anonymous answers out of the account summary, in every mode', async () => {
    for (const mode of ['pooled', 'per-respondent', 'role-weighted']) {
      const s = await summary('victim', mode);
      expect(s.nps).toMatchObject({ n: 1, value: 100 });
    }
    const s = await summary('victim');
    expect(s.responses.total).toBe(1);
    expect(s.responses.last90Days).toBe(1);
    expect(s.verbatims).toEqual([]);
  });

  it('keeps them out of the health inputs and of alert evaluation', async () => {
    const inputs = await loadHealthInputs(db, t.id, { now: NOW });
    const victim = inputs.find((i) => i.input.accountId === 'victim');
    expect(victim?.input.values['nps']).toBe(100);
    const rule = {
      id: 'nps-low',
      kind: 'threshold',
      metric: 'nps',
      comparator: 'lt',
      threshold: 0,
      scope: { type: 'account' },
    };
    const put = await app.request('/v1/admin/alert-rules/nps-low', {
      method: 'PUT',
      headers: adminHeaders(t),
      body: JSON.stringify(rule),
    });
    expect(put.status).toBe(200);
    const ev = await json(
      await app.request('/v1/admin/alerts/evaluate', { method: 'POST', headers: adminHeaders(t) }),
    );
    expect(ev.raised).toEqual([]);
  });

  it('stores them whole, without respondent or unsigned role, and counts them at the tenant level, flagged', async () => {
    const rows = await db.query<{ n: number; roles: number; vouched: number }>(
      `SELECT count(*)::int AS n, count(role)::int AS roles, count(*) FILTER (WHERE vouched)::int AS vouched
       FROM responses WHERE tenant_id = $1 AND survey_id = 'anon-nps'`,
      [t.id],
    );
    expect(rows.rows[0]).toEqual({ n: 30, roles: 0, vouched: 0 });
    const res = await app.request('/v1/admin/tenant-summary?months=1', { headers: adminHeaders(t) });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.nps.vouched).toMatchObject({ n: 1, value: 100 });
    expect(body.nps.unvouched).toMatchObject({ n: 30, value: -100 });
    // 1 promoter, 30 detractors: (1 - 30) / 31
    expect(body.nps.all.n).toBe(31);
    expect(body.nps.all.value).toBeCloseTo((100 * (1 - 30)) / 31, 6);
  });

  it('counts an anonymous answer for the account when an account token (no respondent) vouches for it', async () => {
    const token = mintIdentityToken({ accountId: 'signed-co', role: 'user', now: NOW }, t.signingSecret);
    const a = anonAnswer('signed-co', 3);
    expect((await post(a, bearer(token))).status).toBe(200);
    const s = await summary('signed-co');
    expect(s.nps).toMatchObject({ n: 1, value: -100 });
    const row = await db.query(
      'SELECT respondent_id, role, vouched FROM responses WHERE tenant_id = $1 AND id = $2',
      [t.id, a.id],
    );
    expect(row.rows).toEqual([{ respondent_id: null, role: 'user', vouched: true }]);
    // The token vouches for its account only.
    expect((await post(anonAnswer('victim', 0), bearer(token))).status).toBe(403);
  });

  it('refuses an account token on a survey that needs the respondent', async () => {
    const token = mintIdentityToken({ accountId: 'signed-co', now: NOW }, t.signingSecret);
    const { respondentId: _none, ...r } = npsResponse('signed-co', 'x', 9);
    const res = await post(r, bearer(token));
    expect(res.status).toBe(403);
    expect((await json(res)).error.code).toBe('identity/respondent-required');
  });

  it('mints survey invitation links whose claim counts for the account, on that survey only', async () => {
    const res = await app.request('/v1/admin/survey-links', {
      method: 'POST',
      headers: adminHeaders(t),
      body: JSON.stringify({
        surveyId: 'anon-nps',
        accountId: 'linked-co',
        url: 'https://app.acme.test/nps',
      }),
    });
    expect(res.status).toBe(200);
    const link = await json(res);
    expect(new URL(link.url).searchParams.get('cx-token')).toBe(link.token);
    expect(Date.parse(link.expiresAt) - NOW.getTime()).toBe(30 * 86_400_000);
    expect((await post(anonAnswer('linked-co', 9), bearer(link.token))).status).toBe(200);
    expect((await summary('linked-co')).nps).toMatchObject({ n: 1, value: 100 });
    const pulse = {
      id: randomUUID(),
      surveyId: 'pulse',
      accountId: 'linked-co',
      answeredAt: NOW.toISOString(),
      answers: [{ kind: 'csat', questionId: 'mood', value: 3 }],
    };
    const other = await post(pulse, bearer(link.token));
    expect(other.status).toBe(403);
    expect((await json(other)).error.message).toContain('surveyId');
    // A non-anonymous survey's link must name the person.
    const bad = await app.request('/v1/admin/survey-links', {
      method: 'POST',
      headers: adminHeaders(t),
      body: JSON.stringify({ surveyId: 'relationship', accountId: 'linked-co' }),
    });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.issues[0]).toMatchObject({ path: 'respondentId', rule: 'required' });
  });
});
