import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AccountSummaryViewSchema, DEFAULT_HEALTH_CONFIG } from '@cxkit/core';
import {
  latestChurnModel,
  latestFailedTraining,
  loadChurnSnapshots,
  recomputeInsights,
  saveVersion,
  upsertAccountSignals,
  type AccountSignals,
  type CreatedTenant,
  type Database,
} from '@cxkit/server';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import { adminHeaders, json, seedTenant, testApp } from '../test-support/fixtures.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const DAY = 86_400_000;

/** Deterministic generator (mulberry32). */
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

/**
 * A tenant's history: `total` accounts, `churned` of them leaving at dates spread over the last
 * 15 months, their signals recorded monthly. Who leaves is told by the `plan` feature alone (the
 * health components are noise: the model should beat the health prior), or, with `drift`, by the
 * plan until 195 days ago and by the health components since (what the model learned no longer
 * holds in the validation period: the prior should win). After leaving, an account's last record
 * says 0 active days: a model that saw it would learn the label itself.
 */
async function seedHistory(
  db: Database,
  tenant: CreatedTenant,
  total: number,
  churned: number,
  seed: number,
  signal: 'features' | 'drift' | 'health',
  churnWithinDays = 440,
) {
  const r = rng(seed);
  const accounts = Array.from({ length: total }, (_, i) => {
    const left = i < churned;
    const risky = left ? r() < 0.9 : r() < 0.1;
    return {
      accountId: `acc-${String(i).padStart(4, '0')}`,
      risky,
      churnedAt: left ? new Date(NOW.getTime() - (5 + Math.floor(r() * churnWithinDays)) * DAY) : null,
    };
  });
  const signalsOf = (a: (typeof accounts)[number], at: Date): AccountSignals => {
    const gone = a.churnedAt !== null && a.churnedAt <= at;
    const byPlan = signal === 'features' || (signal === 'drift' && at.getTime() < NOW.getTime() - 195 * DAY);
    const healthBad = byPlan ? r() < 0.3 : a.risky;
    const planMonthly = byPlan ? a.risky : r() < 0.3;
    return {
      activeDays: gone ? 0 : Math.round(healthBad ? 1 + r() * 6 : 14 + r() * 16),
      openTickets: Math.round(healthBad ? 4 + r() * 6 : r() * 2),
      paymentIssues: healthBad && r() < 0.6 ? 2 : 0,
      features: { plan: planMonthly ? 'monthly' : 'annual', seats: Math.round(5 + r() * 50) },
      ...(gone ? { churnedAt: a.churnedAt!.toISOString() } : {}),
    };
  };
  for (let m = 16; m >= 0; m--) {
    const at = new Date(NOW.getTime() - m * 30 * DAY);
    // An account is recorded while a customer, and once more when it has left (its churn date).
    const entries = accounts
      .filter((a) => a.churnedAt === null || a.churnedAt > new Date(at.getTime() - 30 * DAY))
      .map((a) => ({ accountId: a.accountId, signals: signalsOf(a, at) }));
    await upsertAccountSignals(db, tenant.id, entries, at);
  }
  return accounts;
}

describe.each(STORAGE_TARGETS)('churn forecast from point-in-time snapshots on $name', (target) => {
  let db: Database;
  let app: ReturnType<typeof testApp>['app'];

  beforeAll(async () => {
    db = await target.open();
    app = testApp(db, { INSIGHTS_INTERVAL_MS: 0 }, () => NOW).app;
  }, HOOK_TIMEOUT);
  afterAll(() => db.close(), HOOK_TIMEOUT);

  const summary = async (tenant: CreatedTenant, account: string) => {
    const res = await app.request(`/v1/accounts/${account}/summary`, { headers: adminHeaders(tenant) });
    expect(res.status).toBe(200);
    return AccountSummaryViewSchema.parse(await json(res));
  };

  it('describes each account as it was at each cut-off and labels it by what followed', async () => {
    const t = await seedTenant(db, 'snapco', ['https://app.snapco.test']);
    const accounts = await seedHistory(db, t, 60, 20, 5, 'features');
    const { snapshots } = await loadChurnSnapshots(db, t.id, DEFAULT_HEALTH_CONFIG, {
      now: NOW,
      horizonDays: 90,
    });
    expect(snapshots.length).toBeGreaterThan(0);
    for (const s of snapshots) {
      const a = accounts.find((x) => x.accountId === s.accountId)!;
      const cutoff = Date.parse(s.cutoff);
      expect(cutoff).toBeLessThanOrEqual(NOW.getTime() - 90 * DAY);
      // Still a customer at the cut-off; churned within 90 days after it exactly when labelled 1.
      expect(a.churnedAt === null || a.churnedAt.getTime() > cutoff).toBe(true);
      const within = a.churnedAt !== null && a.churnedAt.getTime() <= cutoff + 90 * DAY;
      expect(s.label).toBe(within ? 1 : 0);
      // Nothing recorded after the cut-off (the leavers' 0 active days) is seen.
      expect(s.features['health_usageFrequency']).not.toBeNull();
    }
    expect(snapshots.some((s) => s.label === 1)).toBe(true);

    // Thinned for training: whole accounts, each snapshot as the full build describes it (the
    // accounts left out still rank in the percentiles and the shrinkage).
    const thin = await loadChurnSnapshots(db, t.id, DEFAULT_HEALTH_CONFIG, {
      now: NOW,
      horizonDays: 90,
      maxRows: Math.floor(snapshots.length / 2),
    });
    expect(thin.snapshots.length).toBeGreaterThan(snapshots.length / 4);
    expect(thin.snapshots.length).toBeLessThan((snapshots.length * 3) / 4);
    const full = new Map(snapshots.map((s) => [`${s.accountId}@${s.cutoff}`, s]));
    for (const s of thin.snapshots) expect(s).toEqual(full.get(`${s.accountId}@${s.cutoff}`));
    const kept = new Set(thin.snapshots.map((s) => s.accountId));
    expect(thin.snapshots.length).toBe(snapshots.filter((s) => kept.has(s.accountId)).length);
  });

  it('uses a model that beats the health prior on the later history, and says how good it is', async () => {
    const t = await seedTenant(db, 'planco', ['https://app.planco.test']);
    const accounts = await seedHistory(db, t, 240, 80, 11, 'features');
    await saveVersion(db, t.id, 'churn', '', { horizonDays: 90, minEvents: 30 }, 'test');
    const r = await recomputeInsights(db, t.id, { now: NOW });
    expect(r).toMatchObject({ source: 'model', trained: true, modelVersion: 1 });
    const v = r.validation!;
    expect(v.beatsPrior).toBe(true);
    expect(v.model.auc).toBeGreaterThan(v.prior.auc ?? 1);
    expect(Date.parse(v.train.to) + 90 * DAY).toBeLessThanOrEqual(Date.parse(v.validation.from));
    const stored = await latestChurnModel(db, t.id);
    expect(stored?.model.validation).toEqual(v);
    expect(stored?.model.horizonDays).toBe(90);

    const customer = accounts.find((a) => a.churnedAt === null)!;
    const view = await summary(t, customer.accountId);
    expect(view.churn).toMatchObject({
      source: 'model',
      horizonDays: 90,
      validation: { beatsPrior: true, auc: v.model.auc, priorAuc: v.prior.auc, events: v.validation.events },
    });
  });

  it('keeps the health prior when the model does not beat it on the later history, saying so with both figures', async () => {
    const t = await seedTenant(db, 'healthco', ['https://app.healthco.test']);
    const accounts = await seedHistory(db, t, 240, 80, 12, 'drift');
    const r = await recomputeInsights(db, t.id, { now: NOW });
    expect(r).toMatchObject({ source: 'prior', trained: true });
    expect(r.validation?.beatsPrior).toBe(false);
    const customer = accounts.find((a) => a.churnedAt === null)!;
    const view = await summary(t, customer.accountId);
    expect(view.churn?.source).toBe('prior');
    expect(view.churn?.reason).toMatch(
      /did not beat the health-based prior on its later history \(AUC 0\.\d{3} vs 0\.\d{3}/,
    );
    expect(view.churn?.validation?.beatsPrior).toBe(false);
  });

  it('checks the health weights against later churn and suggests a set the admin previews and adopts', async () => {
    const t = await seedTenant(db, 'weightco', ['https://app.weightco.test']);
    await seedHistory(db, t, 240, 80, 14, 'health');
    // Weights led by a component with no relation to churn (seats, as a custom component).
    const config = {
      ...DEFAULT_HEALTH_CONFIG,
      components: [
        ...DEFAULT_HEALTH_CONFIG.components.map((c) => ({
          ...c,
          weight: c.key === 'usageFrequency' ? 1 : c.weight,
        })),
        { key: 'seats', label: 'Seats', group: 'custom', weight: 60, scale: { type: 'percentile' } },
      ],
    };
    expect(
      (
        await app.request('/v1/admin/settings/health', {
          method: 'PUT',
          headers: adminHeaders(t),
          body: JSON.stringify(config),
        })
      ).status,
    ).toBe(200);
    const res = await app.request('/v1/admin/health/weights-validation', { headers: adminHeaders(t) });
    expect(res.status).toBe(200);
    const v = (await json(res)) as {
      current: { auc: number; events: number };
      suggested: { auc: number };
      weights: Record<string, number>;
      suggestedConfig: unknown;
      better: boolean;
      horizonDays: number;
      preview: { changes: number; accounts: { accountId: string; from: unknown; to: unknown }[] };
    };
    expect(v.horizonDays).toBe(90);
    expect(v.current.events).toBeGreaterThanOrEqual(10);
    expect(v.suggested.auc).toBeGreaterThan(v.current.auc);
    expect(v.better).toBe(true);
    expect(v.weights['usageFrequency']).toBeGreaterThan(v.weights['seats']!);
    // The band changes adopting it would bring, as the preview lists them.
    const preview = await app.request('/v1/admin/health/preview', {
      method: 'POST',
      headers: adminHeaders(t),
      body: JSON.stringify(v.suggestedConfig),
    });
    expect(await json(preview)).toEqual(v.preview);
    expect(v.preview.changes).toBeGreaterThan(0);
    // Adopting it is saving it.
    const put = await app.request('/v1/admin/settings/health', {
      method: 'PUT',
      headers: adminHeaders(t),
      body: JSON.stringify(v.suggestedConfig),
    });
    expect(put.status).toBe(200);

    const few = await seedTenant(db, 'fewweights', ['https://app.fewweights.test']);
    await seedHistory(db, few, 60, 5, 15, 'health');
    const refused = await app.request('/v1/admin/health/weights-validation', { headers: adminHeaders(few) });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('health-weights/too-few-events');
  });

  it('remembers a training that produced no model across a restart, and retries when the data changes or a week passes', async () => {
    const t = await seedTenant(db, 'restartco', ['https://app.restartco.test']);
    // Enough churned accounts, all in the last 60 days: the snapshots hold no event to train on.
    const accounts = await seedHistory(db, t, 120, 40, 17, 'features', 60);
    const first = await recomputeInsights(db, t.id, { now: NOW });
    expect(first).toMatchObject({ source: 'prior', trained: false, training: 'failed' });
    const failed = await latestFailedTraining(db, t.id);
    expect(failed?.failedAt).toBe(NOW.toISOString());
    expect(failed?.reason).toMatch(/prior from the health score/);

    // A restarted server: a fresh copy of the server code, nothing kept in memory.
    vi.resetModules();
    const restarted = await import('@cxkit/server');
    const again = await restarted.recomputeInsights(db, t.id, { now: new Date(NOW.getTime() + DAY) });
    expect(again).toMatchObject({ source: 'prior', trained: false, training: 'skipped-after-failure' });
    expect((await summary(t, accounts.find((a) => a.churnedAt === null)!.accountId)).churn?.reason).toBe(
      failed?.reason,
    );

    // The churned accounts change: trained again (and failing again, recorded anew).
    const leaver = accounts.find((a) => a.churnedAt === null)!;
    const at = new Date(NOW.getTime() + 2 * DAY);
    await upsertAccountSignals(
      db,
      t.id,
      [{ accountId: leaver.accountId, signals: { activeDays: 0, churnedAt: at.toISOString() } }],
      at,
    );
    const changed = await restarted.recomputeInsights(db, t.id, { now: new Date(NOW.getTime() + 3 * DAY) });
    expect(changed.training).toBe('failed');
    expect((await latestFailedTraining(db, t.id))?.failedAt).toBe(
      new Date(NOW.getTime() + 3 * DAY).toISOString(),
    );
    // The same data a week later: tried again.
    const later = await restarted.recomputeInsights(db, t.id, { now: new Date(NOW.getTime() + 10 * DAY) });
    expect(later.training).toBe('failed');
  });

  it('needs the tenant minimum of churned accounts, and forecasts over the tenant horizon', async () => {
    const t = await seedTenant(db, 'fewco', ['https://app.fewco.test']);
    await seedHistory(db, t, 120, 29, 13, 'features');
    const r = await recomputeInsights(db, t.id, { now: NOW });
    expect(r).toMatchObject({ source: 'prior', churnEvents: 29, trained: false, validation: null });

    // Enough churned accounts, but all in the last 60 days: no earlier history to learn from.
    const recent = await seedTenant(db, 'recentco', ['https://app.recentco.test']);
    const accounts = await seedHistory(db, recent, 120, 40, 16, 'features', 60);
    const first = await recomputeInsights(db, recent.id, { now: NOW });
    expect(first).toMatchObject({ source: 'prior', churnEvents: 40, trained: false, validation: null });
    const view = await summary(recent, accounts.find((a) => a.churnedAt === null)!.accountId);
    expect(view.churn?.reason).toMatch(/cannot be split in time|fewer than 30/);
    // The same data again: the same answer (not retrained on every run).
    expect(await recomputeInsights(db, recent.id, { now: new Date(NOW.getTime() + DAY) })).toMatchObject({
      source: 'prior',
      trained: false,
    });
    expect((await summary(recent, accounts.find((a) => a.churnedAt === null)!.accountId)).churn?.reason).toBe(
      view.churn?.reason,
    );
    const res = await app.request('/v1/admin/settings/churn', {
      method: 'PUT',
      headers: adminHeaders(t),
      body: JSON.stringify({ horizonDays: 3 }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('horizonDays');
  });
});
