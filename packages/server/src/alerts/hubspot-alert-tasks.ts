import type { AlertEvent, AlertSeverity } from '@cxkit/core';
import type { PendingHubSpotTask } from './hubspot-task-store.js';

export { markHubSpotTask, pendingHubSpotTasks, type PendingHubSpotTask } from './hubspot-task-store.js';

/** HubSpot's association type id of a task to a company (HUBSPOT_DEFINED `task_to_company`). */
export const TASK_TO_COMPANY_ASSOCIATION = 192;

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
