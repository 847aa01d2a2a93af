import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountSummaryViewSchema } from '@cxkit/core';
import { recordAccountInsight, type CreatedTenant, type Database } from '@cxkit/server';
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

// Three people of one account over three months, with roles, verbatims, CSAT and CES.
const ANSWERS = [
  {
    who: 'ann',
    role: 'buyer',
    at: '2026-04-03T10:00:00Z',
    nps: 3,
    csat: 2,
    ces: 3,
    why: 'Deliveries were late',
  },
  {
    who: 'ann',
    role: 'buyer',
    at: '2026-06-01T10:00:00Z',
    nps: 6,
    csat: 3,
    ces: 4,
    why: 'Better, still slow',
  },
  { who: 'bob', role: 'user', at: '2026-05-10T10:00:00Z', nps: 10, csat: 5, ces: 7 },
  {
    who: 'bob',
    role: 'user',
    at: '2026-06-10T10:00:00Z',
    nps: 9,
    csat: 4,
    ces: 6,
    why: 'Great documentation',
  },
  {
    who: 'cyd',
    role: 'prescriber',
    at: '2026-05-20T10:00:00Z',
    nps: 'cant-recommend' as const,
    csat: 4,
    ces: 5,
  },
  { who: 'cyd', role: 'prescriber', at: '2025-01-20T10:00:00Z', nps: 0, csat: 1, ces: 1 }, // outside the 12-month window
];

describe.each(STORAGE_TARGETS)('GET /v1/accounts/:id/summary on $name', (target) => {
  let db: Database;
  let t: CreatedTenant;
  let app: ReturnType<typeof testApp>['app'];

  beforeAll(async () => {
    db = await target.open();
    t = await seedTenant(db);
    app = testApp(db, {}, () => NOW).app;
    for (const a of ANSWERS) {
      const r = npsResponse('umbrella', a.who, a.nps, {
        answeredAt: a.at,
        csat: a.csat,
        ces: a.ces,
        ...(a.why ? { why: a.why } : {}),
      });
      const res = await app.request('/v1/responses', {
        method: 'POST',
        headers: widgetHeaders(t, { account: 'umbrella', respondent: a.who, role: a.role }),
        body: JSON.stringify(r),
      });
      expect(res.status).toBe(200);
    }
  }, HOOK_TIMEOUT);
  afterAll(() => db.close(), HOOK_TIMEOUT);

  const summary = async (query = '') => {
    const res = await app.request(`/v1/accounts/umbrella/summary${query}`, { headers: adminHeaders(t) });
    expect(res.status).toBe(200);
    return AccountSummaryViewSchema.parse(await json(res));
  };

  it('pooled: equals the core KPIs over every answer in the window', async () => {
    const s = await summary('?mode=pooled');
    // Hand-computed from ANSWERS in the window: NPS answers 3, 6, 10, 9 (cyd can't recommend): 2 detractors,
    // 2 promoters, NPS 0 on n = 4. CSAT 2, 3, 5, 4, 4 on 1-5 with top box 4: 3 of 5 satisfied. CES 3, 4, 7, 6, 5.
    expect(s.nps.value).toBe(0);
    expect(s.nps.n).toBe(4);
    expect(s.nps.counts).toEqual({ detractors: 2, passives: 0, promoters: 2, cantRecommend: 1 });
    // Adjusted Wald (docs/kpis.md): counts 2.75 / 1.5 / 2.75 on n = 7, half-width 1.96 x sqrt(0.7857 / 7).
    expect(s.nps.interval).toMatchObject({ method: 'adjusted-wald' });
    expect(s.nps.interval?.lower).toBeCloseTo(-65.6646, 3);
    expect(s.nps.interval?.upper).toBeCloseTo(65.6646, 3);
    // Wilson for 3 of 5: [23.07, 88.24].
    expect(s.csat.interval?.lower).toBeCloseTo(23.0724, 3);
    expect(s.csat.interval?.upper).toBeCloseTo(88.2379, 3);
    expect(s.csat.value).toBeCloseTo(60, 10);
    expect(s.csat.n).toBe(5);
    expect(s.ces.value).toBeCloseTo(5, 10);
    expect(s.ces.scale).toEqual({ min: 1, max: 7 });
    expect(s.c2es).toMatchObject({ status: 'insufficient-data', n: 0, value: null });
    expect(s.window).toEqual({ from: '2025-07-01T00:00:00.000Z', to: NOW.toISOString(), mode: 'pooled' });
    expect(s.roles.map((r) => [r.role, r.nps.n, r.respondents])).toEqual([
      ['buyer', 2, 1],
      ['prescriber', 0, 1],
      ['user', 2, 1],
    ]);
  });

  it('role-weighted: rolls up each person latest answer with the tenant role weights', async () => {
    const s = await summary();
    // Each person's latest answer, weighted by the default role weights (buyer 3, prescriber 2, user 1):
    // NPS: ann 6 (detractor, 3) and bob 9 (promoter, 1); cyd can't recommend, so (1 - 3) / 4 = -50.
    expect(s.window.mode).toBe('role-weighted');
    expect(s.nps.value).toBeCloseTo(-50, 10);
    expect(s.nps.n).toBe(2);
    // Per-respondent: the same latest answers, one vote each.
    const per = await summary('?mode=per-respondent');
    expect(per.nps.n).toBe(2);
    expect(per.nps.value).toBe(0); // one detractor (ann, 6), one promoter (bob, 9); cyd can't recommend
    // CSAT and CES follow the same mode: ann 3, bob 4, cyd 4 are the latest CSAT answers (2 of 3 satisfied).
    expect(per.csat).toMatchObject({ n: 3 });
    expect(per.csat.value).toBeCloseTo(200 / 3, 10);
    // CES latest: ann 4 (3), bob 6 (1), cyd 5 (2): (12 + 6 + 10) / 6.
    expect(s.ces.value).toBeCloseTo(28 / 6, 10);
    expect(s.roles.find((r) => r.role === 'buyer')).toMatchObject({ weight: 3, respondents: 1 });
  });

  it('gives a monthly trend, counts and the latest verbatims', async () => {
    const s = await summary('?mode=pooled&months=3');
    expect(s.npsTrend.map((p) => [p.period, p.n])).toEqual([
      ['2026-04', 1],
      ['2026-05', 1],
      ['2026-06', 2],
    ]);
    expect(s.npsTrend[0]?.value).toBe(-100);
    expect(s.responses).toEqual({ total: 6, last90Days: 5, lastAnsweredAt: '2026-06-10T10:00:00.000Z' });
    expect(s.verbatims.map((v) => [v.text, v.score, v.role])).toEqual([
      ['Great documentation', 9, 'user'],
      ['Better, still slow', 6, 'buyer'],
      ['Deliveries were late', 3, 'buyer'],
    ]);
    expect(s.health).toBeNull();
    expect(s.churn).toBeNull();
  });

  it('says insufficient data for an account without answers', async () => {
    const res = await app.request('/v1/accounts/nobody/summary', { headers: adminHeaders(t) });
    const s = AccountSummaryViewSchema.parse(await json(res));
    expect(s.nps).toMatchObject({ status: 'insufficient-data', n: 0, value: null, interval: null });
    expect(s.responses).toEqual({ total: 0, last90Days: 0, lastAnsweredAt: null });
    expect(s.npsTrend).toHaveLength(12);
  });

  it('shows the latest stored health score and churn risk', async () => {
    await recordAccountInsight(
      db,
      t.id,
      'umbrella',
      {
        kind: 'health',
        value: {
          score: 40,
          band: 'watch',
          bandLabel: 'Watch',
          contributions: [],
          missing: ['usage'],
          change: null,
        },
      },
      new Date('2026-06-01T00:00:00Z'),
    );
    await recordAccountInsight(
      db,
      t.id,
      'umbrella',
      {
        kind: 'health',
        value: { score: 55, band: 'watch', bandLabel: 'Watch', contributions: [], missing: [], change: 15 },
      },
      new Date('2026-06-14T00:00:00Z'),
    );
    await recordAccountInsight(
      db,
      t.id,
      'umbrella',
      {
        kind: 'churn',
        value: { probability: 0.2, source: 'prior', horizonDays: 90, drivers: [] },
      },
      new Date('2026-06-14T00:00:00Z'),
    );
    const s = await summary();
    expect(s.health).toMatchObject({ score: 55, change: 15, computedAt: '2026-06-14T00:00:00.000Z' });
    expect(s.churn).toMatchObject({ probability: 0.2, source: 'prior' });
  });

  it('rejects unknown query parameters and bad modes', async () => {
    const res = await app.request('/v1/accounts/umbrella/summary?mode=loudest&foo=1', {
      headers: adminHeaders(t),
    });
    expect(res.status).toBe(400);
    const paths = (await json(res)).error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['mode', 'foo']));
  });
});
