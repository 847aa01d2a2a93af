// The settings page's validation, bundled by scripts/generate-copies.ts into
// src/app/settings/health-config-rules.js: it runs core's own schemas (zod is a dependency of the
// settings folder), so the page refuses exactly what the server will refuse, bounds included.
// It names core's source files rather than `@cxkit/core` so the bundle holds these two modules only.
import { HealthConfigSchema, type HealthConfig } from '../../core/src/health-config.ts';
import { RoleWeightsSchema, type RoleWeights } from '../../core/src/role-weights.ts';

/** Everything an admin tunes: the health score configuration and the role weights of account roll-ups. */
export interface CxConfig {
  health: HealthConfig;
  roleWeights: RoleWeights;
}

/** Validation messages keyed by field path (`health.components.2.weight`). */
export type FieldErrors = Record<string, string>;

// The page's wording for core's messages that an admin meets while typing; the rules stay core's.
const WORDING: Record<string, string> = {
  'hi must be greater than lo': 'The healthy end must be above the unhealthy end.',
  'bands must be sorted by strictly increasing upTo': 'Each band must end above the previous one.',
  'bands must have strictly increasing min': 'Each band must start above the previous one.',
  'the first band must start at 0': 'The lowest band must start at 0.',
  'weight must be at least 0': 'Weight must be 0 or more.',
  'at least one component needs a weight > 0': 'At least one component needs a weight above 0.',
  'at least one weight must be positive': 'At least one role weight must be above 0.',
};

const sentence = (message: string) =>
  WORDING[message] ?? message.charAt(0).toUpperCase() + message.slice(1).replace(/\.?$/, '.');

/**
 * Checks a configuration with core's `HealthConfigSchema` and `RoleWeightsSchema` and returns the
 * first message per offending field; an empty object means the server will accept it.
 */
export function validateConfig(c: CxConfig): FieldErrors {
  const errors: FieldErrors = {};
  const parts = [
    ['health', HealthConfigSchema.safeParse(c.health)],
    ['roleWeights', RoleWeightsSchema.safeParse(c.roleWeights)],
  ] as const;
  for (const [prefix, result] of parts) {
    if (result.success) continue;
    for (const issue of result.error.issues) {
      const path = [prefix, ...issue.path.map(String)].join('.');
      errors[path] ??= sentence(issue.message);
    }
  }
  return errors;
}
