import {
  measureActionPlan,
  objectiveMonths,
  type ActionPlan,
  type ActionPlanView,
  type PlannedAction,
} from '@cxkit/core';
import type { Queryable } from '../db/database.js';
import { listActions, type ImprovementAction } from './actions-store.js';
import { groupedAggregates } from './analytics-store.js';

/**
 * One planned action's progress from the stored monthly aggregates of its metric on its scope (core's
 * `measureActionPlan`: baseline, then each due checkpoint with its interval and n against the target).
 */
export async function actionProgress(
  db: Queryable,
  tenantId: string,
  action: ImprovementAction & { plan: ActionPlan },
  now: Date,
): Promise<PlannedAction> {
  const { metric, scope } = action.plan.objective;
  const rows = await groupedAggregates(
    db,
    tenantId,
    { by: 'month' },
    {
      ...objectiveMonths(action.plan),
      kinds: [metric],
      ...(scope.type === 'segment'
        ? { only: { attribute: scope.attribute, value: scope.value } }
        : scope.type === 'role'
          ? { only: { role: scope.role } }
          : {}),
    },
  );
  return measureActionPlan(
    { actionId: action.id, title: action.title, driver: action.driver, plan: action.plan },
    rows.filter((r) => r.kind === metric).map((r) => ({ month: r.key, summary: r.summary })),
    now.toISOString().slice(0, 10),
  );
}

/** Every action of the tenant's plan with its measured progress, by deadline. */
export async function buildActionPlan(db: Queryable, tenantId: string, now: Date): Promise<ActionPlanView> {
  const planned = (await listActions(db, tenantId))
    .filter((a): a is ImprovementAction & { plan: ActionPlan } => a.plan !== null)
    .sort(
      (a, b) =>
        a.plan.objective.deadline.localeCompare(b.plan.objective.deadline) || a.id.localeCompare(b.id),
    );
  return {
    generatedAt: now.toISOString(),
    actions: await Promise.all(planned.map((a) => actionProgress(db, tenantId, a, now))),
  };
}
