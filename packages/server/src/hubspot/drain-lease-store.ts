import type { Queryable } from '../db/database.js';

/** How long a lease lasts without renewal: longer than one batch call with all its retries and waits. */
export const DRAIN_LEASE_MS = 120_000;

/**
 * Takes or renews the portal's drain lease for `holder`. False when another holder's lease is still
 * valid: only one process drains a portal at a time, so values reach HubSpot in the order queued.
 */
export async function takeDrainLease(db: Queryable, portalId: number, holder: string): Promise<boolean> {
  const r = await db.query(
    `INSERT INTO hubspot_drain_leases (portal_id, holder, expires_at)
     VALUES ($1, $2, now() + make_interval(secs => $3::double precision))
     ON CONFLICT (portal_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE hubspot_drain_leases.holder = excluded.holder OR hubspot_drain_leases.expires_at < now()
     RETURNING holder`,
    [portalId, holder, DRAIN_LEASE_MS / 1000],
  );
  return r.rowCount === 1;
}

/** Gives the lease back (only the holder's own). */
export async function releaseDrainLease(db: Queryable, portalId: number, holder: string): Promise<void> {
  await db.query('DELETE FROM hubspot_drain_leases WHERE portal_id = $1 AND holder = $2', [portalId, holder]);
}
