import type { Queryable } from '../db/database.js';
import type { CheckpointTaskFields } from './checkpoint-tasks.js';

/** A checkpoint task waiting for the HubSpot sync to create it. */
export interface PendingCheckpointTask extends CheckpointTaskFields {
  /** The action. */
  actionId: string;
  /** Creation attempts so far. */
  attempts: number;
}

/**
 * Makes an action's pending checkpoint tasks what its plan asks for (`tasks`, from `checkpointTasks`):
 * new checkpoints queued, pending ones updated (subject, owner, due date), pending ones the plan no longer
 * has dropped. Tasks already created in HubSpot are left alone. Run it in the transaction that saves the plan.
 */
export async function queueCheckpointTasks(
  db: Queryable,
  tenantId: string,
  actionId: string,
  tasks: readonly CheckpointTaskFields[],
): Promise<void> {
  await db.query(
    `DELETE FROM action_checkpoint_tasks
      WHERE tenant_id = $1 AND action_id = $2 AND status = 'pending' AND NOT (checkpoint = ANY ($3::date[]))`,
    [tenantId, actionId, tasks.map((t) => t.checkpoint)],
  );
  if (tasks.length === 0) return;
  await db.query(
    `INSERT INTO action_checkpoint_tasks (tenant_id, action_id, checkpoint, owner_id, subject, body, due_at)
     SELECT $1, $2, x.checkpoint, x.owner_id, x.subject, x.body, x.due_at
       FROM jsonb_to_recordset($3::jsonb) AS x(checkpoint date, owner_id text, subject text, body text, due_at timestamptz)
     ON CONFLICT (tenant_id, action_id, checkpoint) DO UPDATE
        SET owner_id = EXCLUDED.owner_id, subject = EXCLUDED.subject, body = EXCLUDED.body, due_at = EXCLUDED.due_at
      WHERE action_checkpoint_tasks.status = 'pending'`,
    [
      tenantId,
      actionId,
      JSON.stringify(
        tasks.map((t) => ({
          checkpoint: t.checkpoint,
          owner_id: t.ownerId,
          subject: t.subject,
          body: t.body,
          due_at: t.dueAt,
        })),
      ),
    ],
  );
}

/** A tenant's pending checkpoint tasks, oldest first (for the HubSpot sync). */
export async function pendingCheckpointTasks(
  db: Queryable,
  tenantId: string,
  limit = 50,
): Promise<PendingCheckpointTask[]> {
  const r = await db.query<{
    action_id: string;
    checkpoint: string | Date;
    owner_id: string;
    subject: string;
    body: string;
    due_at: string | Date;
    attempts: number;
  }>(
    `SELECT action_id, checkpoint::text AS checkpoint, owner_id, subject, body, due_at, attempts
       FROM action_checkpoint_tasks
      WHERE tenant_id = $1 AND status = 'pending' ORDER BY created_at, action_id, checkpoint LIMIT $2`,
    [tenantId, limit],
  );
  return r.rows.map((x) => ({
    actionId: x.action_id,
    checkpoint: String(x.checkpoint).slice(0, 10),
    ownerId: x.owner_id,
    subject: x.subject,
    body: x.body,
    dueAt: new Date(x.due_at).toISOString(),
    attempts: x.attempts,
  }));
}

/**
 * Records the outcome of creating a checkpoint task: `created` with HubSpot's id, `retry` counts an attempt
 * and leaves it pending, `failed` gives up.
 */
export async function markCheckpointTask(
  db: Queryable,
  tenantId: string,
  task: { actionId: string; checkpoint: string },
  outcome: { status: 'created'; taskId: string } | { status: 'retry' | 'failed'; error: string },
): Promise<void> {
  if (outcome.status === 'created')
    await db.query(
      `UPDATE action_checkpoint_tasks SET status = 'created', hubspot_task_id = $4, attempts = attempts + 1, last_error = NULL
        WHERE tenant_id = $1 AND action_id = $2 AND checkpoint = $3::date`,
      [tenantId, task.actionId, task.checkpoint, outcome.taskId],
    );
  else
    await db.query(
      `UPDATE action_checkpoint_tasks SET status = $4, attempts = attempts + 1, last_error = $5
        WHERE tenant_id = $1 AND action_id = $2 AND checkpoint = $3::date AND status = 'pending'`,
      [
        tenantId,
        task.actionId,
        task.checkpoint,
        outcome.status === 'failed' ? 'failed' : 'pending',
        outcome.error.slice(0, 1000),
      ],
    );
}

/** An action's checkpoint tasks and where each stands (for the plan's readers and tests). */
export async function checkpointTaskStates(
  db: Queryable,
  tenantId: string,
  actionId: string,
): Promise<
  {
    checkpoint: string;
    status: string;
    hubspotTaskId: string | null;
    attempts: number;
    lastError: string | null;
  }[]
> {
  const r = await db.query<{
    checkpoint: string;
    status: string;
    hubspot_task_id: string | null;
    attempts: number;
    last_error: string | null;
  }>(
    `SELECT checkpoint::text AS checkpoint, status, hubspot_task_id, attempts, last_error FROM action_checkpoint_tasks
      WHERE tenant_id = $1 AND action_id = $2 ORDER BY checkpoint`,
    [tenantId, actionId],
  );
  return r.rows.map((x) => ({
    checkpoint: String(x.checkpoint).slice(0, 10),
    status: x.status,
    hubspotTaskId: x.hubspot_task_id,
    attempts: x.attempts,
    lastError: x.last_error,
  }));
}
