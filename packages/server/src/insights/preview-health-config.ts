import { bandChanges, type BandChange, type HealthConfig } from '@cxkit/core';
import type { Queryable } from '../db/database.js';
import { getSetting } from '../admin/config-store.js';
import { loadHealthInputs } from './health-inputs.js';

/** What saving a new health configuration would change. */
export interface HealthConfigPreview {
  /** Accounts whose band would change. */
  changes: number;
  /** Customers considered (former customers are scored for the percentiles but not listed). */
  total: number;
  /** The accounts whose band changes, in account id order, with their display names. */
  accounts: (BandChange & { name: string | null })[];
}

/**
 * Previews a health configuration before it is saved: scores every account of the tenant under
 * the current `health` setting and under `newConfig` (same inputs as the recomputation, percentiles
 * ranked within the tenant) and lists the accounts whose band changes. `newConfig` must already be
 * validated with `HealthConfigSchema` (the settings endpoints call `parseOrThrow` first). Former
 * customers (churned before `now`) are left out of the list.
 */
export async function previewHealthConfig(
  db: Queryable,
  tenantId: string,
  newConfig: HealthConfig,
  options: { now?: Date; surveyMonths?: number } = {},
): Promise<HealthConfigPreview> {
  const now = options.now ?? new Date();
  const [current, accounts] = await Promise.all([
    getSetting(db, tenantId, 'health'),
    loadHealthInputs(db, tenantId, {
      now,
      ...(options.surveyMonths ? { surveyMonths: options.surveyMonths } : {}),
    }),
  ]);
  const names = new Map(accounts.map((a) => [a.input.accountId, a.name]));
  // Every account is scored (percentiles rank within the tenant, as the recomputation does), but a
  // former customer's band change is nobody's concern: only customers are listed and counted.
  const customers = new Set(
    accounts.filter((a) => !a.churnedAt || a.churnedAt > now).map((a) => a.input.accountId),
  );
  const changed = bandChanges(
    accounts.map((a) => a.input),
    current,
    newConfig,
  ).filter((c) => customers.has(c.accountId));
  return {
    changes: changed.length,
    total: customers.size,
    accounts: changed.map((c) => ({ ...c, name: names.get(c.accountId) ?? null })),
  };
}
