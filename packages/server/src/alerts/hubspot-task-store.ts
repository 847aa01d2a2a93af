import type { Queryable } from '../db/database.js';

/** A task waiting in `alert_hubspot_tasks` for the HubSpot sync to create it. */
export interface PendingHubSpotTask {
  /** The alert it comes from (also the task's idempotency key). */
  alertId: string;
  /** The cxkit account; the sync resolves its company and the company's owner. */
  accountId: string;
  /** `hs_task_subject`. */
  subject: string;
  /** `hs_task_body` (HTML-escaped plain text). */
  body: string;
  /** `hs_timestamp`: when the task is due. */
  dueAt: string;
  /** `hs_task_priority`. */
  priority: 'LOW' | 'MEDIUM' | 'HIGH';
  /** Creation attempts so far. */
  attempts: number;
}

/** A tenant's pending tasks, oldest first (for the HubSpot sync). */
export async function pendingHubSpotTasks(
  db: Queryable,
  tenantId: string,
  limit = 50,
): Promise<PendingHubSpotTask[]> {
  const r = await db.query<{
    alert_id: string;
    account_id: string;
    subject: string;
    body: string;
    due_at: Date | string;
    priority: PendingHubSpotTask['priority'];
    attempts: number;
  }>(
    `SELECT alert_id::text AS alert_id, account_id, subject, body, due_at, priority, attempts FROM alert_hubspot_tasks
     WHERE tenant_id = $1 AND status = 'pending' ORDER BY created_at, alert_id LIMIT $2`,
    [tenantId, limit],
  );
  return r.rows.map((x) => ({
    alertId: x.alert_id,
    accountId: x.account_id,
    subject: x.subject,
    body: x.body,
    dueAt: new Date(x.due_at).toISOString(),
    priority: x.priority,
    attempts: x.attempts,
  }));
}

/**
 * Records the outcome of creating a task: `created` with HubSpot's id (the row is never sent again),
 * `retry` counts an attempt and leaves it pending, `failed` gives up.
 */
export async function markHubSpotTask(
  db: Queryable,
  tenantId: string,
  alertId: string,
  outcome: { status: 'created'; taskId: string } | { status: 'retry' | 'failed'; error: string },
): Promise<void> {
  if (outcome.status === 'created')
    await db.query(
      `UPDATE alert_hubspot_tasks SET status = 'created', hubspot_task_id = $3, attempts = attempts + 1, last_error = NULL
       WHERE tenant_id = $1 AND alert_id = $2`,
      [tenantId, alertId, outcome.taskId],
    );
  else
    await db.query(
      `UPDATE alert_hubspot_tasks SET status = $3, attempts = attempts + 1, last_error = $4
       WHERE tenant_id = $1 AND alert_id = $2 AND status = 'pending'`,
      [tenantId, alertId, outcome.status === 'failed' ? 'failed' : 'pending', outcome.error.slice(0, 1000)],
    );
}
