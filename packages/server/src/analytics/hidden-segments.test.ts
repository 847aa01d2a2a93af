import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SegmentsViewSchema, SurveyDefinitionSchema } from '@cxkit/core';
import { createApp, storeResponses, type CreatedTenant, type Database } from '@cxkit/server';
import { pino } from 'pino';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import { RELATIONSHIP_SURVEY, adminHeaders, json, seedTenant, testConfig } from '../test-support/fixtures.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const SURVEY = SurveyDefinitionSchema.parse({ ...RELATIONSHIP_SURVEY, version: 1 });

/**
 * Answers with the hidden fields the widget sends (`attributes`: a host-page value, the page, UTM):
 *   h1 plan=pro,  utm_campaign=spring: 10, 9   h2 plan=pro: 0   h3 plan=free: 7, 8
 * pro: 2 promoters, 1 detractor of 3 (NPS 33.3, 2 accounts); free: 2 passives (0); spring: 100 on 2.
 */
const ANSWERS: [account: string, attributes: Record<string, string>, scores: number[]][] = [
  ['h1', { plan: 'pro', utm_campaign: 'spring' }, [10, 9]],
  ['h2', { plan: 'pro' }, [0]],
  ['h3', { plan: 'free' }, [7, 8]],
];

describe.each(STORAGE_TARGETS)('segments by hidden field on $name', (target) => {
  let db: Database;
  let t: CreatedTenant;
  let app: ReturnType<typeof createApp>['app'];
  const get = async (path: string) => {
    const res = await app.request(`http://cxkit.test${path}`, { headers: adminHeaders(t) });
    return { status: res.status, body: await json(res) };
  };

  beforeAll(async () => {
    db = await target.open();
    t = await seedTenant(db, 'hidden');
    ({ app } = createApp({ db, config: testConfig(), logger: pino({ level: 'silent' }), now: () => NOW }));
    let i = 0;
    for (const [account, attributes, scores] of ANSWERS)
      await storeResponses(
        db,
        t.id,
        scores.map((score) => ({
          response: {
            id: randomUUID(),
            surveyId: 'relationship',
            surveyVersion: 1,
            accountId: account,
            respondentId: `p${i++}@${account}.test`,
            channel: 'portal',
            answeredAt: '2026-06-01T10:00:00Z',
            attributes: { ...attributes, page: 'https://portal.test/orders', invitation: randomUUID() },
            answers: [{ kind: 'nps', questionId: 'nps', value: score }],
          },
          survey: SURVEY,
        })),
      );
  }, HOOK_TIMEOUT);
  afterAll(() => db.close(), HOOK_TIMEOUT);

  it('segments a KPI by a hidden field or a UTM parameter sent with the answers', async () => {
    const plan = SegmentsViewSchema.parse((await get('/v1/analytics/segments?dimension=hidden.plan')).body);
    // Every answer's invitation id is one value per answer: not a segment.
    expect(plan.dimensions).toEqual(['role', 'hidden.page', 'hidden.plan', 'hidden.utm_campaign']);
    expect(plan.segments.map((s) => [s.segment, s.accounts, s.figure.n])).toEqual([
      ['free', 1, 2],
      ['pro', 2, 3],
    ]);
    expect(plan.segments[0]!.figure.value).toBe(0);
    expect(plan.segments[1]!.figure.value).toBeCloseTo(100 / 3, 9);
    expect(plan.segments[1]!.figure.interval).toMatchObject({ method: 'cluster-robust', clusters: 2 });
    expect(plan.overall.n).toBe(5);
    const utm = SegmentsViewSchema.parse(
      (await get('/v1/analytics/segments?dimension=hidden.utm_campaign')).body,
    );
    expect(utm.segments.map((s) => [s.segment, s.figure.n, s.figure.value])).toEqual([['spring', 2, 100]]);
    const page = SegmentsViewSchema.parse((await get('/v1/analytics/segments?dimension=hidden.page')).body);
    expect(page.segments.map((s) => [s.segment, s.figure.n])).toEqual([['https://portal.test/orders', 5]]);
    // A field no answer carried is refused, naming the dimensions there are.
    const bad = await get('/v1/analytics/segments?dimension=hidden.invitation');
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0]).toMatchObject({ path: 'dimension' });
    expect(bad.body.error.issues[0].message).toContain('hidden.plan');
  });
});
