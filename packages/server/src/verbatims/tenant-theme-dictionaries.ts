import type { ThemeDictionary } from '@cxkit/core';
import { getSetting } from '../admin/config-store.js';
import type { Queryable } from '../db/database.js';
import { databaseClock } from './verbatim-analyses-store.js';

/** The current theme dictionaries of some tenants, with the database time read just before them. */
export interface TenantThemeDictionaries {
  /**
   * Database time taken before the dictionaries were read, stored as each analysis's `analyzed_at`: an
   * analysis made with a dictionary replaced before a re-analysis request is always older than the request,
   * so the re-analysis picks it up (see `verbatim-reanalysis.ts`).
   */
  readAt: string;
  /** The dictionary of a tenant (core's default when it never set one). */
  of(tenantId: string): ThemeDictionary;
}

/** Reads the `themes` setting of each tenant once, for one batch of analyses. */
export async function loadThemeDictionaries(
  db: Queryable,
  tenantIds: Iterable<string>,
): Promise<TenantThemeDictionaries> {
  const readAt = await databaseClock(db);
  const byTenant = new Map<string, ThemeDictionary>();
  for (const id of new Set(tenantIds)) byTenant.set(id, await getSetting(db, id, 'themes'));
  return {
    readAt,
    of: (tenantId) => {
      const d = byTenant.get(tenantId);
      if (d === undefined) throw new Error(`theme dictionary of tenant "${tenantId}" not loaded`);
      return d;
    },
  };
}
