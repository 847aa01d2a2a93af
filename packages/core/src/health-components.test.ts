import { describe, expect, it } from 'vitest';
import { DEFAULT_HEALTH_CONFIG } from './health-config.js';
import { healthComponentsFromSignals, type HealthComponents } from './health-components.js';

describe('healthComponentsFromSignals', () => {
  it('maps signals and survey KPIs to the built-in components, day counts to the reference day', () => {
    const c = healthComponentsFromSignals({
      signals: {
        activeUsers: 14,
        activeDays: 9,
        featuresUsed: 5,
        openTickets: 3,
        fcrPercent: 72.5,
        resolutionHours: 30,
        mrrTrendPercent: -8,
        renewalDate: '2026-07-31',
        paymentIssues: 1,
        lastActivityAt: '2026-06-10T00:00:00Z',
      },
      current: { nps: 25, csat: 80, ces: 5.5 },
      previous: { nps: 40, csat: 70, ces: null },
      lastAnsweredAt: '2026-03-17T12:00:00Z',
      reference: new Date('2026-06-15T12:00:00Z'),
    });
    // Hand-computed: renewal 2026-07-31T00:00Z is 45.5 days after the reference, rounded to 46;
    // the last answer 90 days before it; the last activity 5.5 days before it.
    expect(c).toEqual<HealthComponents>({
      nps: 25,
      npsTrend: -15,
      csat: 80,
      csatTrend: 10,
      ces: 5.5,
      cesTrend: null,
      usageFrequency: 9,
      activeUsers: 14,
      featuresUsed: 5,
      openTickets: 3,
      fcr: 72.5,
      timeToResolutionHours: 30,
      mrrTrend: -8,
      daysToRenewal: 46,
      paymentIssues: 1,
      daysSinceLastAnswer: 90,
      daysSinceLastActivity: 5.5,
    });
  });

  it('leaves unknown signals null, counts a passed renewal negative and an answer after the reference as 0 days', () => {
    const c = healthComponentsFromSignals({
      signals: { renewalDate: '2026-06-01' },
      current: { nps: null, csat: null, ces: null },
      previous: { nps: 10, csat: 90, ces: 4 },
      lastAnsweredAt: new Date('2026-06-20T00:00:00Z'),
      reference: new Date('2026-06-15T00:00:00Z'),
    });
    expect(c.daysToRenewal).toBe(-14);
    expect(c.daysSinceLastAnswer).toBe(0);
    expect([c.nps, c.npsTrend, c.csatTrend, c.cesTrend]).toEqual([null, null, null, null]);
    expect([c.activeUsers, c.usageFrequency, c.openTickets, c.daysSinceLastActivity]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });

  it('gives a value slot to every component of the default health configuration', () => {
    const c = healthComponentsFromSignals({
      signals: {},
      current: { nps: null, csat: null, ces: null },
      previous: { nps: null, csat: null, ces: null },
      lastAnsweredAt: null,
      reference: new Date('2026-06-15T00:00:00Z'),
    });
    for (const component of DEFAULT_HEALTH_CONFIG.components) expect(c).toHaveProperty(component.key);
  });
});
