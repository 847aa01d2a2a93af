import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ActionPlanViewSchema,
  AlertsViewSchema,
  AtRiskViewSchema,
  CorrelationsViewSchema,
  OverviewViewSchema,
  SegmentsViewSchema,
  SurveyDefinitionSchema,
  ThemesViewSchema,
  type Response,
} from '@cxkit/core';
import { signCardRequest, type HubSpotStandIn } from '@cxkit/hubspot-stand-in';
import {
  analyzePendingVerbatims,
  createApp,
  DriversViewSchema,
  PrioritiesViewSchema,
  hubspotAnalyticsFeature,
  raiseAlerts,
  recordAccountInsight,
  saveVersion,
  storeResponses,
  upsertAccountSignals,
  type CreatedTenant,
  type Database,
  type HubSpotSettings,
} from '@cxkit/server';
import { pino } from 'pino';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import { RELATIONSHIP_SURVEY, adminHeaders, json, seedTenant, testConfig } from '../test-support/fixtures.js';
import { hubspotStandIn, linkStandInPortal } from '../test-support/hubspot.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const SURVEY = SurveyDefinitionSchema.parse({ ...RELATIONSHIP_SURVEY, version: 1 });

/**
 * The portfolio: four accounts, one of which left. NPS answers (role, month):
 *   a1 energy, buyer, 2026-05: 10 10 9 8        -> 75 (3 promoters of 4)
 *   a2 retail, user,  2026-06: 0 5 9            -> -33.3
 *   a3 energy, user,  2026-06: 6 7   (churned)  -> -50
 *   a4 energy, user,  2026-06: 10 10            -> 100
 * All 11: 6 promoters, 3 detractors -> 27.27. Energy: 8 answers, 5 promoters, 1 detractor -> 50.
 */
const ANSWERS: [account: string, role: string, month: string, scores: number[]][] = [
  ['a1', 'buyer', '2026-05-10', [10, 10, 9, 8]],
  ['a2', 'user', '2026-06-02', [0, 5, 9]],
  ['a3', 'user', '2026-06-03', [6, 7]],
  ['a4', 'user', '2026-06-04', [10, 10]],
];

describe.each(STORAGE_TARGETS)('analytics API on $name', (target) => {
  let db: Database;
  let t: CreatedTenant;
  let other: CreatedTenant;
  let hs: HubSpotStandIn;
  let settings: HubSpotSettings;
  let app: ReturnType<typeof createApp>['app'];

  const get = async (path: string, who = t) => {
    const res = await app.request(`http://cxkit.test${path}`, { headers: adminHeaders(who) });
    return { status: res.status, body: await json(res) };
  };

  beforeAll(async () => {
    db = await target.open();
    t = await seedTenant(db, 'acme');
    other = await seedTenant(db, 'globex', ['https://globex.test']);
    ({ hs, settings } = await hubspotStandIn());
    await linkStandInPortal(db, hs, settings, t.id);
    ({ app } = createApp({
      db,
      config: testConfig(),
      logger: pino({ level: 'silent' }),
      now: () => NOW,
      features: [hubspotAnalyticsFeature(settings)],
    }));
    const texts = ['The invoice was wrong again', 'Invoices are late and confusing', 'Great people'];
    let i = 0;
    for (const [account, role, day, scores] of ANSWERS)
      await storeResponses(
        db,
        t.id,
        scores.map((score, k) => {
          const text = account === 'a2' ? texts[k] : undefined;
          const response: Response = {
            id: randomUUID(),
            surveyId: 'relationship',
            surveyVersion: 1,
            accountId: account,
            respondentId: `p${i++}@${account}.test`,
            role,
            channel: 'portal',
            answeredAt: `${day}T10:00:00Z`,
            answers: [
              { kind: 'nps', questionId: 'nps', value: score },
              ...(text ? [{ kind: 'text' as const, questionId: 'why', value: text }] : []),
              // a2's people are dissatisfied with the touchpoint (1 of 5), everyone else satisfied
              { kind: 'csat' as const, questionId: 'csat', value: account === 'a2' ? 1 : 5 },
            ],
          };
          return { response, survey: SURVEY };
        }),
      );
    // Another tenant's answers never show.
    await storeResponses(db, other.id, [
      {
        response: {
          id: randomUUID(),
          surveyId: 'relationship',
          surveyVersion: 1,
          accountId: 'a1',
          respondentId: 'x@globex.test',
          channel: 'portal',
          answeredAt: '2026-06-01T10:00:00Z',
          answers: [{ kind: 'nps', questionId: 'nps', value: 0 }],
        },
        survey: SURVEY,
      },
    ]);
    await upsertAccountSignals(db, t.id, [
      { accountId: 'a1', signals: { mrr: 1000, activeUsers: 10, features: { sector: 'energy' } } },
      { accountId: 'a2', signals: { mrr: 500, activeUsers: 5, features: { sector: 'retail' } } },
      {
        accountId: 'a3',
        signals: {
          mrr: 800,
          activeUsers: 1,
          churnedAt: '2026-06-10T00:00:00Z',
          features: { sector: 'energy' },
        },
      },
      { accountId: 'a4', signals: { mrr: 2000, activeUsers: 20, features: { sector: 'energy' } } },
    ]);
    // The tenant's own dictionary: one theme, "billing", the default themes gone.
    await saveVersion(
      db,
      t.id,
      'themes',
      '',
      [
        {
          id: 'billing',
          label: { en: 'Billing', fr: 'Facturation' },
          terms: { en: ['invoice*'], fr: ['factur*'] },
        },
      ],
      'test',
    );
    while ((await analyzePendingVerbatims({ db })).responses > 0);
    const health = (score: number, band: string) => ({
      kind: 'health' as const,
      value: { score, band, bandLabel: band, contributions: [], missing: [], change: null },
    });
    const churn = (probability: number) => ({
      kind: 'churn' as const,
      value: {
        probability,
        source: 'prior' as const,
        horizonDays: 90,
        drivers: [{ feature: 'nps', contribution: 0.4, text: 'Low NPS' }],
      },
    });
    await recordAccountInsight(db, t.id, 'a1', health(70, 'healthy'), NOW);
    await recordAccountInsight(db, t.id, 'a1', churn(0.2), NOW);
    await recordAccountInsight(db, t.id, 'a2', health(30, 'at-risk'), NOW);
    await recordAccountInsight(db, t.id, 'a2', churn(0.6), NOW);
    await recordAccountInsight(db, t.id, 'a3', churn(0.9), NOW);
    await raiseAlerts(
      db,
      t.id,
      [
        {
          dedupKey: 'low|account:a2|2026-06|nps',
          ruleId: 'low',
          ruleKind: 'threshold',
          metric: 'nps',
          severity: 'critical',
          target: { type: 'account', accountId: 'a2' },
          period: '2026-06',
          value: -33,
          title: 'NPS -33 is below 0 for account a2',
          details: { n: 3 },
        },
      ],
      { webhookUrl: null, webhookSecret: null, hubspotTasks: false },
      NOW,
    );
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await hs.close();
    await db.close();
  }, HOOK_TIMEOUT);

  it('gives the headline NPS with its interval, n and small-sample state, against the target', async () => {
    expect((await get('/v1/analytics/targets')).body).toMatchObject({ version: 0, targets: {} });
    const put = await app.request('http://cxkit.test/v1/analytics/targets', {
      method: 'PUT',
      headers: adminHeaders(t, { 'x-cx-actor': 'ana@acme.test' }),
      body: JSON.stringify({ nps: 30, csat: 120 }),
    });
    expect(put.status).toBe(400);
    expect((await json(put)).error.issues[0].path).toBe('csat');
    // The actor recorded with the version is checked as on every admin route, not cut short.
    const longActor = await app.request('http://cxkit.test/v1/analytics/targets', {
      method: 'PUT',
      headers: adminHeaders(t, { 'x-cx-actor': 'a'.repeat(129) }),
      body: JSON.stringify({ nps: 30 }),
    });
    expect(longActor.status).toBe(400);
    expect(JSON.stringify(await json(longActor))).toContain('X-Cx-Actor');
    await app.request('http://cxkit.test/v1/analytics/targets', {
      method: 'PUT',
      headers: adminHeaders(t),
      body: JSON.stringify({ nps: 30 }),
    });

    const { status, body } = await get('/v1/analytics/overview?months=12');
    expect(status).toBe(200);
    const view = OverviewViewSchema.parse(body);
    const headline = view.kpis.find((k) => k.kpi === 'nps')!;
    expect(headline.figure.n).toBe(11);
    expect(headline.figure.value).toBeCloseTo((100 * (6 - 3)) / 11, 6);
    expect(headline.figure.smallSample).toBe(true);
    // Pooled over accounts: the interval is cluster-robust (4 accounts), the single-sample one kept beside it.
    expect(headline.figure.interval).toMatchObject({ method: 'cluster-robust', clusters: 4 });
    // The independent one is adjusted Wald (docs/kpis.md) by hand: counts 3.75 / 3.5 / 6.75 on n = 14.
    expect(headline.figure.interval?.independent?.lower).toBeCloseTo(-22.5251, 3);
    expect(headline.figure.interval?.independent?.upper).toBeCloseTo(65.3823, 3);
    expect(headline.target).toMatchObject({ target: 30, met: false, verdict: 'not-distinguishable' });
    expect(headline.target?.gap).toBeCloseTo((100 * 3) / 11 - 30, 1);
    // Twelve months on the axis; May 75 on 4 answers, June 0 on 7, the change measured from May.
    expect(headline.trend.map((p) => p.period)).toHaveLength(12);
    expect(headline.trend[0]!.period).toBe('2025-07');
    const may = headline.trend.find((p) => p.period === '2026-05')!;
    const june = headline.trend.find((p) => p.period === '2026-06')!;
    expect([may.n, may.value]).toEqual([4, 75]);
    expect([june.n, june.value]).toEqual([7, 0]);
    expect(june.change).toMatchObject({ comparedWith: '2026-05', delta: -75 });
    expect(headline.trend.find((p) => p.period === '2026-01')).toMatchObject({ n: 0, value: null });
    // CSAT: 8 of 11 answers in the top box (4-5 of 5); C2ES was never asked: insufficient, never a number.
    const csat = view.kpis.find((k) => k.kpi === 'csat')!;
    expect(csat.figure.n).toBe(11);
    expect(csat.figure.value).toBeCloseTo(800 / 11, 9);
    const c2es = view.kpis.find((k) => k.kpi === 'c2es')!;
    expect(c2es.figure).toMatchObject({ status: 'insufficient-data', n: 0, value: null, smallSample: true });
    expect(view.accounts).toEqual({ total: 4, active: 3, churned: 1 });
    expect(view.health).toMatchObject({ scored: 2, mean: 50 });
    // The churned account's risk is not exposure: 0.2 + 0.6 expected, 0.2 × 1000 + 0.6 × 500 of MRR.
    expect(view.churn).toEqual({ scored: 2, expectedChurners: 0.8, expectedMrrAtRisk: 500, mrrKnown: 2 });
  });

  it('segments by any account attribute and by role, each with n', async () => {
    const sector = SegmentsViewSchema.parse((await get('/v1/analytics/segments?dimension=sector')).body);
    expect(sector.dimensions).toEqual(['role', 'sector']);
    expect(sector.segments.map((s) => [s.segment, s.accounts, s.figure.n])).toEqual([
      ['energy', 3, 8],
      ['retail', 1, 3],
    ]);
    expect(sector.segments[0]!.figure.value).toBeCloseTo(50, 9);
    expect(sector.segments[1]!.figure.value).toBeCloseTo((100 * (1 - 2)) / 3, 9);
    const roles = SegmentsViewSchema.parse((await get('/v1/analytics/segments?dimension=role')).body);
    expect(roles.segments.map((s) => [s.segment, s.figure.n, s.figure.value])).toEqual([
      ['buyer', 4, 75],
      ['user', 7, 0],
    ]);
    const bad = await get('/v1/analytics/segments?dimension=colour');
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0]).toMatchObject({ path: 'dimension' });
    expect(bad.body.error.issues[0].message).toContain('sector');
    expect((await get('/v1/analytics/segments?kpi=ppp')).status).toBe(400);
    expect((await get('/v1/analytics/segments?dimenson=sector')).status).toBe(400);
  });

  it('correlates account NPS with retention, revenue and usage through correlateAccounts', async () => {
    const view = CorrelationsViewSchema.parse((await get('/v1/analytics/correlations?minAnswers=1')).body);
    const row = (outcome: string) =>
      view.correlations.find((c) => c.metric === 'NPS' && c.outcome === outcome)!;
    // Active accounts a1 (75), a2 (-33), a4 (100): MRR 1000, 500, 2000 and users 10, 5, 20 rank alike.
    expect(row('monthly recurring revenue')).toMatchObject({ n: 3, rho: 1, smallSample: true, status: 'ok' });
    expect(row('usage (active users)')).toMatchObject({ n: 3, rho: 1 });
    // Retention over all four: the churned a3 has the lowest NPS.
    expect(row('retention (still a customer)').n).toBe(4);
    expect(row('retention (still a customer)').rho).toBeGreaterThan(0);
    // With 3 answers needed, a3 (2 answers) and a4 (2) drop out.
    const strict = CorrelationsViewSchema.parse((await get('/v1/analytics/correlations')).body);
    expect(strict.correlations.find((c) => c.metric === 'NPS' && c.outcome.startsWith('retention'))!.n).toBe(
      2,
    );
  });

  it('ranks active accounts at risk by the stored churn risk, with drivers and NPS', async () => {
    const view = AtRiskViewSchema.parse((await get('/v1/analytics/at-risk')).body);
    expect(view.ranked).toBe(2);
    expect(view.accounts.map((a) => a.accountId)).toEqual(['a2', 'a1']);
    expect(view.accounts[0]).toMatchObject({
      mrr: 500,
      churn: { probability: 0.6, drivers: [{ text: 'Low NPS' }] },
      health: { score: 30, band: 'at-risk' },
      nps: { n: 3 },
    });
  });

  it("labels themes with the tenant's dictionary, in the asked language", async () => {
    const en = ThemesViewSchema.parse((await get('/v1/analytics/themes')).body);
    expect(en.themes.map((x) => [x.theme, x.label, x.count, x.accounts])).toEqual([
      ['billing', 'Billing', 2, 1],
    ]);
    expect(en.themes[0]!.negativeShare).toMatchObject({ n: 2, unit: 'percent', smallSample: true });
    expect(en.themes[0]!.examples[0]!.text).toMatch(/invoice/i);
    const fr = ThemesViewSchema.parse((await get('/v1/analytics/themes?language=fr')).body);
    expect(fr.themes[0]!.label).toBe('Facturation');
  });

  it('counts alerts by severity and names their accounts', async () => {
    const view = AlertsViewSchema.parse((await get('/v1/analytics/alerts')).body);
    expect(view).toMatchObject({ total: 1, open: 1, bySeverity: { critical: { total: 1, open: 1 } } });
    expect(view.latest[0]).toMatchObject({ target: { id: 'a2' }, accountName: null });
  });

  it("keeps tenants apart and refuses requests without the admin key or HubSpot's signature", async () => {
    const globex = OverviewViewSchema.parse((await get('/v1/analytics/overview', other)).body);
    expect(globex.kpis.find((k) => k.kpi === 'nps')!.figure).toMatchObject({ n: 1, value: -100 });
    expect((await app.request('http://cxkit.test/v1/analytics/overview')).status).toBe(401);
    expect((await app.request('http://cxkit.test/v1/hubspot/analytics/overview?portalId=1')).status).toBe(
      401,
    );
  });

  it('serves the same figures to the HubSpot app, signed, the portal selecting the tenant', async () => {
    const signed = (path: string, secret = hs.clientSecret) => {
      const r = signCardRequest(
        `http://cxkit.test${path}`,
        { method: 'GET' },
        {
          portalId: hs.portalId,
          appId: hs.appId,
          userId: 1001,
          userEmail: 'admin@acme.test',
          clientSecret: secret,
          timestamp: NOW.getTime(),
        },
      );
      return app.request(r.url, { headers: r.headers });
    };
    for (const path of [
      'overview',
      'segments?dimension=sector',
      'at-risk',
      'themes',
      'alerts',
      'correlations',
    ]) {
      const res = await signed(`/v1/hubspot/analytics/${path}`);
      expect(res.status, path).toBe(200);
      expect(await res.json()).toEqual((await get(`/v1/analytics/${path}`)).body);
    }
    expect((await signed('/v1/hubspot/analytics/overview', 'wrong-secret')).status).toBe(401);
  });

  it('finds what pulls NPS down: gap with interval, points at stake, accounts and revenue exposed', async () => {
    const { status, body } = await get('/v1/analytics/drivers');
    expect(status).toBe(200);
    const view = DriversViewSchema.parse(body);
    // Active accounts only: a1, a2, a4 (9 answers).
    expect(view.accounts).toBe(3);
    const csat = view.drivers.find((d) => d.id === 'touchpoint:relationship/csat')!;
    expect(csat).toMatchObject({ status: 'ok', accounts: 1, mrr: 500, exposedAnswers: 3, otherAnswers: 6 });
    // a2: 1 promoter, 2 detractors of 3 = -33.3; a1 + a4: 5 promoters of 6 = 83.3.
    expect(csat.exposedNps).toBeCloseTo(-100 / 3, 9);
    expect(csat.otherNps).toBeCloseTo(500 / 6, 9);
    expect(csat.gap).toBeCloseTo(-100 / 3 - 500 / 6, 9);
    expect(csat.impact).toBeCloseTo(((100 / 3 + 500 / 6) * 3) / 9, 9);
    // 3 answers against 6: the interval is honest about it and still includes no effect.
    expect(csat.gapInterval!.lower).toBeLessThan(-150);
    expect(csat.gapInterval!.upper).toBeGreaterThan(0);
    expect(csat.pullsDown).toBe(false);
    expect(csat.smallSample).toBe(true);
    // Only a2 wrote comments: the billing theme has nobody to compare with.
    expect(view.drivers.find((d) => d.id === 'theme:billing')).toMatchObject({
      status: 'insufficient-data',
      accounts: 1,
      impact: null,
    });
    expect(view.drivers[0]!.id).toBe('touchpoint:relationship/csat');
  });

  it("ranks admins' candidate actions on the seed's matrix, quick wins first, each explained", async () => {
    const post = (body: Record<string, unknown>) =>
      app.request('http://cxkit.test/v1/analytics/actions', {
        method: 'POST',
        headers: adminHeaders(t, { 'x-cx-actor': 'ana@acme.test' }),
        body: JSON.stringify(body),
      });
    const bad = await post({ title: 'x', driver: 'theme:billing', complexity: 'huge', cost: 'low' });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.issues[0].path).toBe('complexity');
    const ids: Record<string, string> = {};
    for (const [key, driver, complexity, cost] of [
      ['unknown', 'signal:nothing', 'high', 'high'],
      ['billing', 'theme:billing', 'low', 'low'],
      ['rebuild', 'touchpoint:relationship/csat', 'high', 'medium'],
      ['script', 'touchpoint:relationship/csat', 'low', 'low'],
    ] as const) {
      const res = await post({ title: key, driver, complexity, cost });
      expect(res.status).toBe(201);
      ids[key] = (await json(res)).id;
    }
    const view = PrioritiesViewSchema.parse((await get('/v1/analytics/priorities')).body);
    // The CSAT gap is not significant on 9 answers: no action has a measured high impact yet, so the
    // low-effort ones come first (the larger points at stake first), then the costly ones.
    expect(view.ranked.map((r) => [r.rank, r.title, r.quadrant])).toEqual([
      [1, 'script', 'fill-in'],
      [2, 'billing', 'fill-in'],
      [3, 'rebuild', 'deprioritise'],
      [4, 'unknown', 'deprioritise'],
    ]);
    expect(view.ranked[0]!.explanation).toMatch(/^Fill-in/);
    expect(view.ranked[0]!.explanation).toContain('1 accounts concerned with 500 of monthly revenue');
    expect(view.ranked[0]!.explanation).toContain('not distinguishable from no effect');
    expect(view.ranked[1]!.explanation).toContain('too few answers');
    expect(view.ranked[3]!.explanation).toContain('impact is unknown');

    const put = await app.request(`http://cxkit.test/v1/analytics/actions/${ids['script']}`, {
      method: 'PUT',
      headers: adminHeaders(t),
      body: JSON.stringify({
        title: 'script',
        driver: 'touchpoint:relationship/csat',
        complexity: 'high',
        cost: 'high',
      }),
    });
    expect(put.status).toBe(200);
    const del = await app.request(`http://cxkit.test/v1/analytics/actions/${ids['unknown']}`, {
      method: 'DELETE',
      headers: adminHeaders(t),
    });
    expect(del.status).toBe(204);
    const again = await app.request(`http://cxkit.test/v1/analytics/actions/${ids['unknown']}`, {
      method: 'DELETE',
      headers: adminHeaders(t),
    });
    expect(again.status).toBe(404);
    // Another tenant sees none of them.
    expect((await get('/v1/analytics/actions', other)).body.actions).toEqual([]);
    const after = PrioritiesViewSchema.parse((await get('/v1/analytics/priorities')).body);
    expect(after.ranked.map((r) => r.title)).toEqual(['billing', 'rebuild', 'script']);
  });

  it('follows an action plan: SMART objective, owner, checkpoints measured by the metric with n', async () => {
    const created = await app.request('http://cxkit.test/v1/analytics/actions', {
      method: 'POST',
      headers: adminHeaders(t),
      body: JSON.stringify({
        title: 'Energy accounts review',
        driver: 'theme:billing',
        complexity: 'low',
        cost: 'low',
      }),
    });
    const { id } = await json(created);
    const plan = (over: Record<string, unknown> = {}) => ({
      objective: {
        metric: 'nps',
        scope: { type: 'segment', attribute: 'sector', value: 'energy' },
        target: 40,
        start: '2026-05-01',
        deadline: '2026-09-30',
      },
      owner: { hubspotOwnerId: '7001', email: 'csm@acme.test', name: 'Camille' },
      status: 'in-progress',
      checkpoints: ['2026-05-31', '2026-06-14', '2026-08-31'],
      ...over,
    });
    const put = (body: unknown) =>
      app.request(`http://cxkit.test/v1/analytics/actions/${id}/plan`, {
        method: 'PUT',
        headers: adminHeaders(t),
        body: JSON.stringify(body),
      });
    const late = await put(plan({ checkpoints: ['2026-06-30', '2026-06-01'] }));
    expect(late.status).toBe(400);
    expect((await json(late)).error.issues.map((i: { path: string }) => i.path)).toEqual(['checkpoints.1']);
    const noOwner = await put(plan({ owner: { email: 'not an email' } }));
    expect((await json(noOwner)).error.issues[0].path).toBe('owner.email');
    expect((await put(plan())).status).toBe(200);

    const view = ActionPlanViewSchema.parse((await get('/v1/analytics/plan')).body);
    const mine = view.actions.find((a) => a.actionId === id)!;
    expect(mine.plan.owner.email).toBe('csm@acme.test');
    // Energy: May is a1's 4 answers (NPS 75); June to the 14th is a3's 6, 7 and a4's 10, 10 (NPS 25).
    expect(
      mine.checkpoints.map((c) => [c.date, c.due, c.figure?.n ?? null, c.figure?.value ?? null]),
    ).toEqual([
      ['2026-05-31', true, 4, 75],
      ['2026-06-14', true, 4, 25],
      ['2026-08-31', false, null, null],
    ]);
    expect(mine.checkpoints[1]!.figure!.smallSample).toBe(true);
    expect(mine.checkpoints[1]!.verdict).toBe('not-distinguishable');
    expect(mine.checkpoints[2]!.verdict).toBe('not-due');
    expect(mine.latestVerdict).toBe('not-distinguishable');
    // No answer in the 3 months before the start: no baseline, no change.
    expect(mine.baseline).toMatchObject({ status: 'insufficient-data', n: 0 });
    expect(mine.checkpoints[0]!.changeFromBaseline).toBeNull();

    // The same plan on the buyers: only a1's May answers.
    await put(plan({ objective: { ...plan().objective, scope: { type: 'role', role: 'buyer' } } }));
    const buyers = ActionPlanViewSchema.parse((await get('/v1/analytics/plan')).body).actions.find(
      (a) => a.actionId === id,
    )!;
    expect(buyers.checkpoints.map((c) => c.figure?.n ?? null)).toEqual([4, 0, null]);
    const out = await app.request(`http://cxkit.test/v1/analytics/actions/${id}/plan`, {
      method: 'DELETE',
      headers: adminHeaders(t),
    });
    expect((await json(out)).plan).toBeNull();
    expect(ActionPlanViewSchema.parse((await get('/v1/analytics/plan')).body).actions).toEqual([]);
  });

  it('serves the monthly report as HTML, to the admin and behind a signed link from the app', async () => {
    const res = await app.request('http://cxkit.test/v1/analytics/report?month=2026-06', {
      headers: adminHeaders(t),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('ACME: customer experience, 2026-06');
    // June: 7 NPS answers, 3 promoters and 3 detractors; down 75 points from May's 4 answers, which is
    // within the noise of so few answers, so not reported as a change that matters.
    expect(html).toContain('<th scope="row">NPS</th><td>0 (95 % interval');
    expect(html).toContain('n = 7, small sample');
    expect(html).toContain('No significant change from the previous month.');
    expect(html).toContain('NPS -33 is below 0 for account a2');
    expect(html).toContain('<td>Billing</td>');
    expect(
      (await app.request('http://cxkit.test/v1/analytics/report?month=2026-13', { headers: adminHeaders(t) }))
        .status,
    ).toBe(400);

    const signed = signCardRequest(
      'http://cxkit.test/v1/hubspot/analytics/report-link?month=2026-06',
      { method: 'GET' },
      {
        portalId: hs.portalId,
        appId: hs.appId,
        userId: 1001,
        userEmail: 'admin@acme.test',
        clientSecret: hs.clientSecret,
        timestamp: NOW.getTime(),
      },
    );
    const link = await json(await app.request(signed.url, { headers: signed.headers }));
    expect(link.month).toBe('2026-06');
    const opened = await app.request(link.url);
    expect(opened.status).toBe(200);
    expect(await opened.text()).toBe(html);
    const tampered = link.url.replace(/token=([^.]+)/, (_: string, p: string) => `token=${p.slice(0, -2)}xx`);
    expect((await app.request(tampered)).status).toBe(401);
  });

  it('documents every analytics route with its real authentication', async () => {
    const doc = await json(await app.request('http://cxkit.test/openapi.json'));
    expect(doc.paths['/v1/analytics/overview'].get.security).toEqual([{ adminKey: [] }]);
    expect(doc.paths['/v1/hubspot/analytics/themes'].get.security).toEqual([
      { hubspotSignature: [], hubspotTimestamp: [] },
    ]);
    expect(doc.components.securitySchemes.hubspotSignature.name).toBe('X-HubSpot-Signature-v3');
    for (const p of ['overview', 'segments', 'correlations', 'at-risk', 'themes', 'alerts', 'targets'])
      expect(doc.paths[`/v1/analytics/${p}`], p).toBeDefined();
  });
});
