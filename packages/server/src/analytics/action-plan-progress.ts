import {
  compareWithTarget,
  emptySummary,
  mergeSummaries,
  nextPeriodKey,
  periodKey,
  periodRange,
  scoredCount,
  type ActionPlan,
  type ActionPlanView,
  type PlannedAction,
  type ScoreSummary,
} from '@cxkit/core';
import type { Queryable } from '../db/database.js';
import { listActions, type ImprovementAction } from './actions-store.js';
import { groupedAggregates, type GroupedSummary } from './analytics-store.js';
import { figureOf, kpiOf } from './portfolio-analytics.js';

const monthOf = (date: string) => date.slice(0, 7);

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return periodKey(d, 'month');
}

/** The merged summary of some months, on the scale most answers used. */
function mergedMonths(
  rows: readonly GroupedSummary[],
  months: ReadonlySet<string>,
  kind: ActionPlan['objective']['metric'],
) {
  const byScale = new Map<string, ScoreSummary[]>();
  for (const r of rows)
    if (months.has(r.key)) {
      const k = `${r.summary.scale.min}-${r.summary.scale.max}-${r.summary.scale.polarity}`;
      byScale.set(k, [...(byScale.get(k) ?? []), r.summary]);
    }
  let best: ScoreSummary | undefined;
  for (const list of byScale.values()) {
    const m = mergeSummaries(list);
    if (!best || scoredCount(m) > scoredCount(best)) best = m;
  }
  return best ?? emptySummary(kind);
}

/**
 * One planned action's progress, measured by its metric on its scope from the stored monthly aggregates:
 * the baseline (the 3 months before the start), then each checkpoint's period (the months since the previous
 * checkpoint, the first from the start) with its interval and n, against the target (core's compareWithTarget).
 */
export async function actionProgress(
  db: Queryable,
  tenantId: string,
  action: ImprovementAction & { plan: ActionPlan },
  now: Date,
): Promise<PlannedAction> {
  const plan = action.plan;
  const { metric, scope, target, start } = plan.objective;
  const startMonth = monthOf(start);
  const lastMonth = monthOf(plan.checkpoints.at(-1)!);
  const rows = await groupedAggregates(
    db,
    tenantId,
    { by: 'month' },
    {
      fromMonth: shiftMonth(startMonth, -3),
      toMonth: lastMonth > startMonth ? lastMonth : startMonth,
      kinds: [metric],
      ...(scope.type === 'segment'
        ? { only: { attribute: scope.attribute, value: scope.value } }
        : scope.type === 'role'
          ? { only: { role: scope.role } }
          : {}),
    },
  );
  const ofKind = rows.filter((r) => r.kind === metric);
  const baselineSummary = mergedMonths(
    ofKind,
    new Set(periodRange(shiftMonth(startMonth, -3), shiftMonth(startMonth, -1))),
    metric,
  );
  const baseline = figureOf(metric, baselineSummary);
  const today = now.toISOString().slice(0, 10);
  let previous: string | null = null;
  const checkpoints = plan.checkpoints.map((date) => {
    const fromMonth = previous === null ? startMonth : nextPeriodKey(monthOf(previous));
    const toMonth = monthOf(date);
    const from = previous === null ? start : `${fromMonth}-01`;
    previous = date;
    if (date > today)
      return { date, from, due: false, figure: null, changeFromBaseline: null, verdict: 'not-due' as const };
    const months = new Set(fromMonth <= toMonth ? periodRange(fromMonth, toMonth) : [toMonth]);
    const summary = mergedMonths(ofKind, months, metric);
    const result = kpiOf(metric, summary);
    const c = compareWithTarget(result, target);
    return {
      date,
      from,
      due: true,
      figure: figureOf(metric, summary),
      changeFromBaseline:
        result.status === 'ok' && baseline.value !== null ? result.value - baseline.value : null,
      verdict: c.status === 'ok' ? c.verdict : ('insufficient-data' as const),
    };
  });
  const measured = checkpoints.filter((c) => c.due);
  return {
    actionId: action.id,
    title: action.title,
    driver: action.driver,
    plan: {
      objective: plan.objective,
      owner: plan.owner,
      status: plan.status,
      checkpoints: plan.checkpoints,
    },
    baseline,
    checkpoints,
    latestVerdict: measured.at(-1)?.verdict ?? 'not-due',
  };
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
