import { bandChanges, type BandChange, type HealthConfig } from '@cxkit/core';
import type { Queryable } from '../db/database.js';
import { getSetting } from '../config-store.js';
import { loadHealthInputs } from './health-inputs.js';

/** What saving a new health configuration would change. */
export interface HealthConfigPreview {
  /** Accounts whose band would change. */
  changes: number;
  /** Accounts considered. */
  total: number;
  /** The accounts whose band changes, in account id order, with their display names. */
  accounts: (BandChange & { name: string | null })[];
}

/**
 * Previews a health configuration before it is saved: scores every account of the tenant under
 * the current `health` setting and under `newConfig` (same inputs as the recomputation, percentiles
 * ranked within the tenant) and lists the accounts whose band changes. `newConfig` must already be
 * validated with `HealthConfigSchema` (the settings endpoints call `parseOrThrow` first).
 */
export async function previewHealthConfig(
  db: Queryable,
  tenantId: string,
  newConfig: HealthConfig,
  options: { now?: Date; surveyMonths?: number } = {},
): Promise<HealthConfigPreview> {
  const [current, accounts] = await Promise.all([
    getSetting(db, tenantId, 'health'),
    loadHealthInputs(db, tenantId, {
      now: options.now ?? new Date(),
      ...(options.surveyMonths ? { surveyMonths: options.surveyMonths } : {}),
    }),
  ]);
  const names = new Map(accounts.map((a) => [a.input.accountId, a.name]));
  const changed = bandChanges(
    accounts.map((a) => a.input),
    current,
    newConfig,
  );
  return {
    changes: changed.length,
    total: accounts.length,
    accounts: changed.map((c) => ({ ...c, name: names.get(c.accountId) ?? null })),
  };
}
