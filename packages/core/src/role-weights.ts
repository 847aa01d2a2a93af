import { z } from 'zod';
import { RoleSchema } from './response.js';

/**
 * Role weights for account roll-ups (seed 001: B2B decisions are collective).
 * A role absent from `weights` gets `defaultWeight`; weights are relative, not percentages.
 */
export const RoleWeightsSchema = z
  .strictObject({
    weights: z.record(RoleSchema, z.number().min(0).max(100)),
    defaultWeight: z.number().min(0).max(100).default(1),
  })
  .refine((w) => w.defaultWeight > 0 || Object.values(w.weights).some((v) => v > 0), {
    message: 'at least one weight must be positive',
    path: ['weights'],
  });

/** Role weights. */
export type RoleWeights = z.infer<typeof RoleWeightsSchema>;

/** Default role weights: the buyer and the prescriber decide, users and support influence. */
export const DEFAULT_ROLE_WEIGHTS: RoleWeights = {
  weights: { buyer: 3, prescriber: 2, user: 1, support: 1, other: 1 },
  defaultWeight: 1,
};
