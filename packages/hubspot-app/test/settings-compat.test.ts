import {
  DEFAULT_HEALTH_CONFIG,
  DEFAULT_ROLE_WEIGHTS,
  HealthConfigSchema,
  RoleWeightsSchema,
  type HealthConfig,
  type RoleWeights,
} from '@cxkit/core';
import { describe, expect, it } from 'vitest';
import { validateConfig, type CxConfig } from '../src/app/settings/cx-config.ts';
import { SAMPLE_CONFIG } from '../src/app/settings/test-fixtures.ts';

// The settings page's copy of the config types must stay assignable both ways to core's.
const fromCore: CxConfig = { health: DEFAULT_HEALTH_CONFIG, roleWeights: DEFAULT_ROLE_WEIGHTS };
const toCore: { health: HealthConfig; roleWeights: RoleWeights } = SAMPLE_CONFIG;

const coreAccepts = (c: CxConfig) =>
  HealthConfigSchema.safeParse(c.health).success && RoleWeightsSchema.safeParse(c.roleWeights).success;

function variant(base: CxConfig, f: (c: CxConfig) => void): CxConfig {
  const c = structuredClone(base);
  f(c);
  return c;
}

const linear = (c: CxConfig) => {
  const s = c.health.components[0]!.scale;
  if (s.type !== 'linear') throw new Error('the first sample component is linear');
  return s;
};
const banded = (c: CxConfig) => {
  const s = c.health.components[1]!.scale;
  if (s.type !== 'bands') throw new Error('the second sample component is banded');
  return s;
};

const CASES: [string, CxConfig][] = [
  ['core defaults', fromCore],
  ['the sample', toCore],
  ['healthy end below unhealthy end', variant(SAMPLE_CONFIG, (c) => void (linear(c).hi = -60))],
  ['equal ends', variant(SAMPLE_CONFIG, (c) => void (linear(c).hi = linear(c).lo))],
  ['inverted linear scale', variant(SAMPLE_CONFIG, (c) => void (linear(c).invert = true))],
  ['negative weight', variant(SAMPLE_CONFIG, (c) => void (c.health.components[0]!.weight = -1))],
  ['a zero weight', variant(SAMPLE_CONFIG, (c) => void (c.health.components[0]!.weight = 0))],
  ['all weights zero', variant(SAMPLE_CONFIG, (c) => c.health.components.forEach((x) => (x.weight = 0)))],
  ['weight above the bound', variant(SAMPLE_CONFIG, (c) => void (c.health.components[0]!.weight = 2000))],
  ['role that is not a slug', variant(SAMPLE_CONFIG, (c) => void (c.roleWeights.weights['Big Boss'] = 2))],
  ['non-finite weight', variant(SAMPLE_CONFIG, (c) => void (c.health.components[0]!.weight = Number.NaN))],
  ['duplicate component key', variant(SAMPLE_CONFIG, (c) => void (c.health.components[1]!.key = 'nps'))],
  ['bad component key', variant(SAMPLE_CONFIG, (c) => void (c.health.components[1]!.key = '9lives'))],
  ['step scale not increasing', variant(SAMPLE_CONFIG, (c) => void (banded(c).bands[2]!.upTo = 1))],
  ['step score above 100', variant(SAMPLE_CONFIG, (c) => void (banded(c).bands[0]!.score = 120))],
  ['no steps', variant(SAMPLE_CONFIG, (c) => void (banded(c).bands = []))],
  ['first band above 0', variant(SAMPLE_CONFIG, (c) => void (c.health.bands[0]!.min = 5))],
  ['bands not increasing', variant(SAMPLE_CONFIG, (c) => void (c.health.bands[2]!.min = 40))],
  ['band above 100', variant(SAMPLE_CONFIG, (c) => void (c.health.bands[2]!.min = 101))],
  ['duplicate band key', variant(SAMPLE_CONFIG, (c) => void (c.health.bands[2]!.key = 'at-risk'))],
  ['no bands', variant(SAMPLE_CONFIG, (c) => void (c.health.bands = []))],
  ['role weight above 100', variant(SAMPLE_CONFIG, (c) => void (c.roleWeights.weights.buyer = 101))],
  ['negative role weight', variant(SAMPLE_CONFIG, (c) => void (c.roleWeights.weights.user = -2))],
  ['default weight only', variant(SAMPLE_CONFIG, (c) => void (c.roleWeights.weights = {}))],
  [
    'every role weight zero',
    variant(SAMPLE_CONFIG, (c) => {
      c.roleWeights.weights = { buyer: 0, user: 0 };
      c.roleWeights.defaultWeight = 0;
    }),
  ],
  [
    'only a named role weighs',
    variant(SAMPLE_CONFIG, (c) => {
      c.roleWeights.weights = { buyer: 1, user: 0 };
      c.roleWeights.defaultWeight = 0;
    }),
  ],
];

describe('settings validation agrees with the core schemas', () => {
  it.each(CASES)('%s', (_name, config) => {
    const errors = validateConfig(config);
    expect(Object.keys(errors).length === 0).toBe(coreAccepts(config));
  });

  it('covers both outcomes', () => {
    const accepted = CASES.filter(([, c]) => coreAccepts(c)).length;
    expect(accepted).toBeGreaterThan(3);
    expect(accepted).toBeLessThan(CASES.length - 10);
  });
});
