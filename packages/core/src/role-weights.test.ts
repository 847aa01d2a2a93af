import { describe, expect, it } from 'vitest';
import { DEFAULT_ROLE_WEIGHTS, DEFAULT_SCALES, RoleWeightsSchema, ScaleSchema } from '@cxkit/core';

describe('RoleWeightsSchema', () => {
  it('accepts the defaults and custom roles, defaulting the weight of unlisted roles to 1', () => {
    expect(RoleWeightsSchema.parse(DEFAULT_ROLE_WEIGHTS)).toEqual(DEFAULT_ROLE_WEIGHTS);
    expect(RoleWeightsSchema.parse({ weights: { 'after-sales': 2, buyer: 4 } })).toEqual({
      weights: { 'after-sales': 2, buyer: 4 },
      defaultWeight: 1,
    });
  });

  it('rejects negative weights and bad role names at their path, and all-zero weights', () => {
    const neg = RoleWeightsSchema.safeParse({ weights: { buyer: -1 } });
    expect(neg.success === false && neg.error.issues[0]!.path).toEqual(['weights', 'buyer']);
    const name = RoleWeightsSchema.safeParse({ weights: { 'Head Buyer': 1 } });
    expect(name.success === false && name.error.issues[0]!.path).toEqual(['weights', 'Head Buyer']);
    const zero = RoleWeightsSchema.safeParse({ weights: { buyer: 0 }, defaultWeight: 0 });
    expect(zero.success === false && zero.error.issues[0]).toMatchObject({
      path: ['weights'],
      message: 'at least one weight must be positive',
    });
  });
});

describe('ScaleSchema', () => {
  it('accepts the catalogue scales, defaulting polarity to higher-is-better', () => {
    for (const s of Object.values(DEFAULT_SCALES)) expect(ScaleSchema.parse(s)).toEqual(s);
    expect(ScaleSchema.parse({ min: 0, max: 1 })).toEqual({ min: 0, max: 1, polarity: 'higher-is-better' });
  });

  it('rejects an empty or inverted scale, fractional ends and an unknown polarity', () => {
    const inverted = ScaleSchema.safeParse({ min: 5, max: 5 });
    expect(inverted.success === false && inverted.error.issues[0]).toMatchObject({
      path: ['max'],
      message: 'max must be greater than min',
    });
    expect(ScaleSchema.safeParse({ min: 1.5, max: 5 }).success).toBe(false);
    const pol = ScaleSchema.safeParse({ min: 1, max: 5, polarity: 'lower-is-better' });
    expect(pol.success === false && pol.error.issues[0]!.path).toEqual(['polarity']);
  });
});
