import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AccountSummaryViewSchema,
  DEFAULT_HEALTH_CONFIG,
  HealthConfigSchema,
  MIN_CHURN_EVENTS,
  computeHealthScore,
  computeHealthScores,
  type HealthConfig,
  type HealthInput,
} from '@cxkit/core';
import {
  insightsJobOf,
  loadHealthInputs,
  previewHealthConfig,
  recomputeInsights,
  saveVersion,
  stopBackground,
  upsertAccountSignals,
  type AccountSignals,
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
const DAY = 86_400_000;

/** Deterministic generator (mulberry32) for synthetic tenants. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The documented mapping from signals to health components, written out independently of the server. */
function inputOf(accountId: string, s: AccountSignals): HealthInput {
  return {
    accountId,
    values: {
      usageFrequency: s.activeDays,
      activeUsers: s.activeUsers,
      featuresUsed: s.featuresUsed,
      openTickets: s.openTickets,
      fcr: s.fcrPercent,
      timeToResolutionHours: s.resolutionHours,
      mrrTrend: s.mrrTrendPercent,
      paymentIssues: s.paymentIssues,
    },
  };
}

/** A synthetic tenant: `churned` of `total` accounts left; churned ones had fewer active days and more tickets. */
function syntheticSignals(total: number, churned: number, seed: number) {
  const r = rng(seed);
  return Array.from({ length: total }, (_, i) => {
    const left = i < churned;
    const risky = left ? r() < 0.85 : r() < 0.2;
    const signals: AccountSignals = {
      activeDays: Math.round(risky ? 2 + r() * 8 : 12 + r() * 18),
      activeUsers: Math.round(risky ? 1 + r() * 5 : 5 + r() * 40),
      openTickets: Math.round(risky ? 3 + r() * 8 : r() * 3),
      fcrPercent: Math.round(40 + r() * 50),
      paymentIssues: risky && r() < 0.5 ? 1 : 0,
      features: {
        plan: risky ? 'monthly' : r() < 0.7 ? 'annual' : 'monthly',
        seats: Math.round(5 + r() * 100),
      },
      ...(left ? { churnedAt: new Date(NOW.getTime() - (10 + i) * DAY).toISOString() } : {}),
    };
    return { accountId: `acc-${String(i).padStart(4, '0')}`, signals, risky };
  });
}

describe.each(STORAGE_TARGETS)('health and churn insights on $name', (target) => {
  let db: Database;
  let t: CreatedTenant;
  let other: CreatedTenant;
  let app: ReturnType<typeof testApp>['app'];
  let now = NOW;

  beforeAll(async () => {
    db = await target.open();
    t = await seedTenant(db, 'acme');
    other = await seedTenant(db, 'globex', ['https://app.globex.test']);
    app = testApp(db, { INSIGHTS_INTERVAL_MS: 0 }, () => now).app;
  }, HOOK_TIMEOUT);
  afterAll(() => db.close(), HOOK_TIMEOUT);

  const summary = async (tenant: CreatedTenant, account: string) => {
    const res = await app.request(`/v1/accounts/${account}/summary`, { headers: adminHeaders(tenant) });
    expect(res.status).toBe(200);
    return AccountSummaryViewSchema.parse(await json(res));
  };
  const put = (tenant: CreatedTenant, account: string, body: unknown) =>
    app.request(`/v1/admin/accounts/${account}/signals`, {
      method: 'PUT',
      headers: adminHeaders(tenant),
      body: JSON.stringify(body),
    });
  const post = (tenant: CreatedTenant, path: string, body?: unknown) =>
    app.request(path, {
      method: 'POST',
      headers: adminHeaders(tenant),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  /** Posts one answer per row (an NPS, optionally CSAT and CES) to `account`, each by its respondent at its time. */
  const answerAll = async (
    tenant: CreatedTenant,
    account: string,
    rows: { who: string; at: string; nps: number; csat?: number; ces?: number }[],
  ) => {
    for (const a of rows) {
      const res = await app.request('/v1/responses', {
        method: 'POST',
        headers: widgetHeaders(tenant, { account, respondent: a.who }),
        body: JSON.stringify(
          npsResponse(account, a.who, a.nps, {
            answeredAt: a.at,
            ...(a.csat === undefined ? {} : { csat: a.csat }),
            ...(a.ces === undefined ? {} : { ces: a.ces }),
          }),
        ),
      });
      expect(res.status).toBe(200);
    }
  };

  it('recompute stores health and churn that the account summary returns', async () => {
    const answers = [
      { who: 'ann', at: '2026-02-10T10:00:00Z', nps: 9, csat: 5 },
      { who: 'bob', at: '2026-03-03T10:00:00Z', nps: 10, csat: 5 },
      { who: 'ann', at: '2026-05-10T10:00:00Z', nps: 6, csat: 3 },
      { who: 'bob', at: '2026-06-01T10:00:00Z', nps: 9, csat: 4 },
      { who: 'cyd', at: '2026-06-10T10:00:00Z', nps: 2, csat: 2 },
    ];
    await answerAll(t, 'umbrella', answers);
    const signals = { openTickets: 3, fcrPercent: 65, paymentIssues: 0, mrrTrendPercent: -5 };
    expect((await put(t, 'umbrella', signals)).status).toBe(200);

    const res = await post(t, '/v1/admin/insights/recompute');
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({
      accounts: 1,
      scored: 1,
      risks: 1,
      source: 'prior',
      churnEvents: 0,
    });

    // By hand: the last 3 months (April-June) against the 3 before (January-March). NPS now: ann 6, bob 9,
    // cyd 2 = 1 promoter, 2 detractors of 3 = -33.3; before: 9 and 10 = 100. CSAT (top box 4-5 of 1-5) now:
    // 3, 4, 2 = 1 of 3; before: 5 and 5 = 100 %. The health score's own arithmetic is core's (tested there).
    const npsNow = -100 / 3;
    const csatNow = 100 / 3;
    const expected = computeHealthScore(
      {
        accountId: 'umbrella',
        values: {
          nps: npsNow,
          npsTrend: npsNow - 100,
          csat: csatNow,
          csatTrend: csatNow - 100,
          openTickets: 3,
          fcr: 65,
          paymentIssues: 0,
          mrrTrend: -5,
          daysSinceLastAnswer: (NOW.getTime() - Date.parse('2026-06-10T10:00:00Z')) / DAY,
        },
      },
      DEFAULT_HEALTH_CONFIG,
      // What this one-account tenant collects: the components it has no value for count nowhere.
      {
        collected: new Set([
          'nps',
          'npsTrend',
          'csat',
          'csatTrend',
          'openTickets',
          'fcr',
          'paymentIssues',
          'mrrTrend',
          'daysSinceLastAnswer',
        ]),
      },
    );
    if (expected.status !== 'ok') throw new Error('expected a score');
    expect(expected.coverage).toBe(1);

    const s = await summary(t, 'umbrella');
    expect(s.health?.score).toBeCloseTo(expected.score, 9);
    expect(s.health?.band).toBe(expected.band);
    expect(s.health?.coverage).toBeCloseTo(expected.coverage, 9);
    expect(s.health?.missing).toEqual(
      expect.arrayContaining(['ces', 'activeUsers', 'daysSinceLastActivity']),
    );
    expect(s.health?.contributions.reduce((a, c) => a + c.points, 0)).toBeCloseTo(s.health?.score ?? -1, 9);
    expect(s.health?.change).toBeNull();
    expect(s.health?.computedAt).toBe(NOW.toISOString());
    expect(s.churn).toMatchObject({ source: 'prior', horizonDays: 90, computedAt: NOW.toISOString() });
    expect(s.churn?.reason).toContain(`fewer than ${MIN_CHURN_EVENTS}`);
    expect(s.churn?.drivers.length).toBeGreaterThan(0);
  });

  it('describes a churned account as it was in its last months as a customer', async () => {
    const initech = await seedTenant(db, 'initech', ['https://app.initech.test']);
    const answers = [
      { who: 'ann', at: '2025-09-10T10:00:00Z', nps: 9 },
      { who: 'bob', at: '2025-10-03T10:00:00Z', nps: 10 },
      { who: 'ann', at: '2025-11-10T10:00:00Z', nps: 4 },
      { who: 'bob', at: '2026-01-08T10:00:00Z', nps: 6 },
      { who: 'cyd', at: '2026-01-12T10:00:00Z', nps: 9 },
    ];
    await answerAll(initech, 'leaver', answers);
    const churnedAt = '2026-01-20T00:00:00Z';
    expect((await put(initech, 'leaver', { churnedAt, activeUsers: 2 })).status).toBe(200);

    const [leaver] = await loadHealthInputs(db, initech.id, { now: NOW });
    // Measured at its churn date: November-January against August-October, not today's empty window.
    // By hand: November-January: ann 4, bob 6, cyd 9 = -33.3; August-October: 9 and 10 = 100.
    expect(leaver?.churnedAt?.toISOString()).toBe(new Date(churnedAt).toISOString());
    expect(leaver?.input.values['nps']).toBeCloseTo(-100 / 3, 9);
    expect(leaver?.input.values['npsTrend']).toBeCloseTo(-100 / 3 - 100, 9);
    expect(leaver?.input.values['daysSinceLastAnswer']).toBeCloseTo(
      (Date.parse(churnedAt) - Date.parse('2026-01-12T10:00:00Z')) / DAY,
      9,
    );
  });

  it('supplies the CES trend: the last 3 months against the 3 before, on the 1-7 scale', async () => {
    const pied = await seedTenant(db, 'pied-piper', ['https://app.pied.test']);
    await answerAll(pied, 'hooli', [
      { who: 'ann', at: '2026-02-10T10:00:00Z', nps: 8, ces: 3 },
      { who: 'bob', at: '2026-03-03T10:00:00Z', nps: 8, ces: 4 },
      { who: 'ann', at: '2026-05-10T10:00:00Z', nps: 8, ces: 6 },
      { who: 'bob', at: '2026-06-01T10:00:00Z', nps: 8, ces: 7 },
    ]);
    const [hooli] = await loadHealthInputs(db, pied.id, { now: NOW });
    expect(hooli?.input.values['ces']).toBeCloseTo(6.5, 9);
    expect(hooli?.input.values['cesTrend']).toBeCloseTo(6.5 - 3.5, 9);
  });

  it("recomputes a tenant's health shortly after its answers, and no more once stopped", async () => {
    const hooli = await seedTenant(db, 'hooli', ['https://app.hooli.test']);
    const { app: quick, services } = testApp(db, { INSIGHTS_INTERVAL_MS: 0, INSIGHTS_AFTER_ANSWER_MS: 50 });
    const answer = (who: string, score: number) =>
      quick.request('/v1/responses', {
        method: 'POST',
        headers: widgetHeaders(hooli, { account: 'piper', respondent: who }),
        body: JSON.stringify(npsResponse('piper', who, score)),
      });
    const healthComputedAt = async () => {
      const res = await quick.request('/v1/accounts/piper/summary', { headers: adminHeaders(hooli) });
      return AccountSummaryViewSchema.parse(await json(res)).health?.computedAt ?? null;
    };
    expect((await answer('ann', 9)).status).toBe(200);
    expect((await answer('bob', 3)).status).toBe(200);
    await expect.poll(healthComputedAt, { timeout: 10_000 }).not.toBeNull();
    const first = await healthComputedAt();
    await stopBackground(services);
    expect((await answer('cyd', 10)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(await healthComputedAt()).toBe(first);
  });

  it('recomputes health a second after an admin saves new health settings, with the new bands', async () => {
    const vandelay = await seedTenant(db, 'vandelay', ['https://app.vandelay.test']);
    // Answers alone would wait a minute: what follows is the settings' doing.
    const { app: quick, services } = testApp(db, {
      INSIGHTS_INTERVAL_MS: 0,
      INSIGHTS_AFTER_ANSWER_MS: 60_000,
    });
    try {
      for (const [who, score] of [
        ['ann', 10],
        ['bob', 9],
      ] as const) {
        const res = await quick.request('/v1/responses', {
          method: 'POST',
          headers: widgetHeaders(vandelay, { account: 'kramerica', respondent: who }),
          body: JSON.stringify(npsResponse('kramerica', who, score)),
        });
        expect(res.status).toBe(200);
      }
      await recomputeInsights(db, vandelay.id, { now: new Date() });
      const band = async () => {
        const res = await quick.request('/v1/accounts/kramerica/summary', {
          headers: adminHeaders(vandelay),
        });
        return AccountSummaryViewSchema.parse(await json(res)).health?.band ?? null;
      };
      expect(await band()).not.toBe('under-review');
      const config = {
        ...DEFAULT_HEALTH_CONFIG,
        bands: [{ key: 'under-review', label: 'Under review', min: 0 }],
      };
      const saved = await quick.request('/v1/admin/settings/health', {
        method: 'PUT',
        headers: { ...adminHeaders(vandelay), 'content-type': 'application/json' },
        body: JSON.stringify(config),
      });
      expect(saved.status).toBe(200);
      await expect.poll(band, { timeout: 10_000 }).toBe('under-review');
    } finally {
      await stopBackground(services);
    }
  });

  it('thins past days to their last computation and drops rows past the retention', async () => {
    const soylent = await seedTenant(db, 'soylent', ['https://app.soylent.test']);
    expect((await put(soylent, 'green', { openTickets: 2, activeUsers: 10 })).status).toBe(200);
    const at = (iso: string) => recomputeInsights(db, soylent.id, { now: new Date(iso) });
    await at('2024-12-01T10:00:00Z');
    for (const iso of [
      '2026-06-10T08:00:00Z',
      '2026-06-10T12:00:00Z',
      '2026-06-10T18:00:00Z',
      '2026-06-11T07:00:00Z',
    ])
      await at(iso);
    const times = async () =>
      (
        await db.query<{ kind: string; computed_at: Date | string }>(
          'SELECT kind, computed_at FROM account_insights WHERE tenant_id = $1 ORDER BY kind, computed_at',
          [soylent.id],
        )
      ).rows.map((r) => `${r.kind} ${new Date(r.computed_at).toISOString()}`);
    // 2026-06-11 is today: June 10 keeps its last row; December 2024 is past the 400 days.
    expect(await times()).toEqual([
      'churn 2026-06-10T18:00:00.000Z',
      'churn 2026-06-11T07:00:00.000Z',
      'health 2026-06-10T18:00:00.000Z',
      'health 2026-06-11T07:00:00.000Z',
    ]);
    await at('2026-06-11T09:00:00Z');
    expect((await times()).filter((t) => t.startsWith('health'))).toEqual([
      'health 2026-06-10T18:00:00.000Z',
      'health 2026-06-11T07:00:00.000Z',
      'health 2026-06-11T09:00:00.000Z',
    ]);
  });

  it('shows the change since the previous period and the components that moved it', async () => {
    await upsertAccountSignals(db, other.id, [
      { accountId: 'initech', signals: { openTickets: 0, fcrPercent: 80, paymentIssues: 0 } },
    ]);
    await recomputeInsights(db, other.id, { now: NOW });
    const before = await summary(other, 'initech');
    await upsertAccountSignals(db, other.id, [
      { accountId: 'initech', signals: { openTickets: 8, fcrPercent: 80, paymentIssues: 1 } },
    ]);
    const later = new Date(NOW.getTime() + 31 * DAY);
    await recomputeInsights(db, other.id, { now: later });
    now = later;
    const after = await summary(other, 'initech');
    now = NOW;
    const change = (after.health?.score ?? 0) - (before.health?.score ?? 0);
    expect(change).toBeLessThan(-10);
    expect(after.health?.change).toBeCloseTo(change, 9);
    const movers = after.health?.movers ?? [];
    // Tickets 0 -> 8 (100 -> 10 points on weight 5) moved it most, a payment issue (100 -> 50) next; FCR did not move.
    expect(movers.map((m) => m.component)).toEqual(['openTickets', 'paymentIssues']);
    expect(movers[0]?.label).toBe('Open tickets');
    expect(movers.reduce((a, m) => a + m.points, 0)).toBeCloseTo(change, 9);
  });

  it('previews which accounts change band under new weights, matching an independent computation', async () => {
    const tenant = await seedTenant(db, 'preview', ['https://app.preview.test']);
    const data = syntheticSignals(80, 0, 3).map(({ accountId, signals }) => ({
      accountId,
      signals: { ...signals, resolutionHours: 10, mrrTrendPercent: signals.openTickets ?? 0 },
    }));
    await upsertAccountSignals(db, tenant.id, data);
    const next: HealthConfig = HealthConfigSchema.parse({
      ...DEFAULT_HEALTH_CONFIG,
      components: DEFAULT_HEALTH_CONFIG.components.map((c) =>
        c.key === 'openTickets' ? { ...c, weight: 30 } : c.key === 'usageFrequency' ? { ...c, weight: 1 } : c,
      ),
      bands: [
        { key: 'at-risk', label: 'At risk', min: 0 },
        { key: 'needs-attention', label: 'Needs attention', min: 50 },
        { key: 'healthy', label: 'Healthy', min: 75 },
      ],
    });
    const inputs = data.map((d) => inputOf(d.accountId, d.signals));
    const before = computeHealthScores(inputs, DEFAULT_HEALTH_CONFIG);
    const after = computeHealthScores(inputs, next);
    const expected = inputs
      .filter((_, i) => {
        const b = before[i]!;
        const a = after[i]!;
        return b.status === 'ok' && a.status === 'ok' && a.band !== b.band;
      })
      .map((x) => x.accountId);
    expect(expected.length).toBeGreaterThan(3);

    const res = await post(tenant, '/v1/admin/health/preview', next);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.changes).toBe(expected.length);
    expect(body.total).toBe(80);
    expect(body.accounts.map((a: { accountId: string }) => a.accountId)).toEqual(expected);
    expect(body.accounts[0]).toMatchObject({
      from: { band: expect.any(String) },
      to: { band: expect.any(String) },
    });

    // A former customer is still scored (percentiles rank the whole tenant) but neither listed nor counted.
    const gone = expected[0]!;
    const goneSignals = data.find((d) => d.accountId === gone)!.signals;
    await upsertAccountSignals(db, tenant.id, [
      { accountId: gone, signals: { ...goneSignals, churnedAt: '2026-01-05T00:00:00Z' } },
    ]);
    const withoutGone = await previewHealthConfig(db, tenant.id, next, { now: NOW });
    expect(withoutGone.total).toBe(79);
    expect(withoutGone.accounts.map((a) => a.accountId)).not.toContain(gone);

    // The preview compares with the saved setting: once saved, nothing changes band any more.
    await saveVersion(db, tenant.id, 'health', '', next, 'test');
    expect((await previewHealthConfig(db, tenant.id, next, { now: NOW })).changes).toBe(0);
  });

  it('rejects bad signals and configurations naming the field and the rule, storing nothing', async () => {
    const res = await put(t, 'bad', { fcrPercent: 120, activeUsers: -1, colour: 'red' });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.error.code).toBe('validation/body');
    expect(body.error.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'fcrPercent', rule: 'too_big' }),
        expect.objectContaining({ path: 'activeUsers', rule: 'too_small' }),
        expect.objectContaining({ path: 'colour', rule: 'unrecognized_key' }),
      ]),
    );
    const batch = await post(t, '/v1/admin/signals', {
      accounts: [
        { accountId: 'ok-1', activeDays: 12 },
        { accountId: 'ok-2', renewalDate: '2026-13-40', features: { 'bad key': 1 } },
      ],
    });
    expect(batch.status).toBe(400);
    const issues = (await json(batch)).error.issues.map((i: { path: string }) => i.path);
    expect(issues).toEqual(expect.arrayContaining(['accounts.1.renewalDate', 'accounts.1.features.bad key']));
    expect((await app.request('/v1/admin/accounts/ok-1/signals', { headers: adminHeaders(t) })).status).toBe(
      404,
    );

    const preview = await post(t, '/v1/admin/health/preview', {
      ...DEFAULT_HEALTH_CONFIG,
      bands: [{ key: 'x', label: 'X', min: 10 }],
    });
    expect(preview.status).toBe(400);
    expect((await json(preview)).error.issues[0].path).toMatch(/^bands/);

    const ok = await post(t, '/v1/admin/signals', { accounts: [{ accountId: 'ok-1', activeDays: 12 }] });
    expect(await json(ok)).toEqual({ stored: 1 });
    const got = await json(
      await app.request('/v1/admin/accounts/ok-1/signals', { headers: adminHeaders(t) }),
    );
    expect(got).toMatchObject({ accountId: 'ok-1', signals: { activeDays: 12 } });
  });

  it('keeps tenants apart', async () => {
    const a = await seedTenant(db, 'iso-a', ['https://a.test']);
    const b = await seedTenant(db, 'iso-b', ['https://b.test']);
    expect((await put(a, 'shared', { openTickets: 9 })).status).toBe(200);
    expect(
      (await app.request('/v1/admin/accounts/shared/signals', { headers: adminHeaders(b) })).status,
    ).toBe(404);
    const rb = await json(await post(b, '/v1/admin/insights/recompute'));
    expect(rb).toMatchObject({ tenantId: 'iso-b', accounts: 0 });
    expect((await summary(a, 'shared')).health).toBeNull();
    await post(a, '/v1/admin/insights/recompute');
    expect((await summary(a, 'shared')).health).not.toBeNull();
    expect((await summary(b, 'shared')).health).toBeNull();
    const preview = await json(await post(b, '/v1/admin/health/preview', DEFAULT_HEALTH_CONFIG));
    expect(preview).toEqual({ changes: 0, total: 0, accounts: [] });
    for (const path of ['/v1/admin/insights/recompute', '/v1/admin/signals', '/v1/admin/health/preview'])
      expect((await app.request(path, { method: 'POST' })).status).toBe(401);
  });

  it('recomputes every tenant on the schedule, and stops with the job', async () => {
    const tenant = await seedTenant(db, 'scheduled', ['https://app.scheduled.test']);
    await upsertAccountSignals(db, tenant.id, [{ accountId: 'wayne', signals: { openTickets: 1 } }]);
    const { app: scheduled, services } = testApp(db, { INSIGHTS_INTERVAL_MS: 50 }, () => NOW);
    const job = insightsJobOf(services);
    expect(job).toBeDefined();
    try {
      const deadline = Date.now() + 30_000;
      let health = null;
      while (health === null && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        const res = await scheduled.request('/v1/accounts/wayne/summary', { headers: adminHeaders(tenant) });
        health = AccountSummaryViewSchema.parse(await json(res)).health;
      }
      expect(health).toMatchObject({ band: expect.any(String), computedAt: NOW.toISOString() });
    } finally {
      await job?.stop();
    }
  });
});
