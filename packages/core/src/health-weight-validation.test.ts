import { describe, expect, it } from 'vitest';
import {
  HealthConfigSchema,
  bandChanges,
  isCxError,
  seededRandom,
  validateHealthWeights,
  type HealthOutcome,
} from '@cxkit/core';

const DAY = 86_400_000;
const config = HealthConfigSchema.parse({
  components: [
    { key: 'usage', label: 'Usage', weight: 10, scale: { type: 'linear', lo: 0, hi: 100 } },
    { key: 'nps', label: 'Account NPS', weight: 60, scale: { type: 'linear', lo: 0, hi: 100 } },
    { key: 'odd', label: 'Odd signal', weight: 30, scale: { type: 'linear', lo: 0, hi: 100 } },
    { key: 'tickets', label: 'Tickets', weight: 5, scale: { type: 'linear', lo: 0, hi: 100 } },
  ],
  bands: [
    { key: 'at-risk', label: 'At risk', min: 0 },
    { key: 'healthy', label: 'Healthy', min: 50 },
  ],
});

/**
 * 12 monthly cut-offs of 300 accounts: churn follows low usage; NPS is noise; "odd" is high for
 * those who leave (a component pointing the wrong way); nobody has tickets data.
 */
function outcomes(seed: number, accounts = 300): HealthOutcome[] {
  const random = seededRandom(seed);
  const out: HealthOutcome[] = [];
  const start = Date.parse('2025-01-01T00:00:00Z');
  for (let m = 0; m < 12; m++)
    for (let i = 0; i < accounts; i++) {
      const usage = 100 * random();
      const churn = random() < 1 / (1 + Math.exp(-(-1.5 - 0.05 * (usage - 30))));
      out.push({
        accountId: `a${i}`,
        cutoff: new Date(start + m * 30 * DAY).toISOString(),
        components: {
          usage,
          nps: random() < 0.1 ? null : 100 * random(),
          odd: churn ? 60 + 40 * random() : 100 * random(),
          tickets: null,
        },
        label: churn ? 1 : 0,
      });
    }
  return out;
}

describe('validateHealthWeights', () => {
  it('scores the configured weights against later churn and suggests weights that rank it better', () => {
    const v = validateHealthWeights(outcomes(1), config);
    // Validated on the later cut-offs only, fitted on those whose horizon ended before them.
    expect(v.validationFrom >= '2025-06-01').toBe(true);
    expect(v.current.events).toBeGreaterThan(10);
    // Usage is what tells; a weight set led by noise ranks churn barely better than chance.
    expect(v.suggested.auc).toBeGreaterThan(v.current.auc + 0.05);
    expect(v.better).toBe(true);
    expect(v.weights['usage']).toBeGreaterThan(v.weights['nps']!);
    // A component whose higher values come with more churn cannot get a (negative) weight.
    expect(v.weights['odd']).toBe(0);
    // Never collected: keeps its configured weight, outside the fit.
    expect(v.weights['tickets']).toBe(5);
    expect(v.weights['usage']! + v.weights['nps']! + v.weights['odd']!).toBe(100);
    expect(v.components.find((c) => c.key === 'usage')?.auc).toBeGreaterThan(0.7);
    expect(v.components.find((c) => c.key === 'tickets')?.auc).toBeNull();
    // The suggestion is a valid configuration the band preview can compare with the current one.
    const suggested = HealthConfigSchema.parse(v.suggestedConfig);
    const changes = bandChanges(
      [{ accountId: 'x', values: { usage: 10, nps: 90, odd: 50 } }],
      config,
      suggested,
    );
    expect(changes).toEqual([
      {
        accountId: 'x',
        from: expect.objectContaining({ band: 'healthy' }),
        to: expect.objectContaining({ band: 'at-risk' }),
      },
    ]);
  });

  it('refuses to judge weights on fewer than 10 churn events on either side of the split', () => {
    const few = outcomes(2, 300).filter((o) => o.label === 0 || Number(o.accountId.slice(1)) < 3);
    let err: unknown;
    try {
      validateHealthWeights(few, config);
    } catch (e) {
      err = e;
    }
    expect(isCxError(err) && err.code).toBe('validateHealthWeights/too-few-events');
  });
});
