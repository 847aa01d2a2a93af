import {
  ActionPlanSchema,
  ImprovementActionInputSchema,
  type ActionPlan,
  type ImprovementActionInput,
} from '@cxkit/core';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database, Queryable } from '../db/database.js';
import { checkpointTasks } from './checkpoint-tasks.js';
import { queueCheckpointTasks } from './checkpoint-tasks-store.js';
import { HttpError } from '../http-error.js';

/** A stored candidate action. */
export const ImprovementActionSchema = ImprovementActionInputSchema.extend({
  id: z.string(),
  /** Its plan, once it is in the action plan. */
  plan: z.lazy(() => ActionPlanSchema).nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** A stored action. */
export type ImprovementAction = z.infer<typeof ImprovementActionSchema>;

interface Row {
  id: string;
  action: unknown;
  plan: unknown;
  created_by: string;
  created_at: Date | string;
  updated_at: Date | string;
}

const toAction = (r: Row): ImprovementAction => ({
  ...ImprovementActionInputSchema.parse(typeof r.action === 'string' ? JSON.parse(r.action) : r.action),
  id: r.id,
  plan:
    r.plan === null ? null : ActionPlanSchema.parse(typeof r.plan === 'string' ? JSON.parse(r.plan) : r.plan),
  createdBy: r.created_by,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

const notFound = (id: string) => new HttpError(404, 'action/not-found', `no improvement action "${id}"`);

/** The tenant's candidate actions, oldest first. */
export async function listActions(db: Queryable, tenantId: string): Promise<ImprovementAction[]> {
  const r = await db.query<Row>(
    `SELECT id, action, plan, created_by, created_at, updated_at FROM improvement_actions
      WHERE tenant_id = $1 ORDER BY created_at, id`,
    [tenantId],
  );
  return r.rows.map(toAction);
}

/** Adds a candidate action under a new id. */
export async function createAction(
  db: Queryable,
  tenantId: string,
  input: ImprovementActionInput,
  actor: string,
): Promise<ImprovementAction> {
  const r = await db.query<Row>(
    `INSERT INTO improvement_actions (tenant_id, id, action, created_by) VALUES ($1, $2, $3, $4)
     RETURNING id, action, plan, created_by, created_at, updated_at`,
    [tenantId, randomUUID(), JSON.stringify(input), actor],
  );
  return toAction(r.rows[0]!);
}

/**
 * Replaces a candidate action.
 * @throws HttpError 404 `action/not-found`.
 */
export async function updateAction(
  db: Queryable,
  tenantId: string,
  id: string,
  input: ImprovementActionInput,
): Promise<ImprovementAction> {
  const r = await db.query<Row>(
    `UPDATE improvement_actions SET action = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2
     RETURNING id, action, plan, created_by, created_at, updated_at`,
    [tenantId, id, JSON.stringify(input)],
  );
  if (!r.rows[0]) throw notFound(id);
  return toAction(r.rows[0]);
}

/**
 * Deletes a candidate action.
 * @throws HttpError 404 `action/not-found`.
 */
export async function deleteAction(db: Queryable, tenantId: string, id: string): Promise<void> {
  const r = await db.query('DELETE FROM improvement_actions WHERE tenant_id = $1 AND id = $2', [
    tenantId,
    id,
  ]);
  if (r.rowCount === 0) throw notFound(id);
}

/**
 * Puts an action in the plan (or replaces its plan); `null` takes it out. In the same transaction, its
 * HubSpot checkpoint tasks still to be created follow the plan (queued, updated or dropped).
 * @throws HttpError 404 `action/not-found`.
 */
export async function setActionPlan(
  db: Database,
  tenantId: string,
  id: string,
  plan: ActionPlan | null,
): Promise<ImprovementAction> {
  return db.transaction(async (tx) => {
    const r = await tx.query<Row>(
      `UPDATE improvement_actions SET plan = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2
       RETURNING id, action, plan, created_by, created_at, updated_at`,
      [tenantId, id, plan === null ? null : JSON.stringify(plan)],
    );
    if (!r.rows[0]) throw notFound(id);
    const action = toAction(r.rows[0]);
    await queueCheckpointTasks(tx, tenantId, id, checkpointTasks(tenantId, action, action.plan));
    return action;
  });
}
