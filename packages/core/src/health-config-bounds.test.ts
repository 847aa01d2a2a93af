import { describe, expect, it } from 'vitest';
import { DEFAULT_HEALTH_CONFIG, HealthConfigSchema, computeHealthScore } from '@cxkit/core';

const paths = (r: ReturnType<typeof HealthConfigSchema.safeParse>) =>
  r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));

describe('health weights and scale bounds', () => {
  it('refuses a weight of 1.7e308 (the recompute failed with NaN) naming the component and the bound', () => {
    const huge = {
      ...DEFAULT_HEALTH_CONFIG,
      components: DEFAULT_HEALTH_CONFIG.components.map((c) => ({ ...c, weight: 1.7e308 })),
    };
    const issues = paths(HealthConfigSchema.safeParse(huge));
    expect(issues).toHaveLength(DEFAULT_HEALTH_CONFIG.components.length);
    expect(issues[0]).toEqual({
      path: 'components.0.weight',
      message: expect.stringContaining('at most 1000'),
    });
  });

  it('keeps the score finite at the largest accepted weights and scale bounds', () => {
    const config = HealthConfigSchema.parse({
      components: [
        { key: 'a', label: 'A', weight: 1000, scale: { type: 'linear', lo: -1e12, hi: 1e12 } },
        { key: 'b', label: 'B', weight: 1000, scale: { type: 'bands', bands: [{ upTo: 1e12, score: 40 }] } },
      ],
      bands: [{ key: 'x', label: 'X', min: 0 }],
    });
    const r = computeHealthScore({ accountId: 'acc', values: { a: 0, b: 5 } }, config);
    // a sits mid-scale (50), b in its only band (40): equal weights give 45.
    expect(r.status).toBe('ok');
    expect(r.status === 'ok' ? r.score : NaN).toBeCloseTo(45, 9);
  });

  it('refuses scale bounds whose difference would overflow', () => {
    const r = HealthConfigSchema.safeParse({
      components: [{ key: 'a', label: 'A', weight: 1, scale: { type: 'linear', lo: -1.7e308, hi: 1.7e308 } }],
      bands: [{ key: 'x', label: 'X', min: 0 }],
    });
    expect(paths(r).map((i) => i.path)).toEqual(['components.0.scale.lo', 'components.0.scale.hi']);
  });
});
