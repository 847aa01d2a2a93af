import type { HealthConfig } from './health-config.js';
import { computeHealthScores, type HealthDistributions, type HealthInput } from './health-score.js';

/** An account whose band differs between two configurations. */
export interface BandChange {
  /** The account. */
  accountId: string;
  /** Band under the old configuration (null: no score). */
  from: { band: string; label: string; score: number } | null;
  /** Band under the new configuration (null: no score). */
  to: { band: string; label: string; score: number } | null;
}

/**
 * Which accounts change band when the health configuration changes (the settings preview):
 * scores every account under both configurations (percentiles ranked within `accounts` unless
 * distributions are given) and returns those whose band key differs, in input order.
 * @example bandChanges(accounts, current, { ...current, bands: stricterBands }) // [{ accountId, from: { band: 'healthy', ... }, to: { band: 'needs-attention', ... } }]
 */
export function bandChanges(
  accounts: readonly HealthInput[],
  oldConfig: HealthConfig,
  newConfig: HealthConfig,
  options: { oldDistributions?: HealthDistributions; newDistributions?: HealthDistributions } = {},
): BandChange[] {
  const before = computeHealthScores(accounts, oldConfig, { distributions: options.oldDistributions });
  const after = computeHealthScores(accounts, newConfig, { distributions: options.newDistributions });
  const out: BandChange[] = [];
  accounts.forEach((a, i) => {
    const b = before[i];
    const n = after[i];
    const from = b?.status === 'ok' ? { band: b.band, label: b.bandLabel, score: b.score } : null;
    const to = n?.status === 'ok' ? { band: n.band, label: n.bandLabel, score: n.score } : null;
    if (from?.band !== to?.band) out.push({ accountId: a.accountId, from, to });
  });
  return out;
}
