import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OverviewViewSchema, SurveyDefinitionSchema } from '@cxkit/core';
import {
  createApp,
  recordAccountInsight,
  storeResponses,
  upsertAccountSignals,
  type CreatedTenant,
  type Database,
} from '@cxkit/server';
import { pino } from 'pino';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import { RELATIONSHIP_SURVEY, adminHeaders, json, seedTenant, testConfig } from '../test-support/fixtures.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const SURVEY = SurveyDefinitionSchema.parse({ ...RELATIONSHIP_SURVEY, version: 1 });

describe.each(STORAGE_TARGETS)('analytics cache on $name', (target) => {
  let db: Database;
  let t: CreatedTenant;
  let other: CreatedTenant;
  let app: ReturnType<typeof createApp>['app'];
  let clock = NOW;
  const get = async (path: string, who = t) => {
    const res = await app.request(`http://cxkit.test${path}`, { headers: adminHeaders(who) });
    return { status: res.status, cache: res.headers.get('x-cx-cache'), body: await json(res) };
  };
  const answer = (tenant: CreatedTenant, account: string, score: number) =>
    storeResponses(db, tenant.id, [
      {
        response: {
          id: randomUUID(),
          surveyId: 'relationship',
          surveyVersion: 1,
          accountId: account,
          respondentId: `p@${account}.test`,
          channel: 'portal',
          answeredAt: '2026-06-01T10:00:00Z',
          answers: [{ kind: 'nps', questionId: 'nps', value: score }],
        },
        survey: SURVEY,
      },
    ]);

  beforeAll(async () => {
    db = await target.open();
    t = await seedTenant(db, 'cached');
    other = await seedTenant(db, 'other', ['https://other.test']);
    ({ app } = createApp({ db, config: testConfig(), logger: pino({ level: 'silent' }), now: () => clock }));
    await answer(t, 'c1', 10);
  }, HOOK_TIMEOUT);
  afterAll(() => db.close(), HOOK_TIMEOUT);

  it('serves a repeat read from the cache and recomputes as soon as the data move', async () => {
    const first = await get('/v1/analytics/overview');
    expect(first.cache).toBe('miss');
    const repeat = await get('/v1/analytics/overview');
    expect(repeat.cache).toBe('hit');
    expect(repeat.body).toEqual(first.body);
    const nps = (b: unknown) => OverviewViewSchema.parse(b).kpis.find((k) => k.kpi === 'nps')!.figure;
    expect(nps(first.body).n).toBe(1);

    // Another tenant's answer changes nothing here.
    await answer(other, 'c1', 0);
    expect((await get('/v1/analytics/overview')).cache).toBe('hit');

    // A new answer, new signals, a new health result, new targets: each is seen on the next read.
    await answer(t, 'c2', 0);
    const after = await get('/v1/analytics/overview');
    expect(after.cache).toBe('miss');
    expect(nps(after.body)).toMatchObject({ n: 2, value: 0 });
    await upsertAccountSignals(db, t.id, [{ accountId: 'c1', signals: { mrr: 100 } }]);
    expect((await get('/v1/analytics/overview')).cache).toBe('miss');
    await recordAccountInsight(
      db,
      t.id,
      'c1',
      {
        kind: 'health',
        value: {
          score: 80,
          band: 'healthy',
          bandLabel: 'Healthy',
          contributions: [],
          missing: [],
          change: null,
        },
      },
      NOW,
    );
    const health = await get('/v1/analytics/overview');
    expect(health.cache).toBe('miss');
    expect(OverviewViewSchema.parse(health.body).health.scored).toBe(1);
    await app.request('http://cxkit.test/v1/analytics/targets', {
      method: 'PUT',
      headers: adminHeaders(t),
      body: JSON.stringify({ nps: 30 }),
    });
    const targeted = await get('/v1/analytics/overview');
    expect(targeted.cache).toBe('miss');
    expect(OverviewViewSchema.parse(targeted.body).kpis.find((k) => k.kpi === 'nps')!.target?.target).toBe(
      30,
    );
    // Other parameters are other views.
    expect((await get('/v1/analytics/overview?months=6')).cache).toBe('miss');
    expect((await get('/v1/analytics/overview?months=6')).cache).toBe('hit');
    // The views depend on the clock too: five minutes on, the same data are computed again.
    clock = new Date(NOW.getTime() + 4 * 60_000);
    expect((await get('/v1/analytics/overview?months=6')).cache).toBe('hit');
    clock = new Date(NOW.getTime() + 5 * 60_000);
    expect((await get('/v1/analytics/overview?months=6')).cache).toBe('miss');
  });
});
