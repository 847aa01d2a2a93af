import type { Queryable } from '../db/database.js';

/** A marked account and the version of its mark. */
export interface PendingAccount {
  /** The account. */
  accountId: string;
  /** The mark's version: {@link clearHubSpotPending} deletes the mark only at this version. */
  version: string;
}

/**
 * Marks accounts whose HubSpot company properties may have changed, in the caller's transaction,
 * when the tenant has a HubSpot portal (other tenants accumulate nothing). A mark already there
 * takes a new version, so the worker queues it again even if it was reading it at that moment.
 */
export async function markHubSpotPending(
  db: Queryable,
  tenantId: string,
  accountIds: readonly string[],
): Promise<void> {
  const ids = [...new Set(accountIds)].sort();
  if (ids.length === 0) return;
  await db.query(
    `INSERT INTO hubspot_pending_accounts (tenant_id, account_id)
     SELECT $1, id FROM unnest($2::text[]) AS t(id) WHERE EXISTS (SELECT 1 FROM hubspot_portals WHERE tenant_id = $1)
     ON CONFLICT (tenant_id, account_id) DO UPDATE SET version = excluded.version`,
    [tenantId, ids],
  );
}

/** Up to `limit` marked accounts of a tenant, by account id. */
export async function listHubSpotPending(
  db: Queryable,
  tenantId: string,
  limit: number,
): Promise<PendingAccount[]> {
  const r = await db.query<{ account_id: string; version: string }>(
    `SELECT account_id, version::text AS version FROM hubspot_pending_accounts WHERE tenant_id = $1
     ORDER BY account_id LIMIT $2`,
    [tenantId, limit],
  );
  return r.rows.map((x) => ({ accountId: x.account_id, version: x.version }));
}

/** Deletes the marks that were queued, each only at the version read (a newer mark stays). */
export async function clearHubSpotPending(
  db: Queryable,
  tenantId: string,
  marks: readonly PendingAccount[],
): Promise<void> {
  if (marks.length === 0) return;
  await db.query(
    `DELETE FROM hubspot_pending_accounts p USING unnest($2::text[], $3::bigint[]) AS d(account_id, version)
     WHERE p.tenant_id = $1 AND p.account_id = d.account_id AND p.version = d.version`,
    [tenantId, marks.map((m) => m.accountId), marks.map((m) => m.version)],
  );
}
