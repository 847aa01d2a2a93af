import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CreatedTenant, type Database } from '@cxkit/server';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import {
  adminHeaders,
  npsResponse,
  seedTenant,
  testApp,
  widgetHeaders,
  json,
} from '../test-support/fixtures.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();

describe.each(STORAGE_TARGETS)('GET /v1/eligibility on $name', (target) => {
  let db: Database;
  let t: CreatedTenant;
  let app: ReturnType<typeof testApp>['app'];

  beforeAll(async () => {
    db = await target.open();
    t = await seedTenant(db);
    app = testApp(db, {}, () => NOW).app;
    await app.request('/v1/admin/settings/fatigue', {
      method: 'PUT',
      headers: adminHeaders(t),
      body: JSON.stringify({ respondentCooldownDays: 10, accountMaxResponses: 3, accountWindowDays: 30 }),
    });
  }, HOOK_TIMEOUT);
  afterAll(() => db.close(), HOOK_TIMEOUT);

  const answer = async (account: string, person: string, at: string, surveyId = 'relationship') => {
    const r =
      surveyId === 'pulse'
        ? {
            id: randomUUID(),
            surveyId,
            accountId: account,
            answeredAt: at,
            answers: [{ kind: 'csat', questionId: 'mood', value: 2 }],
          }
        : npsResponse(account, person, 8, { answeredAt: at });
    const res = await app.request('/v1/responses', {
      method: 'POST',
      headers: widgetHeaders(t, { account, respondent: person }),
      body: JSON.stringify(r),
    });
    expect(res.status).toBe(200);
  };
  const check = async (account: string, person: string, survey = 'relationship') => {
    const res = await app.request(
      `/v1/eligibility?survey=${survey}&account=${account}&respondent=${person}`,
      {
        headers: widgetHeaders(t, { account, respondent: person }),
      },
    );
    expect(res.status).toBe(200);
    return res.json();
  };

  it('lets a new person answer', async () => {
    expect(await check('hooli', 'new')).toEqual({ eligible: true });
  });

  it('vetoes the same survey within its fatigueDays, on any device', async () => {
    await answer('hooli', 'erl', daysAgo(30));
    expect(await check('hooli', 'erl')).toEqual({ eligible: false, reason: 'survey-answered-recently' });
  });

  it('vetoes any survey within the respondent cooldown', async () => {
    await answer('hooli', 'gav', daysAgo(2), 'pulse');
    // the pulse is anonymous so it does not count against gav; a relationship answer does
    expect(await check('hooli', 'gav')).toEqual({ eligible: true });
    await db.query(
      `INSERT INTO responses (tenant_id, id, survey_id, survey_version, account_id, respondent_id, channel, answered_at, answers)
       VALUES ($1, $2, 'other', 1, 'hooli', 'gav', 'email', $3, '[]')`,
      [t.id, randomUUID(), daysAgo(5)],
    );
    expect(await check('hooli', 'gav')).toEqual({ eligible: false, reason: 'respondent-cooldown' });
  });

  it('caps responses per account per window', async () => {
    expect(await check('pied-piper', 'x')).toEqual({ eligible: true });
    for (const p of ['a', 'b', 'c']) await answer('pied-piper', p, daysAgo(101));
    expect(await check('pied-piper', 'x')).toEqual({ eligible: true });
    for (const p of ['d', 'e', 'f']) await answer('pied-piper', p, daysAgo(20));
    expect(await check('pied-piper', 'x')).toEqual({ eligible: false, reason: 'account-cap' });
  });

  it('needs a matching token for identified surveys', async () => {
    const noToken = await app.request('/v1/eligibility?survey=relationship&account=hooli&respondent=erl', {
      headers: widgetHeaders(t),
    });
    expect(noToken.status).toBe(401);
    const other = await app.request('/v1/eligibility?survey=relationship&account=hooli&respondent=erl', {
      headers: widgetHeaders(t, { account: 'hooli', respondent: 'someone-else' }),
    });
    expect(other.status).toBe(403);
    const anon = await app.request('/v1/eligibility?survey=pulse&account=fresh-co', {
      headers: widgetHeaders(t),
    });
    expect(await json(anon)).toEqual({ eligible: true });
  });
});
