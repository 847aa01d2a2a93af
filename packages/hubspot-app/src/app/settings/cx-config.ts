/**
 * The configuration the settings page edits, as the server's versioned config endpoint sends it.
 * The configuration's types and its validation are generated from core's schemas into
 * `health-config-rules.*` (this folder is built by HubSpot alone and cannot import core); the
 * answers of the config endpoints are described here.
 */
import type { CxConfig } from './health-config-rules.js';

export {
  validateConfig,
  type CxConfig,
  type FieldErrors,
  type HealthBandConfig,
  type HealthComponentConfig,
  type HealthScale,
} from './health-config-rules.js';

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

/** True when an answer has the preview's shape; the page checks what the server sent before rendering it. */
export function isConfigPreview(x: unknown): x is ConfigPreview {
  const v = x as ConfigPreview | null;
  return typeof v?.changes === 'number' && Array.isArray(v.accounts);
}
