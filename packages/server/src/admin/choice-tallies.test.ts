import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { SurveyDefinitionInput } from '@cxkit/core';
import {
  loadMigrations,
  migrate,
  openPgDatabase,
  openPgliteDatabase,
  type CreatedTenant,
  type Database,
} from '@cxkit/server';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import { adminHeaders, json, seedTenant, testApp, widgetHeaders } from '../test-support/fixtures.js';
import { surveyAnswerCounts, type AnswerCount } from './survey-results-store.js';

const opt = (id: string) => ({ id, label: { en: id } });

const SURVEY: SurveyDefinitionInput = {
  id: 'tally',
  questions: [
    { id: 'plan', kind: 'single-choice', text: { en: 'Plan?' }, options: [opt('basic'), opt('pro')] },
    {
      id: 'tools',
      kind: 'multi-choice',
      text: { en: 'Tools?' },
      options: [opt('crm'), opt('erp'), opt('bi')],
    },
    { id: 'rank', kind: 'ranking', text: { en: 'Order' }, options: [opt('a'), opt('b'), opt('c')] },
    { id: 'rate', kind: 'matrix', text: { en: 'Rate' }, items: [opt('x'), opt('y')] },
    { id: 'nps', kind: 'nps', text: { en: 'Recommend?' } },
    { id: 'why', kind: 'text', text: { en: 'Why?' } },
  ],
};

const plan = (value: unknown) => ({ kind: 'single-choice', questionId: 'plan', value });
const tools = (value: unknown) => ({ kind: 'multi-choice', questionId: 'tools', value });
const rank = (value: unknown) => ({ kind: 'ranking', questionId: 'rank', value });
const rate = (value: unknown) => ({ kind: 'matrix', questionId: 'rate', value });
const nps = (value: unknown) => ({ kind: 'nps', questionId: 'nps', value });
const why = (value: unknown) => ({ kind: 'text', questionId: 'why', value });

// Two respondents' answers: r1 and r2 answer everything, r3 skips the single choice, the ranking
// and the matrix. Hand-counted below.
const R1 = [
  plan('basic'),
  tools(['crm', 'erp']),
  rank(['a', 'b', 'c']),
  rate({ x: 5, y: 4 }),
  nps(9),
  why('ok'),
];
const R2 = [plan('pro'), tools(['crm']), rank(['b', 'a', 'c']), rate({ x: 4 }), nps(3)];
const R3 = [plan(null), tools(['bi']), rank(null), rate(null), why(null)];

type Row = [question: string, what: string, key: string | null, point: number | null, count: number];
const EXPECTED_R1_R2_R3: Row[] = [
  ['plan', 'answered', null, null, 2],
  ['plan', 'option', 'basic', null, 1],
  ['plan', 'option', 'pro', null, 1],
  ['plan', 'skipped', null, null, 1],
  ['rank', 'answered', null, null, 2],
  ['rank', 'rank', 'a', 1, 1],
  ['rank', 'rank', 'a', 2, 1],
  ['rank', 'rank', 'b', 1, 1],
  ['rank', 'rank', 'b', 2, 1],
  ['rank', 'rank', 'c', 3, 2],
  ['rank', 'skipped', null, null, 1],
  ['rate', 'answered', null, null, 2],
  ['rate', 'rating', 'x', 4, 1],
  ['rate', 'rating', 'x', 5, 1],
  ['rate', 'rating', 'y', 4, 1],
  ['rate', 'skipped', null, null, 1],
  ['tools', 'answered', null, null, 3],
  ['tools', 'option', 'bi', null, 1],
  ['tools', 'option', 'crm', null, 2],
  ['tools', 'option', 'erp', null, 1],
];

const rowsOf = (counts: AnswerCount[]): Row[] =>
  counts
    .map((c): Row => [c.questionId, c.what, c.key, c.point, c.count])
    .sort((p, q) => JSON.stringify(p).localeCompare(JSON.stringify(q)));
const sorted = (rows: Row[]) => [...rows].sort((p, q) => JSON.stringify(p).localeCompare(JSON.stringify(q)));

const responseOf = (respondent: string, answers: unknown[], id = randomUUID()) => ({
  id,
  surveyId: 'tally',
  accountId: 'globex',
  respondentId: respondent,
  answeredAt: new Date().toISOString(),
  answers,
});

describe.each(STORAGE_TARGETS)('choice tallies on $name', (target) => {
  let db: Database;
  let t: CreatedTenant;
  let app: ReturnType<typeof testApp>['app'];

  beforeAll(async () => {
    db = await target.open();
    t = await seedTenant(db);
    app = testApp(db).app;
    const res = await app.request('/v1/admin/surveys/tally', {
      method: 'PUT',
      headers: adminHeaders(t),
      body: JSON.stringify(SURVEY),
    });
    expect(res.status).toBe(200);
  }, HOOK_TIMEOUT);
  afterAll(() => db.close(), HOOK_TIMEOUT);

  const post = (respondent: string, body: unknown) =>
    app.request('/v1/responses', {
      method: 'POST',
      headers: widgetHeaders(t, { account: 'globex', respondent }),
      body: JSON.stringify(body),
    });

  it('count each stored response once: a re-sent id and a refused response add nothing', async () => {
    const r1 = responseOf('p-1', R1);
    const first = await post('p-1', { responses: [r1, r1] });
    expect((await json(first)).accepted.map((a: { status: string }) => a.status)).toEqual([
      'created',
      'duplicate',
    ]);
    expect((await post('p-2', responseOf('p-2', R2))).status).toBe(200);
    // The whole batch is refused when one answer names an unknown option: nothing of it counts.
    expect((await post('p-4', responseOf('p-4', [tools(['crm', 'zzz']), plan('basic')]))).status).toBe(400);
    expect((await post('p-3', responseOf('p-3', R3))).status).toBe(200);
    const resent = await post('p-1', r1);
    expect((await json(resent)).accepted).toEqual([{ id: r1.id, status: 'duplicate' }]);

    expect(rowsOf(await surveyAnswerCounts(db, t.id, 'tally', 1))).toEqual(sorted(EXPECTED_R1_R2_R3));
    // Another tenant, survey or version reads nothing of these.
    expect(await surveyAnswerCounts(db, t.id, 'tally', 2)).toEqual([]);
    expect(await surveyAnswerCounts(db, t.id, 'product', 1)).toEqual([]);

    const res = await app.request('/v1/admin/surveys/tally/results', { headers: adminHeaders(t) });
    expect(res.status).toBe(200);
    const [p, tl, rk, rt] = (await json(res)).questions.map((q: { summary: unknown }) => q.summary);
    expect(p).toMatchObject({ kind: 'single-choice', n: 2, skipped: 1 });
    expect(p.options.map((o: { count: number }) => o.count)).toEqual([1, 1]);
    expect(tl).toMatchObject({ kind: 'multi-choice', n: 3, skipped: 0 });
    expect(tl.options.map((o: { count: number }) => o.count)).toEqual([2, 1, 1]);
    // a ranked 1st and 2nd: Borda (3 − 1) + (3 − 2) = 3; c twice last: 0.
    expect(rk).toMatchObject({ kind: 'ranking', n: 2, skipped: 1 });
    expect(rk.options.map((o: { borda: number }) => o.borda)).toEqual([3, 3, 0]);
    expect(rt).toMatchObject({ kind: 'matrix', n: 2, skipped: 1 });
    expect(rt.items.map((i: { n: number }) => i.n)).toEqual([2, 1]);
    expect(rt.items[0].mean.value).toBe(4.5);
  });

  it('count unvouched answers too (an anonymous survey answered without a token), like the results did', async () => {
    const put = await app.request('/v1/admin/surveys/anon', {
      method: 'PUT',
      headers: adminHeaders(t),
      body: JSON.stringify({ id: 'anon', anonymous: true, questions: [SURVEY.questions[0]] }),
    });
    expect(put.status).toBe(200);
    const anon = (value: unknown) => ({ ...responseOf('-', [plan(value)]), surveyId: 'anon' });
    for (const [value, headers] of [
      ['pro', widgetHeaders(t)],
      ['pro', widgetHeaders(t)],
      ['basic', widgetHeaders(t)],
    ] as const) {
      const res = await app.request('/v1/responses', {
        method: 'POST',
        headers,
        body: JSON.stringify(anon(value)),
      });
      expect(res.status).toBe(200);
    }
    const vouched = await db.query<{ vouched: boolean }>(
      `SELECT vouched FROM responses WHERE tenant_id = $1 AND survey_id = 'anon' ORDER BY vouched`,
      [t.id],
    );
    expect(vouched.rows).toEqual([{ vouched: false }, { vouched: false }, { vouched: false }]);
    expect(rowsOf(await surveyAnswerCounts(db, t.id, 'anon', 1))).toEqual(
      sorted([
        ['plan', 'answered', null, null, 3],
        ['plan', 'option', 'basic', null, 1],
        ['plan', 'option', 'pro', null, 2],
      ]),
    );
  });
});

const url = process.env['CX_TEST_DATABASE_URL'];
const BACKFILL_TARGETS: { name: string; open(): Promise<{ db: Database; drop(): Promise<void> }> }[] = [
  { name: 'pglite', open: async () => ({ db: await openPgliteDatabase(), drop: async () => {} }) },
  ...(url
    ? [
        {
          name: 'postgres',
          async open() {
            const schema = `cx_test_${randomBytes(6).toString('hex')}`;
            const db = await openPgDatabase({ connectionString: url, schema, poolSize: 2 });
            return {
              db,
              async drop() {
                const client = new pg.Client({ connectionString: url });
                await client.connect();
                await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
                await client.end();
              },
            };
          },
        },
      ]
    : []),
];

describe.each(BACKFILL_TARGETS)('migration 071 backfill on $name', (target) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ db, drop } = await target.open());
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await db.close();
    await drop();
  }, HOOK_TIMEOUT);

  it('tallies the responses stored before it, and the insert statement adds to them after', async () => {
    await migrate(
      db,
      loadMigrations().filter((m) => m.id < '071'),
    );
    const t = await seedTenant(db);
    // Rows as the collector stored them before migration 071 (the responses table only).
    for (const [respondent, answers] of [
      ['p-1', R1],
      ['p-2', R2],
      ['p-3', R3],
    ] as const)
      await db.query(
        `INSERT INTO responses (tenant_id, id, survey_id, survey_version, account_id, respondent_id, channel,
                                answered_at, answers, vouched)
         VALUES ($1, $2, 'tally', 1, 'globex', $3, 'widget', now(), $4::jsonb, $5)`,
        [t.id, randomUUID(), respondent, JSON.stringify(answers), respondent !== 'p-3'],
      );
    // Another version's answers stay in their own tallies.
    await db.query(
      `INSERT INTO responses (tenant_id, id, survey_id, survey_version, account_id, channel, answered_at, answers)
       VALUES ($1, $2, 'tally', 2, 'globex', 'widget', now(), $3::jsonb)`,
      [t.id, randomUUID(), JSON.stringify([plan('pro')])],
    );

    expect(await migrate(db)).toContain('071_choice_tallies');
    expect(rowsOf(await surveyAnswerCounts(db, t.id, 'tally', 1))).toEqual(sorted(EXPECTED_R1_R2_R3));
    expect(rowsOf(await surveyAnswerCounts(db, t.id, 'tally', 2))).toEqual(
      sorted([
        ['plan', 'answered', null, null, 1],
        ['plan', 'option', 'pro', null, 1],
      ]),
    );

    const app = testApp(db).app;
    const put = await app.request('/v1/admin/surveys/tally', {
      method: 'PUT',
      headers: adminHeaders(t),
      body: JSON.stringify(SURVEY),
    });
    expect(put.status).toBe(200);
    expect((await json(put)).version).toBe(1);
    const res = await app.request('/v1/responses', {
      method: 'POST',
      headers: widgetHeaders(t, { account: 'globex', respondent: 'p-5' }),
      body: JSON.stringify(responseOf('p-5', [plan('basic'), tools(['erp'])])),
    });
    expect(res.status).toBe(200);
    const bumped = new Map<string, number>([
      ['plan,answered', 3],
      ['plan,option,basic', 2],
      ['tools,answered', 4],
      ['tools,option,erp', 2],
    ]);
    expect(rowsOf(await surveyAnswerCounts(db, t.id, 'tally', 1))).toEqual(
      sorted(
        EXPECTED_R1_R2_R3.map(([q, what, key, point, count]): Row => [
          q,
          what,
          key,
          point,
          bumped.get([q, what, ...(key === null ? [] : [key])].join(',')) ?? count,
        ]),
      ),
    );
  });
});
