import type { Database } from '../db/database.js';
import type { HubSpotGateway } from './hubspot-gateway.js';
import type { HubSpotPortal } from './hubspot-portals.js';
import { queueAccountSync, type QueueResult } from './company-values.js';

/**
 * Queues the company properties of the accounts that changed since the portal's watermark: a newer
 * answer (`accounts.last_answered_at`) or a new health or churn computation. The watermark moves
 * only after the values are queued, so a crash queues them again rather than never. An answer
 * arriving late with an old `answeredAt` does not move its account's latest answer: the nightly
 * `cxkit hubspot sync` catches those.
 */
export async function queueChangedAccounts(o: {
  db: Database;
  gateway: HubSpotGateway;
  portal: HubSpotPortal;
  now: Date;
}): Promise<QueueResult> {
  const w = await o.db.query<{ through: Date | string | null }>(
    'SELECT changes_queued_through AS through FROM hubspot_portals WHERE portal_id = $1',
    [o.portal.portalId],
  );
  const through = w.rows[0]?.through ? new Date(w.rows[0].through).toISOString() : null;
  const changed = await o.db.query<{ account_id: string }>(
    `SELECT account_id FROM accounts WHERE tenant_id = $1 AND ($2::timestamptz IS NULL OR last_answered_at > $2)
       AND last_answered_at <= $3
     UNION
     SELECT DISTINCT account_id FROM account_insights WHERE tenant_id = $1
       AND ($2::timestamptz IS NULL OR computed_at > $2) AND computed_at <= $3
     ORDER BY account_id`,
    [o.portal.tenantId, through, o.now.toISOString()],
  );
  const r = await queueAccountSync({
    db: o.db,
    gateway: o.gateway,
    portal: o.portal,
    now: o.now,
    accountIds: changed.rows.map((x) => x.account_id),
  });
  await o.db.query('UPDATE hubspot_portals SET changes_queued_through = $2 WHERE portal_id = $1', [
    o.portal.portalId,
    o.now.toISOString(),
  ]);
  return r;
}
