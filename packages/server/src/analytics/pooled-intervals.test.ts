import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OverviewViewSchema, SegmentsViewSchema, SurveyDefinitionSchema, tCritical } from '@cxkit/core';
import {
  createApp,
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

/**
 * One account (m0) answers ten times, all promoters; ten others answer twice, a promoter and a
 * detractor. 30 answers: 20 promoters, 10 detractors, NPS 33.3. Taken as independent the answers give a
 * narrow interval; as 11 accounts, m0's ten agreeing answers count for much less.
 */
const ACCOUNTS: [string, number[]][] = [
  ['m0', new Array<number>(10).fill(10)],
  ...Array.from({ length: 10 }, (_, i): [string, number[]] => [`m${i + 1}`, [10, 0]]),
];

describe.each(STORAGE_TARGETS)('pooled KPIs with cluster-robust intervals on $name', (target) => {
  let db: Database;
  let t: CreatedTenant;
  let app: ReturnType<typeof createApp>['app'];
  const get = async (path: string) => {
    const res = await app.request(`http://cxkit.test${path}`, { headers: adminHeaders(t) });
    return { status: res.status, body: await json(res) };
  };

  beforeAll(async () => {
    db = await target.open();
    t = await seedTenant(db, 'clusters');
    ({ app } = createApp({ db, config: testConfig(), logger: pino({ level: 'silent' }), now: () => NOW }));
    let i = 0;
    for (const [account, scores] of ACCOUNTS)
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
            role: 'user',
            channel: 'portal',
            answeredAt: '2026-06-01T10:00:00Z',
            answers: [{ kind: 'nps', questionId: 'nps', value: score }],
          },
          survey: SURVEY,
        })),
      );
    await upsertAccountSignals(
      db,
      t.id,
      ACCOUNTS.map(([accountId]) => ({ accountId, signals: { features: { sector: 'mining' } } })),
    );
  }, HOOK_TIMEOUT);
  afterAll(() => db.close(), HOOK_TIMEOUT);

  it("widens the segment, role and headline NPS for one account's many answers, by hand", async () => {
    // By hand: R = 10/30; cluster residuals y − R·n: m0 10 − 10/3, the others 0 − 2/3.
    const r = 1 / 3;
    const ss = (10 - 10 * r) ** 2 + 10 * (0 - 2 * r) ** 2;
    const se = 100 * Math.sqrt(((11 / 10) * ss) / 30 ** 2);
    // As if independent: Σ(x − R)² / N per answer (20 at +1, 10 at −1).
    const seIndependent = 100 * Math.sqrt((20 * (1 - r) ** 2 + 10 * (1 + r) ** 2) / 30 / 30);
    const half = tCritical(10, 0.95) * se;
    const sector = SegmentsViewSchema.parse((await get('/v1/analytics/segments?dimension=sector')).body);
    const role = SegmentsViewSchema.parse((await get('/v1/analytics/segments?dimension=role')).body);
    const overview = OverviewViewSchema.parse((await get('/v1/analytics/overview')).body);
    const figures = [
      sector.segments[0]!.figure,
      sector.overall,
      role.segments[0]!.figure,
      overview.kpis.find((k) => k.kpi === 'nps')!.figure,
    ];
    expect(sector.segments[0]).toMatchObject({ segment: 'mining', accounts: 11 });
    for (const f of figures) {
      expect(f.n).toBe(30);
      expect(f.value).toBeCloseTo(100 / 3, 9);
      const i = f.interval!;
      expect(i).toMatchObject({ method: 'cluster-robust', clusters: 11, level: 0.95 });
      expect(i.lower).toBeCloseTo(100 / 3 - half, 6);
      expect(i.upper).toBeCloseTo(100 / 3 + half, 6);
      expect(i.designEffect).toBeCloseTo((se / seIndependent) ** 2, 6);
      // The independent interval is kept for comparison and is much narrower.
      expect(i.independent!.upper - i.independent!.lower).toBeLessThan((i.upper - i.lower) * 0.8);
    }
  });
});
