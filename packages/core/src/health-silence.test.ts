import { describe, expect, it } from 'vitest';
import {
  AccountSummaryViewSchema,
  DEFAULT_HEALTH_CONFIG,
  computeHealthScore,
  computeHealthScores,
  credibilityConstant,
  parseHealthConfig,
  shrinkTowards,
  toHealthInsufficientView,
  toHealthView,
  type HealthInput,
} from '@cxkit/core';

// A customer doing well on every operational signal; only its survey history differs below.
const operational = {
  usageFrequency: 20,
  activeUsers: 30,
  featuresUsed: 8,
  openTickets: 1,
  fcr: 75,
  timeToResolutionHours: 20,
  mrrTrend: 2,
  daysToRenewal: 200,
  paymentIssues: 0,
  daysSinceLastActivity: 3,
};
const others: HealthInput[] = Array.from({ length: 9 }, (_, i) => ({
  accountId: `peer-${i}`,
  values: {
    nps: 20,
    csat: 80,
    ces: 5,
    npsTrend: 0,
    csatTrend: 0,
    usageFrequency: 5 + 2 * i,
    activeUsers: 5 + 4 * i,
    featuresUsed: 2 + i,
    openTickets: 2,
    fcr: 70,
    timeToResolutionHours: 30,
    mrrTrend: 0,
    daysToRenewal: 120,
    paymentIssues: 0,
    daysSinceLastAnswer: 20,
    daysSinceLastActivity: 5,
  },
}));

describe('silence in the health score', () => {
  it('scores an account that never answered below one silent for 200 days, with its own contribution', () => {
    const never: HealthInput = { accountId: 'never', values: { ...operational } };
    const silent: HealthInput = { accountId: 'silent', values: { ...operational, daysSinceLastAnswer: 200 } };
    const [n, s] = computeHealthScores([never, silent, ...others], DEFAULT_HEALTH_CONFIG);
    if (n?.status !== 'ok' || s?.status !== 'ok') throw new Error('expected scores');
    expect(n.score).toBeLessThan(s.score);
    const neverAnswered = n.contributions.find((c) => c.component === 'daysSinceLastAnswer');
    // Scored 0 with its full weight rather than skipped and spread over the other components.
    expect(neverAnswered).toMatchObject({ normalized: 0, points: 0, raw: null, imputed: true });
    expect(neverAnswered!.weight).toBeGreaterThan(0);
    const silence = s.contributions.find((c) => c.component === 'daysSinceLastAnswer');
    expect(silence?.normalized).toBeCloseTo(100 - ((200 - 30) / (365 - 30)) * 100, 9);
    expect(silence?.imputed).toBeUndefined();
    // Same weights in both: the silence signal does not change how much the others count.
    const usage = (r: typeof n) => r.contributions.find((c) => c.component === 'usageFrequency')!.weight;
    expect(usage(n)).toBeCloseTo(usage(s), 12);
    const view = toHealthView(n, '2026-12-01T00:00:00.000Z', DEFAULT_HEALTH_CONFIG);
    expect(view?.contributions.find((c) => c.component === 'daysSinceLastAnswer')?.imputed).toBe(true);
  });

  it('does not count "never answered" against anyone when the tenant collects no survey answers', () => {
    const inputs = [
      { accountId: 'a', values: { ...operational } },
      { accountId: 'b', values: { ...operational, usageFrequency: 4 } },
    ];
    const [a] = computeHealthScores(inputs, DEFAULT_HEALTH_CONFIG);
    if (a?.status !== 'ok') throw new Error('expected a score');
    expect(a.contributions.some((c) => c.component === 'daysSinceLastAnswer')).toBe(false);
    expect(a.coverage).toBe(1);
  });
});

describe('minimum coverage', () => {
  it('says "insufficient data" below the minimum share of the collected weight', () => {
    // NPS and the last answer are 20 of the default 103: a score resting on them would read like a full one.
    const r = computeHealthScore(
      { accountId: 'thin', values: { nps: 60, daysSinceLastAnswer: 10 } },
      DEFAULT_HEALTH_CONFIG,
    );
    expect(r.status).toBe('insufficient-data');
    if (r.status !== 'insufficient-data') return;
    expect(r.coverage).toBeCloseTo(20 / 103, 12);
    expect(r.minCoverage).toBe(0.5);
    expect(r.reason).toBe('data for 19 % of the health weight (minimum 50 %)');
    const view = toHealthInsufficientView(r, '2026-12-01T00:00:00.000Z', DEFAULT_HEALTH_CONFIG);
    expect(view?.missingLabels).toContain('Usage frequency');
    // The view model accepts it next to a null score.
    const summaryField = AccountSummaryViewSchema.shape.healthInsufficient.parse(view);
    expect(summaryField?.coverage).toBeCloseTo(20 / 103, 12);
  });

  it('follows the configured minimum', () => {
    const lenient = parseHealthConfig({ ...DEFAULT_HEALTH_CONFIG, minCoverage: 0.1 });
    const r = computeHealthScore(
      { accountId: 'thin', values: { nps: 10, daysSinceLastAnswer: 30 } },
      lenient,
    );
    expect(r.status).toBe('ok');
    // (15 x 50 + 5 x 100) / 20
    if (r.status === 'ok') expect(r.score).toBeCloseTo(62.5, 12);
  });

  it('rejects a minimum outside 0-1 and a whenMissing score outside 0-100, naming the field', () => {
    expect(() => parseHealthConfig({ ...DEFAULT_HEALTH_CONFIG, minCoverage: 1.5 })).toThrow(/minCoverage: /);
    const components = DEFAULT_HEALTH_CONFIG.components.map((c, i) =>
      i === 0 ? { ...c, whenMissing: 120 } : c,
    );
    expect(() => parseHealthConfig({ ...DEFAULT_HEALTH_CONFIG, components })).toThrow(
      /components\.0\.whenMissing: /,
    );
  });
});

describe('credibility shrinkage of an account KPI towards its segment', () => {
  it('weights an account NPS from n answers by n / (n + k)', () => {
    // 2 promoters: (2 x 100 + 10 x 30) / 12
    expect(shrinkTowards(100, 2, 30, 10)).toBeCloseTo(500 / 12, 12);
    expect(shrinkTowards(100, 200, 30, 10)).toBeCloseTo((200 * 100 + 10 * 30) / 210, 12);
    expect(shrinkTowards(null, 0, 30, 10)).toBeNull();
  });

  it('estimates k by Bühlmann-Straub (hand-computed example)', () => {
    // Per-answer NPS values of five accounts: A [100, 100, 0], B [-100, 0], C [100, 100], D [0, 0, -100, 100], E [100, -100].
    // s² = (6666.67 + 5000 + 0 + 20000 + 20000) / 8 = 6458.33; a = (31410.26 - 4 s²) / (13 - 37/13) = 549.24; k = 11.7586.
    const groups = [
      { n: 3, sum: 200, sumOfSquares: 20000 },
      { n: 2, sum: -100, sumOfSquares: 10000 },
      { n: 2, sum: 200, sumOfSquares: 20000 },
      { n: 4, sum: 0, sumOfSquares: 20000 },
      { n: 2, sum: 0, sumOfSquares: 20000 },
    ];
    const r = credibilityConstant(groups);
    expect(r.method).toBe('buhlmann-straub');
    expect(r.k).toBeCloseTo(11.758620689655162, 9);
  });

  it('falls back to the default k with too few accounts, and pools fully (upper bound) when accounts differ only by noise', () => {
    expect(credibilityConstant([{ n: 3, sum: 100, sumOfSquares: 10000 }])).toEqual({
      k: 10,
      method: 'fallback',
      groups: 1,
    });
    const identical = Array.from({ length: 6 }, () => ({ n: 4, sum: 0, sumOfSquares: 20000 }));
    expect(credibilityConstant(identical).k).toBe(100);
  });
});
