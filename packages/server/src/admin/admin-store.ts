import type { Database } from '../db/database.js';
import { setAllowedOrigins } from '../tenants/tenants-store.js';
import { saveVersion, type ConfigVersion } from './config-store.js';

/** Replaces a tenant's allowed browser origins and records the change as a version, in one transaction. */
export async function saveAllowedOrigins<T extends { allowedOrigins: string[] }>(
  db: Database,
  tenantId: string,
  body: T,
  actor: string,
): Promise<ConfigVersion<T>> {
  return db.transaction(async (tx) => {
    await setAllowedOrigins(tx, tenantId, body.allowedOrigins);
    return saveVersion(tx, tenantId, 'origins', '', body, actor);
  });
}

/** Sets (or clears, with null) an account's display name, creating the account, and records it as a version, in one transaction. */
export async function saveAccountName<T extends { name: string | null }>(
  db: Database,
  tenantId: string,
  accountId: string,
  body: T,
  actor: string,
): Promise<ConfigVersion<T>> {
  return db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO accounts (tenant_id, account_id, name) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, account_id) DO UPDATE SET name = excluded.name`,
      [tenantId, accountId, body.name],
    );
    return saveVersion(tx, tenantId, 'account', accountId, body, actor);
  });
}
