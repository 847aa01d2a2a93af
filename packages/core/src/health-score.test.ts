import { describe, expect, it } from 'vitest';
import {
  AccountSummaryViewSchema,
  DEFAULT_HEALTH_CONFIG,
  HealthConfigSchema,
  bandChanges,
  computeHealthScore,
  computeHealthScores,
  healthDistributions,
  healthFeatures,
  isCxError,
  normalizeHealthValue,
  parseHealthConfig,
  percentileRank,
  toHealthView,
  type HealthConfig,
  type HealthConfigInput,
} from '@cxkit/core';

const config: HealthConfig = HealthConfigSchema.parse({
  components: [
    {
      key: 'nps',
      label: 'Account NPS',
      group: 'survey',
      weight: 3,
      scale: { type: 'linear', lo: -50, hi: 50 },
    },
    {
      key: 'openTickets',
      label: 'Open tickets',
      group: 'support',
      weight: 1,
      scale: {
        type: 'bands',
        bands: [
          { upTo: 0, score: 100 },
          { upTo: 3, score: 50 },
          { upTo: 10, score: 0 },
        ],
      },
    },
    { key: 'activeUsers', label: 'Active users', group: 'usage', weight: 1, scale: { type: 'percentile' } },
    {
      key: 'silenceDays',
      label: 'Days of silence',
      group: 'silence',
      weight: 0,
      scale: { type: 'linear', lo: 0, hi: 90, invert: true },
    },
  ],
  bands: [
    { key: 'at-risk', label: 'At risk', min: 0 },
    { key: 'needs-attention', label: 'Needs attention', min: 40 },
    { key: 'healthy', label: 'Healthy', min: 70 },
  ],
} satisfies HealthConfigInput);

describe('normalizeHealthValue', () => {
  it('maps linear scales between the bounds, clamps outside, and inverts', () => {
    const s = { type: 'linear' as const, lo: -50, hi: 50, invert: false };
    expect(normalizeHealthValue(s, 0)).toBe(50);
    expect(normalizeHealthValue(s, 25)).toBe(75);
    expect(normalizeHealthValue(s, 90)).toBe(100);
    expect(normalizeHealthValue(s, -90)).toBe(0);
    expect(normalizeHealthValue({ ...s, invert: true }, 25)).toBe(25);
  });

  it('gives banded scores by the first band reaching the value, the last band above them all', () => {
    const s = {
      type: 'bands' as const,
      bands: [
        { upTo: 0, score: 100 },
        { upTo: 3, score: 50 },
      ],
    };
    expect(normalizeHealthValue(s, 0)).toBe(100);
    expect(normalizeHealthValue(s, 2)).toBe(50);
    expect(normalizeHealthValue(s, 3)).toBe(50);
    expect(normalizeHealthValue(s, 30)).toBe(50);
  });

  it('ranks within the tenant distribution with mid-ranks', () => {
    const sorted = [1, 2, 2, 5];
    // below 2: one value, equal: two -> (1 + 1) / 4
    expect(percentileRank(sorted, 2)).toBe(50);
    expect(percentileRank(sorted, 0)).toBe(0);
    expect(percentileRank(sorted, 9)).toBe(100);
    expect(normalizeHealthValue({ type: 'percentile', invert: true }, 2, sorted)).toBe(50);
    expect(() => normalizeHealthValue({ type: 'percentile', invert: false }, 2)).toThrow(
      expect.objectContaining({ code: 'normalizeHealthValue/missing-distribution' }),
    );
  });
});

describe('computeHealthScore', () => {
  const distributions = { activeUsers: [2, 4, 6, 8, 10] };

  it('weights components, gives each contribution in points and the band', () => {
    const r = computeHealthScore(
      { accountId: 'acme', values: { nps: 30, openTickets: 2, activeUsers: 8, silenceDays: 200 } },
      config,
      { distributions },
    );
    if (r.status !== 'ok') throw new Error(r.reason);
    // nps 80 x 3/5 + tickets 50 x 1/5 + users 70 x 1/5 = 48 + 10 + 14; zero-weight silence ignored
    expect(r.score).toBeCloseTo(72, 10);
    expect(r).toMatchObject({
      band: 'healthy',
      bandLabel: 'Healthy',
      missing: [],
      renormalized: false,
      coverage: 1,
    });
    expect(r.contributions.map((c) => [c.component, c.points, c.weight])).toEqual([
      ['nps', expect.closeTo(48, 10), expect.closeTo(0.6, 10)],
      ['openTickets', expect.closeTo(10, 10), expect.closeTo(0.2, 10)],
      ['activeUsers', expect.closeTo(14, 10), expect.closeTo(0.2, 10)],
    ]);
  });

  it('skips missing components, renormalises the weights and says so', () => {
    const r = computeHealthScore({ accountId: 'quiet', values: { nps: 0, openTickets: null } }, config, {
      distributions,
    });
    if (r.status !== 'ok') throw new Error(r.reason);
    expect(r.score).toBe(50);
    expect(r.missing).toEqual(['openTickets', 'activeUsers']);
    expect(r.renormalized).toBe(true);
    expect(r.coverage).toBeCloseTo(3 / 5, 12);
    expect(r.contributions[0]?.weight).toBe(1);
    expect(r.band).toBe('needs-attention');
  });

  it('reports no score when nothing is known', () => {
    const r = computeHealthScore({ accountId: 'new', values: {} }, config, { distributions });
    expect(r).toMatchObject({ status: 'insufficient-data', missing: ['nps', 'openTickets', 'activeUsers'] });
    expect(toHealthView(r, '2026-03-01T00:00:00Z')).toBeNull();
  });

  it('gives the change since the previous period and the components that moved it', () => {
    const before = computeHealthScore(
      { accountId: 'a', values: { nps: 30, openTickets: 0, activeUsers: 8 } },
      config,
      {
        distributions,
      },
    );
    if (before.status !== 'ok') throw new Error('no score');
    const now = computeHealthScore(
      { accountId: 'a', values: { nps: -10, openTickets: 0, activeUsers: 8 } },
      config,
      {
        distributions,
        previous: before,
      },
    );
    if (now.status !== 'ok') throw new Error('no score');
    expect(now.change).toBeCloseTo(now.score - before.score, 12);
    expect(now.change).toBeCloseTo(-24, 10); // nps 80 -> 40, weight 0.6
    expect(now.movers).toEqual([{ component: 'nps', label: 'Account NPS', points: expect.closeTo(-24, 10) }]);
  });

  it('maps onto the health field of the account summary view', () => {
    const r = computeHealthScore({ accountId: 'acme', values: { nps: 30, activeUsers: 4 } }, config, {
      distributions,
    });
    const view = toHealthView(r, '2026-03-01T00:00:00Z');
    expect(AccountSummaryViewSchema.shape.health.parse(view)).toEqual(view);
    expect(view?.contributions.reduce((a, c) => a + c.points, 0)).toBeCloseTo(view!.score, 10);
    // With the configuration, the components without data are named as the card shows them.
    const named = toHealthView(r, '2026-03-01T00:00:00Z', config);
    expect(AccountSummaryViewSchema.shape.health.parse(named)).toEqual(named);
    expect(named!.missingLabels).toEqual(
      named!.missing.map((key) => config.components.find((c) => c.key === key)!.label),
    );
    expect(named!.missingLabels!.length).toBeGreaterThan(0);
  });

  it('ranks percentile components within the tenant when scoring all accounts', () => {
    const inputs = [10, 20, 30, 40].map((u, i) => ({ accountId: `a${i}`, values: { activeUsers: u } }));
    expect(Array.from(healthDistributions(inputs, config).activeUsers!)).toEqual([10, 20, 30, 40]);
    const scores = computeHealthScores(inputs, config).map((r) => (r.status === 'ok' ? r.score : null));
    expect(scores).toEqual([12.5, 37.5, 62.5, 87.5]);
  });

  it('exposes the components as model features', () => {
    const r = computeHealthScore({ accountId: 'a', values: { nps: 0 } }, config, { distributions });
    expect(healthFeatures(r, config)).toEqual({
      health_score: 50,
      health_nps: 50,
      health_openTickets: null,
      health_activeUsers: null,
      health_silenceDays: null,
    });
  });
});

describe('HealthConfigSchema', () => {
  it('accepts the B2B defaults', () => {
    expect(HealthConfigSchema.parse(DEFAULT_HEALTH_CONFIG)).toEqual(DEFAULT_HEALTH_CONFIG);
    expect(DEFAULT_HEALTH_CONFIG.bands.map((b) => b.key)).toEqual(['at-risk', 'needs-attention', 'healthy']);
  });

  it('names the field and the rule of a bad configuration', () => {
    const bad = (patch: Partial<HealthConfigInput>) =>
      HealthConfigSchema.safeParse({ ...config, ...patch }).error?.issues.map(
        (i) => `${i.path.join('.')}: ${i.message}`,
      );
    expect(bad({ components: [...config.components, config.components[0]!] })).toContain(
      'components.4.key: duplicate component key "nps"',
    );
    expect(bad({ bands: [{ key: 'x', label: 'X', min: 10 }] })).toContain(
      'bands.0.min: the first band must start at 0',
    );
    expect(
      bad({ components: [{ key: 'n', label: 'N', weight: 1, scale: { type: 'linear', lo: 5, hi: 1 } }] }),
    ).toContain('components.0.scale.hi: hi must be greater than lo');
    expect(bad({ components: config.components.map((c) => ({ ...c, weight: 0 })) })).toContain(
      'components: at least one component needs a weight > 0',
    );
  });
});

describe('parseHealthConfig', () => {
  it('applies defaults and throws a typed error naming the field', () => {
    expect(parseHealthConfig(DEFAULT_HEALTH_CONFIG)).toEqual(DEFAULT_HEALTH_CONFIG);
    try {
      parseHealthConfig({ ...config, bands: [] });
      expect.unreachable();
    } catch (e) {
      expect(isCxError(e, 'parseHealthConfig/invalid')).toBe(true);
      expect((e as Error).message).toMatch(/^parseHealthConfig\/invalid: bands: /);
    }
  });
});

describe('bandChanges', () => {
  it('lists the accounts whose band changes under a new configuration', () => {
    const accounts = [
      { accountId: 'a', values: { nps: 30, openTickets: 0 } }, // 85
      { accountId: 'b', values: { nps: -10, openTickets: 0 } }, // 55
      { accountId: 'c', values: { nps: -40, openTickets: 10 } }, // 7.5
    ];
    const stricter = {
      ...config,
      bands: [config.bands[0]!, { ...config.bands[1]!, min: 60 }, { ...config.bands[2]!, min: 90 }],
    };
    expect(bandChanges(accounts, config, stricter)).toEqual([
      {
        accountId: 'a',
        from: { band: 'healthy', label: 'Healthy', score: expect.closeTo(85, 10) },
        to: { band: 'needs-attention', label: 'Needs attention', score: expect.closeTo(85, 10) },
      },
      {
        accountId: 'b',
        from: { band: 'needs-attention', label: 'Needs attention', score: expect.closeTo(55, 10) },
        to: { band: 'at-risk', label: 'At risk', score: expect.closeTo(55, 10) },
      },
    ]);
    expect(bandChanges(accounts, config, config)).toEqual([]);
  });
});
