import { describe, expect, it } from 'vitest';
import {
  AccountSummaryViewSchema,
  DEFAULT_CHURN_PRIOR,
  HealthConfigSchema,
  MIN_CHURN_EVENTS,
  assessChurnRisk,
  assessChurnRisks,
  churnPriorFromHealth,
  computeHealthScore,
  seededRandom,
  toChurnView,
  trainChurnModel,
  type FeatureRow,
} from '@cxkit/core';

const config = HealthConfigSchema.parse({
  components: [
    { key: 'nps', label: 'Account NPS', weight: 1, scale: { type: 'linear', lo: -100, hi: 100 } },
    { key: 'usage', label: 'Usage', weight: 1, scale: { type: 'linear', lo: 0, hi: 100 } },
  ],
  bands: [
    { key: 'at-risk', label: 'At risk', min: 0 },
    { key: 'healthy', label: 'Healthy', min: 50 },
  ],
});

function health(nps: number, usage: number) {
  const r = computeHealthScore({ accountId: 'a', values: { nps, usage } }, config);
  if (r.status !== 'ok') throw new Error('no score');
  return r;
}

/** A tenant history with `events` churned accounts among 200. */
function history(events: number) {
  const random = seededRandom(events);
  const rows: FeatureRow[] = [];
  const labels: number[] = [];
  for (let i = 0; i < 200; i++) {
    const churned = i < events ? 1 : 0;
    rows.push({
      seats: churned ? 1 + Math.floor(random() * 10) : 5 + Math.floor(random() * 20),
      plan: random() < 0.5 ? 'pro' : 'basic',
    });
    labels.push(churned);
  }
  return {
    rows,
    labels,
    columns: [
      { name: 'seats', type: 'numeric' as const },
      { name: 'plan', type: 'categorical' as const },
    ],
  };
}

describe('churnPriorFromHealth', () => {
  it('interpolates the log-odds between the probabilities at health 0 and 100', () => {
    expect(churnPriorFromHealth(health(-100, 0)).probability).toBeCloseTo(DEFAULT_CHURN_PRIOR.atZero, 12);
    expect(churnPriorFromHealth(health(100, 100)).probability).toBeCloseTo(DEFAULT_CHURN_PRIOR.atHundred, 12);
    const mid = churnPriorFromHealth(health(0, 50));
    expect(mid.logit).toBeCloseTo(mid.baseline, 12);
  });

  it('explains the prior by the health components, adding up to the log-odds', () => {
    const p = churnPriorFromHealth(health(-60, 90));
    // usage is 40 points above neutral, NPS 30 below: usage moves the risk more
    expect(p.drivers.map((d) => d.feature)).toEqual(['usage', 'nps']);
    expect(p.drivers[0]!.text).toMatch(/^Usage at 90\/100 lowers risk \(\u2212\d\.\d\d\)$/);
    expect(p.drivers[1]!.text).toMatch(/^Account NPS at 20\/100 raises risk \(\+\d\.\d\d\)$/);
    expect(p.baseline + p.drivers.reduce((a, d) => a + d.contribution, 0)).toBeCloseTo(p.logit, 12);
  });
});

describe('assessChurnRisk', { timeout: 30_000 }, () => {
  const account = { health: health(-20, 30), features: { seats: 2, plan: 'basic' } };

  it(`uses the transparent prior, labelled, while the model has fewer than ${MIN_CHURN_EVENTS} churn events`, () => {
    const model = trainChurnModel(history(MIN_CHURN_EVENTS - 1), { seed: 1 });
    const risk = assessChurnRisk(account, { model });
    expect(risk).toMatchObject({ source: 'prior', horizonDays: DEFAULT_CHURN_PRIOR.horizonDays });
    expect(risk?.reason).toContain(`${MIN_CHURN_EVENTS - 1} churn events`);
    expect(risk?.probability).toBeCloseTo(churnPriorFromHealth(account.health).probability, 12);
    expect(assessChurnRisk(account)).toMatchObject({
      source: 'prior',
      reason: expect.stringContaining('no churn model'),
    });
  });

  it(`uses the tenant's model from ${MIN_CHURN_EVENTS} churn events on`, () => {
    const model = trainChurnModel(history(MIN_CHURN_EVENTS), { seed: 1, horizonDays: 180 });
    const risk = assessChurnRisk(account, { model });
    expect(risk).toMatchObject({ source: 'model', horizonDays: 180 });
    expect(risk?.reason).toBeUndefined();
    expect(risk?.drivers[0]?.feature).toBe('seats');
    const view = toChurnView(risk, '2026-03-01T00:00:00Z');
    expect(AccountSummaryViewSchema.shape.churn.parse(view)).toEqual(view);
  });

  it('gives the same results for a whole tenant in one batch', () => {
    const inputs = [
      account,
      { health: health(50, 80), features: { seats: 30, plan: 'pro' } },
      { health: health(10, 10), features: null },
      { health: null, features: null },
    ];
    for (const events of [MIN_CHURN_EVENTS - 1, MIN_CHURN_EVENTS]) {
      const model = trainChurnModel(history(events), { seed: 1 });
      expect(assessChurnRisks(inputs, { model })).toEqual(
        inputs.map((input) => assessChurnRisk(input, { model })),
      );
    }
    expect(assessChurnRisks(inputs)).toEqual(inputs.map((input) => assessChurnRisk(input)));
  });

  it('returns null without a model and without a health score', () => {
    expect(assessChurnRisk({ health: null })).toBeNull();
    expect(toChurnView(null, '2026-03-01T00:00:00Z')).toBeNull();
  });
});
