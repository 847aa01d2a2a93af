import type { ActionPlan, PlannedAction } from './action-plan.js';
import { compareWithTarget } from './compare-with-target.js';
import { analyticsKpiOf, kpiViewOf } from './monthly-report-input.js';
import { nextPeriodKey, periodKey, periodRange } from './period.js';
import { emptySummary, mergeSummaries, scoredCount, type ScoreSummary } from './score-summary.js';

/** One month of an objective's metric on its scope (several rows of a month are merged). */
export interface ObjectiveMonth {
  /** `YYYY-MM`. */
  month: string;
  /** The month's answers of the objective's metric, on the objective's scope. */
  summary: ScoreSummary;
}

const monthOf = (date: string) => date.slice(0, 7);

/** The month `by` months after `month` (before when negative). */
export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return periodKey(new Date(Date.UTC(y, m - 1 + by, 1)), 'month');
}

/** The months an action's progress reads: from 3 months before its start to its last checkpoint. */
export function objectiveMonths(plan: ActionPlan): { fromMonth: string; toMonth: string } {
  const startMonth = monthOf(plan.objective.start);
  const lastMonth = monthOf(plan.checkpoints.at(-1)!);
  return { fromMonth: shiftMonth(startMonth, -3), toMonth: lastMonth > startMonth ? lastMonth : startMonth };
}

/** The merged summary of some months, on the scale most answers used (summaries on two scales cannot merge). */
function mergedMonths(
  rows: readonly ObjectiveMonth[],
  months: ReadonlySet<string>,
  kind: ActionPlan['objective']['metric'],
) {
  const byScale = new Map<string, ScoreSummary[]>();
  for (const r of rows)
    if (months.has(r.month)) {
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
 * One planned action's progress, measured by its metric on its scope: the baseline (the 3 months before the
 * start), then each checkpoint's period (the months since the previous checkpoint, the first from the start)
 * with its interval and n, against the target (core's compareWithTarget). Checkpoints after `today`
 * (`YYYY-MM-DD`) are not due. `rows` hold the objective's metric on its scope only.
 * @example measureActionPlan({ actionId: 'a1', title: 'Fix invoices', driver: 'theme:billing', plan }, rows, '2026-06-15').latestVerdict
 */
export function measureActionPlan(
  action: { actionId: string; title: string; driver: string; plan: ActionPlan },
  rows: readonly ObjectiveMonth[],
  today: string,
): PlannedAction {
  const plan = action.plan;
  const { metric, target, start } = plan.objective;
  const startMonth = monthOf(start);
  const baselineSummary = mergedMonths(
    rows,
    new Set(periodRange(shiftMonth(startMonth, -3), shiftMonth(startMonth, -1))),
    metric,
  );
  const baseline = kpiViewOf(metric, baselineSummary);
  let previous: string | null = null;
  const checkpoints = plan.checkpoints.map((date) => {
    const fromMonth = previous === null ? startMonth : nextPeriodKey(monthOf(previous));
    const toMonth = monthOf(date);
    const from = previous === null ? start : `${fromMonth}-01`;
    previous = date;
    if (date > today)
      return { date, from, due: false, figure: null, changeFromBaseline: null, verdict: 'not-due' as const };
    const months = new Set(fromMonth <= toMonth ? periodRange(fromMonth, toMonth) : [toMonth]);
    const summary = mergedMonths(rows, months, metric);
    const result = analyticsKpiOf(metric, summary);
    const c = compareWithTarget(result, target);
    return {
      date,
      from,
      due: true,
      figure: kpiViewOf(metric, summary, result),
      changeFromBaseline:
        result.status === 'ok' && baseline.value !== null ? result.value - baseline.value : null,
      verdict: c.status === 'ok' ? c.verdict : ('insufficient-data' as const),
    };
  });
  const measured = checkpoints.filter((c) => c.due);
  return {
    actionId: action.actionId,
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
