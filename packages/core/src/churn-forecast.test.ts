import { describe, expect, it } from 'vitest';
import {
  assessChurnRisk,
  churnCutoffs,
  churnLabelAt,
  parseChurnModel,
  seededRandom,
  trainChurnForecast,
  type ChurnSnapshot,
  type ColumnSpec,
} from '@cxkit/core';

const DAY = 86_400_000;
const NOW = new Date('2026-06-01T00:00:00Z');

/** Normal deviate by Box-Muller. */
function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * 400 accounts over two years, each with a latent risk; the monthly churn hazard rises with it and
 * the `usage` feature (observed at each cut-off, with noise) falls with it. `prior` decides what the
 * health-based prior knows: nothing (a constant) or the latent risk itself.
 */
function history(seed: number, prior: 'flat' | 'oracle', informative = true) {
  const random = seededRandom(seed);
  const start = NOW.getTime() - 730 * DAY;
  const accounts = Array.from({ length: 400 }, (_, i) => {
    const risk = normal(random);
    let churnedAt: Date | null = null;
    for (let m = 0; m < 24 && !churnedAt; m++)
      if (random() < 1 / (1 + Math.exp(-(-4.2 + 2 * risk))))
        churnedAt = new Date(start + (m * 30 + random() * 30) * DAY);
    return { id: `a${i}`, risk, churnedAt };
  });
  const snapshots: ChurnSnapshot[] = [];
  for (const cutoff of churnCutoffs(NOW, 90, 18)) {
    for (const a of accounts) {
      const label = churnLabelAt(a.churnedAt, cutoff, 90, NOW);
      if (label === null) continue;
      snapshots.push({
        accountId: a.id,
        cutoff: cutoff.toISOString(),
        features: {
          usage: (informative ? -a.risk : 0) + 0.3 * normal(random),
          seats: Math.round(5 + 20 * random()),
          plan: random() < 0.5 ? 'monthly' : 'annual',
        },
        label,
        prior: prior === 'flat' ? 0.1 : 1 / (1 + Math.exp(-(-3 + 2 * a.risk))),
      });
    }
  }
  return snapshots;
}

const columns: ColumnSpec[] = [
  { name: 'usage', type: 'numeric' },
  { name: 'seats', type: 'numeric' },
  { name: 'plan', type: 'categorical' },
];

describe('churn labels at a cut-off', () => {
  const cutoff = new Date('2026-01-01T00:00:00Z');
  it('is 1 for a churn within the horizon after the cut-off, 0 after it, and unknown otherwise', () => {
    expect(churnLabelAt(new Date('2026-02-15T00:00:00Z'), cutoff, 90, NOW)).toBe(1);
    expect(churnLabelAt(new Date('2026-04-02T00:00:00Z'), cutoff, 90, NOW)).toBe(0); // day 91
    expect(churnLabelAt(null, cutoff, 90, NOW)).toBe(0);
    expect(churnLabelAt(new Date('2025-12-31T00:00:00Z'), cutoff, 90, NOW)).toBeNull(); // already gone
    // horizon not over at "now": no outcome yet
    expect(churnLabelAt(null, cutoff, 90, new Date('2026-02-01T00:00:00Z'))).toBeNull();
  });

  it('spaces cut-offs back from now minus the horizon', () => {
    const c = churnCutoffs(NOW, 90, 3, 30);
    expect(c.map((d) => d.toISOString())).toEqual([
      new Date(NOW.getTime() - 90 * DAY).toISOString(),
      new Date(NOW.getTime() - 120 * DAY).toISOString(),
      new Date(NOW.getTime() - 150 * DAY).toISOString(),
    ]);
  });
});

describe('trainChurnForecast', () => {
  it('needs the minimum number of churned accounts', () => {
    const few = history(3, 'flat').filter((s) => s.label === 0 || Number(s.accountId.slice(1)) < 20);
    const r = trainChurnForecast(few, columns, { minEvents: 30 });
    expect(r.status).toBe('too-few-events');
  });

  it('validates over time against the prior and stores the validation with the model', () => {
    const r = trainChurnForecast(history(1, 'flat'), columns, { horizonDays: 90 });
    if (r.status !== 'trained') throw new Error(r.reason);
    const v = r.validation;
    // Training labels end before the validation starts: no peeking into the validation period.
    expect(Date.parse(v.train.to) + 90 * DAY).toBeLessThanOrEqual(Date.parse(v.validation.from));
    expect(v.validation.events).toBeGreaterThanOrEqual(5);
    expect(v.model.auc).toBeGreaterThan(0.75);
    expect(v.prior.auc).toBeCloseTo(0.5, 9); // a constant prior cannot rank
    expect(v.model.calibrationSlope).toBeGreaterThan(0.6);
    expect(v.model.calibrationSlope).toBeLessThan(1.6);
    expect(v.beatsPrior).toBe(true);
    // The model round-trips with its validation, and the product uses it.
    const model = parseChurnModel(JSON.parse(JSON.stringify(r.model)));
    expect(model.validation).toEqual(v);
    const risk = assessChurnRisk(
      { health: null, features: { usage: -2, seats: 10, plan: 'annual' } },
      { model },
    );
    expect(risk?.source).toBe('model');
    expect(risk?.validation).toMatchObject({ beatsPrior: true, auc: v.model.auc });
  });

  it('thins a large history to a sample of whole accounts', () => {
    const all = history(1, 'flat');
    const r = trainChurnForecast(all, columns, { maxRows: 2500 });
    if (r.status !== 'trained') throw new Error(r.reason);
    // about 2,500 of the snapshots, every snapshot of a kept account
    expect(all.length).toBeGreaterThan(4000);
    expect(r.model.training.rows).toBeGreaterThan(1800);
    expect(r.model.training.rows).toBeLessThan(3200);
  });

  it('keeps the prior when the model does not beat it on the later history', () => {
    const r = trainChurnForecast(history(2, 'oracle', false), columns);
    if (r.status !== 'trained') throw new Error(r.reason);
    expect(r.validation.beatsPrior).toBe(false);
    // Only noise to learn from: the tuning picks a strong penalty or the linear family.
    expect(r.validation.chosen.lambda >= 10 || r.validation.chosen.splineKnots === 0).toBe(true);
    const health = {
      status: 'ok' as const,
      accountId: 'x',
      score: 60,
      band: 'needs-attention',
      bandLabel: 'Needs attention',
      contributions: [],
      missing: [],
      renormalized: false,
      coverage: 1,
      change: null,
      movers: [],
    };
    const risk = assessChurnRisk(
      { health, features: { usage: 0, seats: 10, plan: 'annual' } },
      { model: r.model },
    );
    expect(risk?.source).toBe('prior');
    expect(risk?.reason).toMatch(/did not beat the health-based prior on its later history \(AUC /);
    expect(risk?.validation?.beatsPrior).toBe(false);
  });
});
