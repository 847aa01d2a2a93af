import type { Client } from '@hubspot/api-client';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import {
  hubspotTaskRequest,
  markHubSpotTask,
  pendingHubSpotTasks,
  type PendingHubSpotTask,
} from '../alerts/hubspot-alert-tasks.js';
import { companyForAccount } from './account-matching.js';
import type { HubSpotGateway } from './hubspot-gateway.js';
import type { HubSpotPortal } from './hubspot-portals-store.js';
import { drainTaskOutbox, MAX_TASK_ATTEMPTS, type TaskDrainResult } from './task-outbox.js';

/** Attempts after which a task HubSpot keeps failing (5xx, network) is given up. */
export const MAX_ALERT_TASK_ATTEMPTS = MAX_TASK_ATTEMPTS;

/** What one pass over a portal's alert tasks did. */
export type AlertTaskDrainResult = TaskDrainResult;

/** Options of {@link drainAlertTasks}. */
export interface AlertTaskDrainOptions {
  db: Database;
  gateway: HubSpotGateway;
  portal: HubSpotPortal;
  logger: Logger;
  /** Stops after the task in flight. */
  signal?: AbortSignal;
}

/**
 * The line that ends a task's body and names its alert: how a retry recognises the task a lost
 * answer left behind (subject and due time are not unique: one evaluation can raise two alerts
 * with the same title for an account).
 */
export const alertTaskMarker = (alertId: string): string => `cxkit alert ${alertId}`;

/**
 * The id of the task this alert already created on the company, if any. A create whose answer was
 * lost (5xx, timeout, crash before recording it) may have happened, so the company's tasks are read
 * (associations are consistent at once, unlike search) and matched on the alert's marker.
 */
async function existingTask(
  call: <T>(fn: (c: Client) => Promise<T>) => Promise<T>,
  companyId: string,
  task: PendingHubSpotTask,
): Promise<string | undefined> {
  const marker = alertTaskMarker(task.alertId);
  let after: string | undefined;
  do {
    const page = await call((c) =>
      c.crm.associations.v4.basicApi.getPage('companies', companyId, 'tasks', after, 500),
    );
    const ids = page.results.map((r) => String(r.toObjectId));
    for (let i = 0; i < ids.length; i += 100) {
      const read = await call((c) =>
        c.crm.objects.tasks.batchApi.read({
          inputs: ids.slice(i, i + 100).map((id) => ({ id })),
          properties: ['hs_task_body'],
          propertiesWithHistory: [],
        }),
      );
      const hit = read.results.find((t) => (t.properties['hs_task_body'] ?? '').includes(marker));
      if (hit) return hit.id;
    }
    after = page.paging?.next?.after;
  } while (after);
  return undefined;
}

/** Creates one alert's task on its company, unless a lost answer means it exists already. */
async function createTask(o: AlertTaskDrainOptions, task: PendingHubSpotTask): Promise<string | null> {
  const { gateway, portal } = o;
  const companyId = await companyForAccount(o.db, gateway, portal, task.accountId);
  if (companyId === undefined) return null;
  const company = await gateway.call(portal, (c) =>
    c.crm.companies.basicApi.getById(companyId, ['hubspot_owner_id']),
  );
  const ownerId = company.properties['hubspot_owner_id'] || null;
  // Each HubSpot request of the look-up is its own gateway call, so the portal's limiter counts them all.
  const found = await existingTask((fn) => gateway.call(portal, fn), companyId, task);
  if (found !== undefined) return found;
  const request = hubspotTaskRequest(task, { companyId, ownerId });
  request.properties.hs_task_body = `${task.body}<br>${alertTaskMarker(task.alertId)}`;
  let tries = 0;
  return gateway.call(portal, async (c) => {
    // The gateway retries a 5xx: the previous create may have been stored before the error.
    if (tries++ > 0) {
      const again = await existingTask((fn) => fn(c), companyId, task);
      if (again !== undefined) return again;
    }
    // The api-client types associationCategory as its own enum; the value is HubSpot's string.
    return (await c.crm.objects.tasks.basicApi.create(request as never)).id;
  });
}

/**
 * Creates the HubSpot tasks queued for a portal's account alerts (`alert_hubspot_tasks`), oldest
 * first: each on the account's company, owned by the company's owner. One alert, one task,
 * whatever the retries: before creating, the company's tasks are checked for one a lost answer
 * left behind. An account without a company, or a task HubSpot refuses (4xx), is marked failed;
 * a 5xx after the gateway's retries counts an attempt and stops the pass; a portal that needs
 * reconnecting stops the pass and leaves every task as it was.
 */
export async function drainAlertTasks(o: AlertTaskDrainOptions): Promise<AlertTaskDrainResult> {
  const tenantId = o.portal.tenantId;
  return drainTaskOutbox({
    tasks: await pendingHubSpotTasks(o.db, tenantId),
    create: async (task) => {
      const taskId = await createTask(o, task);
      return taskId === null
        ? { noTarget: `no HubSpot company matches account ${task.accountId}` }
        : { taskId };
    },
    mark: (task, outcome) => markHubSpotTask(o.db, tenantId, task.alertId, outcome),
    logger: o.logger,
    describe: (task) => ({ portalId: o.portal.portalId, alertId: task.alertId }),
    what: 'hubspot alert task',
    signal: o.signal,
  });
}
