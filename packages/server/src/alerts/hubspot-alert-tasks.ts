import type { AlertEvent, AlertSeverity } from '@cxkit/core';
import type { Queryable } from '../db/database.js';

/** HubSpot's association type id of a task to a company (HUBSPOT_DEFINED `task_to_company`). */
export const TASK_TO_COMPANY_ASSOCIATION = 192;

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

const PRIORITY: Record<AlertSeverity, PendingHubSpotTask['priority']> = {
  info: 'LOW',
  warning: 'MEDIUM',
  critical: 'HIGH',
};

// HubSpot renders hs_task_body as HTML: the alert text (which can quote a customer) is escaped.
const escapeHtml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** The task fields of an account alert: subject, escaped body, due a day after the alert, priority from severity. */
export function hubspotTaskFields(event: AlertEvent, createdAt: Date) {
  const quote = typeof event.details['text'] === 'string' ? `\n“${event.details['text']}”` : '';
  return {
    subject: `cxkit alert: ${event.title}`.slice(0, 250),
    body: escapeHtml(`${event.title}${quote}\nRule: ${event.ruleId} · period ${event.period}`).replace(
      /\n/g,
      '<br>',
    ),
    dueAt: new Date(createdAt.getTime() + 86_400_000).toISOString(),
    priority: PRIORITY[event.severity],
  };
}

/**
 * The body of `POST /crm/v3/objects/tasks` for a pending task, once the sync knows the company and its owner:
 * `hs_task_subject`, `hs_task_body`, `hs_timestamp`, `hs_task_status`, `hs_task_priority`, `hubspot_owner_id`,
 * associated to the company.
 */
export function hubspotTaskRequest(
  task: PendingHubSpotTask,
  to: { companyId: string; ownerId: string | null },
) {
  return {
    properties: {
      hs_task_subject: task.subject,
      hs_task_body: task.body,
      hs_timestamp: task.dueAt,
      hs_task_status: 'NOT_STARTED',
      hs_task_priority: task.priority,
      hs_task_type: 'TODO',
      ...(to.ownerId === null ? {} : { hubspot_owner_id: to.ownerId }),
    },
    associations: [
      {
        to: { id: to.companyId },
        types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: TASK_TO_COMPANY_ASSOCIATION }],
      },
    ],
  };
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
