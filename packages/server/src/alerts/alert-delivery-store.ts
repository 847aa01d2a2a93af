import type { Queryable } from '../db/database.js';
import { ALERT_COLUMNS, type AlertRow } from './alert-store.js';

/** A webhook delivery claimed for one attempt. */
export interface ClaimedDelivery {
  tenant_id: string;
  alert_id: string;
  /** Attempts including this one. */
  attempts: number;
}

// Claims due deliveries: their next attempt moves past the request timeout, so a worker that dies mid-request
// leaves them to be retried, and two workers never send the same delivery at once.
const CLAIM = `
UPDATE alert_deliveries d SET attempts = d.attempts + 1, next_attempt_at = $2::timestamptz
FROM (SELECT tenant_id, alert_id FROM alert_deliveries WHERE status = 'pending' AND next_attempt_at <= $1::timestamptz
      ORDER BY next_attempt_at, tenant_id, alert_id LIMIT $3 FOR UPDATE SKIP LOCKED) due
WHERE d.tenant_id = due.tenant_id AND d.alert_id = due.alert_id
RETURNING d.tenant_id, d.alert_id::text AS alert_id, d.attempts`;

/** Claims up to `limit` deliveries due at `now`, holding them until `until`. */
export async function claimDueDeliveries(
  db: Queryable,
  now: Date,
  until: Date,
  limit: number,
): Promise<ClaimedDelivery[]> {
  const r = await db.query<ClaimedDelivery>(CLAIM, [now.toISOString(), until.toISOString(), limit]);
  return r.rows;
}

/** A delivery's alert with its tenant's webhook (null fields when none is configured), or undefined. */
export async function loadDeliveryAlert(
  db: Queryable,
  tenantId: string,
  alertId: string,
): Promise<(AlertRow & { webhook_url: string | null; webhook_secret: string | null }) | undefined> {
  const r = await db.query<AlertRow & { webhook_url: string | null; webhook_secret: string | null }>(
    `SELECT x.*, c.webhook_url, c.webhook_secret
     FROM (SELECT tenant_id, ${ALERT_COLUMNS} FROM alerts WHERE tenant_id = $1 AND id = $2) x
     LEFT JOIN alert_channels c ON c.tenant_id = x.tenant_id`,
    [tenantId, alertId],
  );
  return r.rows[0];
}

/** Marks a delivery delivered (never sent again). */
export async function markDelivered(
  db: Queryable,
  d: { tenantId: string; alertId: string; at: Date; status: number | null },
): Promise<void> {
  await db.query(
    `UPDATE alert_deliveries SET status = 'delivered', delivered_at = $3, last_status = $4, last_error = NULL
     WHERE tenant_id = $1 AND alert_id = $2`,
    [d.tenantId, d.alertId, d.at.toISOString(), d.status],
  );
}

/** Records a failed attempt: retried at `next`, or failed for good when `final`. */
export async function markDeliveryFailed(
  db: Queryable,
  d: { tenantId: string; alertId: string; final: boolean; next: Date; status: number | null; error: string },
): Promise<void> {
  await db.query(
    `UPDATE alert_deliveries SET status = $3, next_attempt_at = $4, last_status = $5, last_error = $6
     WHERE tenant_id = $1 AND alert_id = $2`,
    [
      d.tenantId,
      d.alertId,
      d.final ? 'failed' : 'pending',
      d.next.toISOString(),
      d.status,
      d.error.slice(0, 1000),
    ],
  );
}
