/**
 * The configuration the settings page edits, as the server's versioned config endpoint sends it.
 * Plain types mirroring `HealthConfigSchema` and `RoleWeightsSchema` in `@cxkit/core` (this
 * folder is built by HubSpot alone and cannot import it); `test/settings-compat.test.ts` checks
 * that {@link validateConfig} accepts exactly what the core schemas accept.
 */

/** How a health component's raw value maps to 0-100. */
export type HealthScale =
  | { type: 'linear'; lo: number; hi: number; invert: boolean }
  | { type: 'bands'; bands: { upTo: number; score: number }[] }
  | { type: 'percentile'; invert: boolean };

/** One health component. */
export interface HealthComponentConfig {
  key: string;
  label: string;
  group: 'survey' | 'usage' | 'support' | 'commercial' | 'silence' | 'custom';
  weight: number;
  scale: HealthScale;
}

/** A health band: scores at or above `min` (and below the next band's) fall in it. */
export interface HealthBandConfig {
  key: string;
  label: string;
  min: number;
}

/** Everything an admin tunes. */
export interface CxConfig {
  health: { components: HealthComponentConfig[]; bands: HealthBandConfig[] };
  roleWeights: { weights: Record<string, number>; defaultWeight: number };
}

/** `GET /v1/hubspot/config` and the answer to a successful `PUT`. */
export interface VersionedConfig {
  version: number;
  updatedAt: string;
  config: CxConfig;
}

/** One account whose band would change (`POST /v1/hubspot/config/preview`). */
export interface BandChangePreview {
  accountId: string;
  name: string | null;
  from: { band: string; label: string; score: number } | null;
  to: { band: string; label: string; score: number } | null;
}

/** The preview answer. */
export interface ConfigPreview {
  changes: number;
  accounts: BandChangePreview[];
}

/** Validation messages keyed by field path (`health.components.2.weight`), `''`-free. */
export type FieldErrors = Record<string, string>;

const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);

/**
 * Checks a configuration with the rules of the core schemas and returns a message per
 * offending field; an empty object means the server will accept it.
 */
export function validateConfig(c: CxConfig): FieldErrors {
  const errors: FieldErrors = {};
  const { components, bands } = c.health;
  if (components.length === 0) errors['health.components'] = 'Add at least one health component.';
  const keys = new Set<string>();
  components.forEach((comp, i) => {
    const at = `health.components.${i}`;
    if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(comp.key))
      errors[`${at}.key`] = 'Use letters, digits, _ . - and start with a letter.';
    else if (keys.has(comp.key)) errors[`${at}.key`] = `"${comp.key}" is used twice.`;
    keys.add(comp.key);
    if (comp.label.length === 0) errors[`${at}.label`] = 'Give the component a label.';
    if (!finite(comp.weight) || comp.weight < 0) errors[`${at}.weight`] = 'Weight must be 0 or more.';
    const s = comp.scale;
    if (s.type === 'linear') {
      if (!finite(s.lo)) errors[`${at}.scale.lo`] = 'Enter a number.';
      if (!finite(s.hi)) errors[`${at}.scale.hi`] = 'Enter a number.';
      else if (finite(s.lo) && s.hi <= s.lo)
        errors[`${at}.scale.hi`] = 'The healthy end must be above the unhealthy end.';
    } else if (s.type === 'bands') {
      if (s.bands.length === 0) errors[`${at}.scale.bands`] = 'Add at least one band.';
      s.bands.forEach((b, j) => {
        if (!finite(b.score) || b.score < 0 || b.score > 100)
          errors[`${at}.scale.bands.${j}.score`] = 'Score must be 0 to 100.';
        if (!finite(b.upTo)) errors[`${at}.scale.bands.${j}.upTo`] = 'Enter a number.';
        else if (j > 0 && b.upTo <= s.bands[j - 1]!.upTo) {
          errors[`${at}.scale.bands.${j}.upTo`] = 'Each band must end above the previous one.';
        }
      });
    }
  });
  if (components.length > 0 && !components.some((comp) => finite(comp.weight) && comp.weight > 0)) {
    errors['health.components'] = 'At least one component needs a weight above 0.';
  }
  if (bands.length === 0) errors['health.bands'] = 'Add at least one band.';
  const bandKeys = new Set<string>();
  bands.forEach((b, i) => {
    const at = `health.bands.${i}`;
    if (b.key.length === 0) errors[`${at}.key`] = 'Give the band a key.';
    else if (bandKeys.has(b.key)) errors[`${at}.key`] = `"${b.key}" is used twice.`;
    bandKeys.add(b.key);
    if (b.label.length === 0) errors[`${at}.label`] = 'Give the band a label.';
    if (!finite(b.min) || b.min < 0 || b.min > 100) errors[`${at}.min`] = 'Threshold must be 0 to 100.';
    else if (i === 0 && b.min !== 0) errors[`${at}.min`] = 'The lowest band must start at 0.';
    else if (i > 0 && finite(bands[i - 1]!.min) && b.min <= bands[i - 1]!.min) {
      errors[`${at}.min`] = 'Each band must start above the previous one.';
    }
  });
  const { weights, defaultWeight } = c.roleWeights;
  for (const [role, w] of Object.entries(weights)) {
    if (!finite(w) || w < 0 || w > 100) errors[`roleWeights.weights.${role}`] = 'Weight must be 0 to 100.';
  }
  if (!finite(defaultWeight) || defaultWeight < 0 || defaultWeight > 100) {
    errors['roleWeights.defaultWeight'] = 'Weight must be 0 to 100.';
  } else if (defaultWeight <= 0 && !Object.values(weights).some((w) => finite(w) && w > 0)) {
    errors['roleWeights.weights'] = 'At least one role weight must be above 0.';
  }
  return errors;
}
