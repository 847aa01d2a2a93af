import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintIdentityToken, type CreatedTenant, type Database } from '@cxkit/server';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import { json, npsResponse, seedTenant, testApp, widgetHeaders } from '../test-support/fixtures.js';

describe.each(STORAGE_TARGETS)('POST /v1/responses on $name', (target) => {
  let db: Database;
  let t: CreatedTenant;
  let app: ReturnType<typeof testApp>['app'];
  const who = { account: 'globex', respondent: 'p-1', role: 'buyer' };

  beforeAll(async () => {
    db = await target.open();
    t = await seedTenant(db);
    app = testApp(db).app;
  }, HOOK_TIMEOUT);
  afterAll(() => db.close(), HOOK_TIMEOUT);

  const post = (body: unknown, headers = widgetHeaders(t, who)) =>
    app.request('/v1/responses', { method: 'POST', headers, body: JSON.stringify(body) });

  it('stores a single response and acknowledges it as created', async () => {
    const r = npsResponse('globex', 'p-1', 9, { why: 'Fast delivery' });
    const res = await post(r);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ accepted: [{ id: r.id, status: 'created' }] });
    const rows = await db.query<{ role: string; respondent_id: string }>(
      'SELECT role, respondent_id FROM responses WHERE tenant_id = $1 AND id = $2',
      [t.id, r.id],
    );
    // The role comes from the signed token when the response does not carry one.
    expect(rows.rows).toEqual([{ role: 'buyer', respondent_id: 'p-1' }]);
  });

  it('returns the original acknowledgement as duplicate on a repeat and never double counts', async () => {
    const r = npsResponse('globex', 'p-1', 3);
    const batch = { responses: [r, npsResponse('globex', 'p-1', 10), r] };
    const first = await json(await post(batch));
    expect(first.accepted.map((a: { status: string }) => a.status)).toEqual([
      'created',
      'created',
      'duplicate',
    ]);
    const again = await json(await post(batch));
    expect(again.accepted.map((a: { status: string }) => a.status)).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    const agg = await db.query<{ c3: number; c10: number }>(
      `SELECT sum(c3)::int AS c3, sum(c10)::int AS c10 FROM score_aggregates WHERE tenant_id = $1 AND account_id = 'globex' AND kind = 'nps'`,
      [t.id],
    );
    expect(agg.rows[0]).toEqual({ c3: 1, c10: 1 });
  });

  it('keeps the aggregates equal to a full recount of the stored answers', async () => {
    const values = [0, 5, 6, 7, 8, 9, 10, 10, 'cant-recommend', null] as const;
    await post(
      { responses: values.map((v) => npsResponse('initech', 'p-9', v)) },
      widgetHeaders(t, { account: 'initech', respondent: 'p-9' }),
    );
    const agg = await db.query<Record<string, number>>(
      `SELECT ${Array.from({ length: 11 }, (_, i) => `sum(c${i})::int AS c${i}`).join(', ')},
              sum(cant_recommend)::int AS cr, sum(skipped)::int AS sk
       FROM score_aggregates WHERE tenant_id = $1 AND account_id = 'initech' AND kind = 'nps'`,
      [t.id],
    );
    const scan = await db.query<{ v: string | null }>(
      `SELECT a->>'value' AS v FROM responses, jsonb_array_elements(answers) a
       WHERE tenant_id = $1 AND account_id = 'initech' AND a->>'kind' = 'nps'`,
      [t.id],
    );
    // Every stored answer is in the scan, and the aggregates count them by hand: one each of 0, 5, 6, 7, 8, 9,
    // two 10s, one "can't recommend" and one skipped.
    expect(scan.rows.map((r) => r.v)).toHaveLength(10);
    const row = agg.rows[0]!;
    expect(Array.from({ length: 11 }, (_, i) => row[`c${i}`])).toEqual([1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2]);
    expect([row['cr'], row['sk']]).toEqual([1, 1]);
  });

  it('rejects bad input with 400 listing each field path and rule', async () => {
    const r = npsResponse('globex', 'p-1', 11);
    const res = await post({
      responses: [npsResponse('globex', 'p-1', 5), { ...r, colour: 'red', answeredAt: 'yesterday' }],
    });
    expect(res.status).toBe(400);
    const body = await json(res);
    const paths = body.error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['responses.1.colour', 'responses.1.answeredAt', 'responses.1.answers.0.value']),
    );
    for (const issue of body.error.issues) expect(issue.rule).toEqual(expect.any(String));
    // Nothing of a rejected batch is stored, not even its valid part.
    const count = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM responses WHERE tenant_id = $1 AND account_id = 'globex' AND answers @> '[{"value": 5}]'`,
      [t.id],
    );
    expect(count.rows[0]!.n).toBe(0);
  });

  it('checks answers against the survey: unknown question, wrong kind, scale, text length', async () => {
    const r = {
      ...npsResponse('globex', 'p-1', 5),
      answers: [
        { kind: 'nps', questionId: 'nope', value: 5 },
        { kind: 'csat', questionId: 'nps', value: 3 },
        { kind: 'ces', questionId: 'ces', value: 9 },
        { kind: 'text', questionId: 'why', value: 'x'.repeat(501) },
      ],
    };
    const res = await post(r);
    expect(res.status).toBe(400);
    const rules = (await json(res)).error.issues.map(
      (i: { path: string; rule: string }) => `${i.path}:${i.rule}`,
    );
    expect(rules).toEqual([
      'answers.0.questionId:unknown_question',
      'answers.1.kind:kind_mismatch',
      'answers.2.value:out_of_scale',
      'answers.3.value:too_big',
    ]);
    const unknownSurvey = await post({ ...npsResponse('globex', 'p-1', 5), surveyId: 'ghost' });
    expect((await json(unknownSurvey)).error.issues[0]).toMatchObject({
      path: 'surveyId',
      rule: 'unknown_survey',
    });
  });

  it('refuses answers posted as another account, person or role', async () => {
    for (const r of [
      npsResponse('other-co', 'p-1', 10),
      npsResponse('globex', 'p-2', 10),
      npsResponse('globex', 'p-1', 10, { role: 'user' }),
    ]) {
      const res = await post(r);
      expect(res.status).toBe(403);
      expect((await json(res)).error.code).toBe('identity/mismatch');
    }
  });

  it('counts a role only when the token signs it: a declared role cannot raise its weight', async () => {
    const unsigned = { account: 'globex', respondent: 'p-9' };
    const r = npsResponse('globex', 'p-9', 10, { role: 'buyer' });
    expect((await post(r, widgetHeaders(t, unsigned))).status).toBe(200);
    const rows = await db.query<{ role: string | null }>(
      'SELECT role FROM responses WHERE tenant_id = $1 AND id = $2',
      [t.id, r.id],
    );
    expect(rows.rows).toEqual([{ role: null }]);
  });

  it('dates an answer from a device clock set in the future at its receipt, keeping it', async () => {
    const r = npsResponse('globex', 'p-1', 3, { answeredAt: '2099-01-01T00:00:00Z' });
    const before = Date.now();
    expect((await post(r)).status).toBe(200);
    const rows = await db.query<{ answered_at: Date | string }>(
      'SELECT answered_at FROM responses WHERE tenant_id = $1 AND id = $2',
      [t.id, r.id],
    );
    const at = new Date(rows.rows[0]!.answered_at).getTime();
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(Date.now() + 1000);
    // Within the accepted skew, the device's time stands.
    const soon = new Date(Date.now() + 60_000).toISOString();
    const r2 = npsResponse('globex', 'p-1', 4, { answeredAt: soon });
    expect((await post(r2)).status).toBe(200);
    const rows2 = await db.query<{ answered_at: Date | string }>(
      'SELECT answered_at FROM responses WHERE tenant_id = $1 AND id = $2',
      [t.id, r2.id],
    );
    expect(new Date(rows2.rows[0]!.answered_at).toISOString()).toBe(soon);
  });

  it('requires a valid, unexpired token signed with this tenant secret', async () => {
    const r = npsResponse('globex', 'p-1', 10);
    const noToken = await post(r, widgetHeaders(t));
    expect(noToken.status).toBe(401);
    expect((await json(noToken)).error.code).toBe('identity/required');
    const forged = mintIdentityToken({ accountId: 'globex', respondentId: 'p-1' }, 'not-the-secret');
    const expired = mintIdentityToken(
      { accountId: 'globex', respondentId: 'p-1', ttlSeconds: -1 },
      t.signingSecret,
    );
    for (const [token, code] of [
      [forged, 'identity/bad-signature'],
      [expired, 'identity/expired'],
      ['garbage', 'identity/malformed'],
    ] as const) {
      const res = await post(r, { ...widgetHeaders(t), authorization: `Bearer ${token}` });
      expect(res.status).toBe(401);
      expect((await json(res)).error.code).toBe(code);
    }
  });

  it('accepts anonymous surveys without a token and never stores a respondent there', async () => {
    const pulse = {
      id: randomUUID(),
      surveyId: 'pulse',
      accountId: 'globex',
      respondentId: 'should-not-be-kept',
      answeredAt: new Date().toISOString(),
      answers: [{ kind: 'csat', questionId: 'mood', value: 3 }],
    };
    const res = await post(pulse, widgetHeaders(t));
    expect(res.status).toBe(200);
    const row = await db.query<{ respondent_id: string | null }>(
      'SELECT respondent_id FROM responses WHERE tenant_id = $1 AND id = $2',
      [t.id, pulse.id],
    );
    expect(row.rows).toEqual([{ respondent_id: null }]);
  });

  it('keeps no respondent on anonymous surveys even when a token names one', async () => {
    // An anonymous widget sends no token; a page that sends one anyway must not link the answer to it.
    const pulse = {
      id: randomUUID(),
      surveyId: 'pulse',
      accountId: 'globex',
      respondentId: 'p-1',
      answeredAt: new Date().toISOString(),
      answers: [{ kind: 'csat', questionId: 'mood', value: 2 }],
    };
    const res = await post(pulse);
    expect(res.status).toBe(200);
    const row = await db.query<{ respondent_id: string | null; role: string | null }>(
      'SELECT respondent_id, role FROM responses WHERE tenant_id = $1 AND id = $2',
      [t.id, pulse.id],
    );
    expect(row.rows).toEqual([{ respondent_id: null, role: 'buyer' }]);
  });

  it('answers CORS preflights for allowed origins only and refuses other origins', async () => {
    const pre = await app.request('/v1/responses', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.acme.test',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, x-cx-site-key, authorization',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://app.acme.test');
    expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-cx-site-key');
    const evilPre = await app.request('/v1/responses', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.test', 'access-control-request-method': 'POST' },
    });
    expect(evilPre.headers.get('access-control-allow-origin')).toBeNull();
    const ok = await post(
      npsResponse('globex', 'p-1', 8),
      widgetHeaders(t, who, { origin: 'https://app.acme.test' }),
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.acme.test');
    const evil = await post(
      npsResponse('globex', 'p-1', 8),
      widgetHeaders(t, who, { origin: 'https://evil.test' }),
    );
    expect(evil.status).toBe(403);
  });

  it('limits body size and batch size', async () => {
    const { app: small } = testApp(db, { BODY_LIMIT_BYTES: 64 * 1024, MAX_BATCH: 3 });
    const big = JSON.stringify({ ...npsResponse('globex', 'p-1', 5), pad: 'x'.repeat(70 * 1024) });
    const tooBig = await small.request('/v1/responses', {
      method: 'POST',
      headers: widgetHeaders(t, who),
      body: big,
    });
    expect(tooBig.status).toBe(413);
    const four = { responses: [1, 2, 3, 4].map(() => npsResponse('globex', 'p-1', 5)) };
    const tooMany = await small.request('/v1/responses', {
      method: 'POST',
      headers: widgetHeaders(t, who),
      body: JSON.stringify(four),
    });
    expect(tooMany.status).toBe(400);
    expect((await json(tooMany)).error.issues[0]).toMatchObject({ path: 'responses', rule: 'too_big' });
  });

  it('rate-limits per site with 429 and Retry-After', async () => {
    const { app: limited } = testApp(db, { RATE_LIMIT_SITE_PER_SEC: 1, RATE_LIMIT_SITE_BURST: 2 });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 3; i++) {
      const res = await limited.request(`/v1/surveys/relationship`, { headers: widgetHeaders(t) });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  });

  it('rate-limits per client IP, each IP on its own', async () => {
    const { app: limited } = testApp(db, {
      TRUST_PROXY: true,
      RATE_LIMIT_IP_PER_SEC: 1,
      RATE_LIMIT_IP_BURST: 2,
    });
    const from = (ip: string) =>
      limited.request('/v1/surveys/relationship', {
        headers: { ...widgetHeaders(t), 'x-forwarded-for': ip },
      });
    expect([(await from('203.0.113.7')).status, (await from('203.0.113.7')).status]).toEqual([200, 200]);
    const third = await from('203.0.113.7');
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('1');
    expect((await from('203.0.113.8')).status).toBe(200);
  });

  it('serves survey definitions to the widget by site key', async () => {
    const res = await app.request('/v1/surveys/relationship', { headers: widgetHeaders(t) });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ id: 'relationship', version: 1, questions: expect.any(Array) });
    expect((await app.request('/v1/surveys/ghost', { headers: widgetHeaders(t) })).status).toBe(404);
    expect(
      (await app.request('/v1/surveys/relationship', { headers: { 'x-cx-site-key': 'cxs_unknown' } })).status,
    ).toBe(401);
  });
});
