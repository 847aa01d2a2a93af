import type { Client } from '@hubspot/api-client';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import { checkpointTaskMarker } from '../analytics/checkpoint-tasks.js';
import {
  markCheckpointTask,
  pendingCheckpointTasks,
  type PendingCheckpointTask,
} from '../analytics/checkpoint-tasks-store.js';
import type { HubSpotGateway } from './hubspot-gateway.js';
import type { HubSpotPortal } from './hubspot-portals-store.js';
import { drainTaskOutbox, type TaskDrainResult } from './task-outbox.js';

/** Options of {@link drainCheckpointTasks}. */
export interface CheckpointTaskDrainOptions {
  db: Database;
  gateway: HubSpotGateway;
  portal: HubSpotPortal;
  logger: Logger;
  /** Stops after the task in flight. */
  signal?: AbortSignal;
}

/**
 * The task a lost answer left behind, if any: a task is associated to nothing, so it is looked up by the
 * marker that ends its body through `POST /crm/v3/objects/tasks/search` (`CONTAINS_TOKEN`; HubSpot, "CRM
 * search": filters on any property, whole tokens). HubSpot's search index lags writes by a few seconds, so
 * a create retried at once may not see its twin; the next pass (seconds later) does.
 */
async function existingTask(
  call: <T>(fn: (c: Client) => Promise<T>) => Promise<T>,
  marker: string,
): Promise<string | undefined> {
  const found = await call((c) =>
    c.crm.objects.tasks.searchApi.doSearch({
      filterGroups: [
        { filters: [{ propertyName: 'hs_task_body', operator: 'CONTAINS_TOKEN' as never, value: marker }] },
      ],
      properties: ['hs_task_body'],
      limit: 1,
    }),
  );
  return found.results[0]?.id;
}

/** Creates one checkpoint's task for its owner, unless an earlier attempt's answer was lost after creating it. */
async function createTask(o: CheckpointTaskDrainOptions, task: PendingCheckpointTask): Promise<string> {
  const { gateway, portal } = o;
  const marker = checkpointTaskMarker(portal.tenantId, task.actionId, task.checkpoint);
  if (task.attempts > 0) {
    const found = await existingTask((fn) => gateway.call(portal, fn), marker);
    if (found !== undefined) return found;
  }
  let tries = 0;
  return gateway.call(portal, async (c) => {
    // The gateway retries a 5xx: the previous create may have been stored before the error.
    if (tries++ > 0) {
      const again = await existingTask((fn) => fn(c), marker);
      if (again !== undefined) return again;
    }
    const created = await c.crm.objects.tasks.basicApi.create({
      properties: {
        hs_task_subject: task.subject,
        hs_task_body: task.body,
        hs_timestamp: task.dueAt,
        hs_task_status: 'NOT_STARTED',
        hs_task_priority: 'MEDIUM',
        hs_task_type: 'TODO',
        hubspot_owner_id: task.ownerId,
      },
      associations: [],
    });
    return created.id;
  });
}

/**
 * Creates the HubSpot tasks queued for a portal's action-plan checkpoints (`action_checkpoint_tasks`),
 * oldest first, each owned by the plan's owner and associated to nothing (an objective is on a portfolio,
 * segment or role, not a company). The same outbox rules as the alert tasks: one checkpoint, one task,
 * whatever the retries; a 4xx (an owner id HubSpot does not know) marks it failed; a 429 or 5xx after the
 * gateway's retries counts an attempt and stops the pass; the daily limit or a portal needing reconnection
 * leaves the rest queued.
 */
export async function drainCheckpointTasks(o: CheckpointTaskDrainOptions): Promise<TaskDrainResult> {
  const tenantId = o.portal.tenantId;
  return drainTaskOutbox({
    tasks: await pendingCheckpointTasks(o.db, tenantId),
    create: async (task) => ({ taskId: await createTask(o, task) }),
    mark: (task, outcome) => markCheckpointTask(o.db, tenantId, task, outcome),
    logger: o.logger,
    describe: (task) => ({
      portalId: o.portal.portalId,
      actionId: task.actionId,
      checkpoint: task.checkpoint,
    }),
    what: 'hubspot checkpoint task',
    signal: o.signal,
  });
}
