import { z } from 'zod';
import type { KeyDriver } from './key-drivers.js';

/** Effort levels an admin enters for an action (seed 001: complexity of implementation, cost). */
export const EFFORT_LEVELS = ['low', 'medium', 'high'] as const;

/** A candidate improvement action, linked to the driver it addresses. */
export const ImprovementActionInputSchema = z.strictObject({
  title: z.string().trim().min(1).max(200),
  /** Plain text; renderers must escape it. */
  description: z.string().max(2000).default(''),
  /** The key driver it addresses (an id from the drivers analysis, e.g. `touchpoint:post-delivery/ces`). */
  driver: z.string().min(1).max(200),
  complexity: z.enum(EFFORT_LEVELS),
  cost: z.enum(EFFORT_LEVELS),
  /** Estimated investment, in the tenant's currency (optional). */
  costAmount: z.number().min(0).max(1e12).nullable().default(null),
});

/** A candidate action as entered. */
export type ImprovementActionInput = z.infer<typeof ImprovementActionInputSchema>;

/** Where an action falls on the seed's matrix (impact × effort). */
export const PRIORITY_QUADRANTS = ['quick-win', 'structural', 'fill-in', 'deprioritise'] as const;

/** A ranked action with its reasons. */
export const RankedActionSchema = z.strictObject({
  rank: z.int().min(1),
  actionId: z.string(),
  title: z.string(),
  driver: z.string(),
  driverLabel: z.string().nullable(),
  quadrant: z.enum(PRIORITY_QUADRANTS),
  /** Portfolio NPS points at stake on its driver, with the interval (null: driver unknown or insufficient). */
  impact: z.number().nullable(),
  impactInterval: z.strictObject({ lower: z.number(), upper: z.number() }).nullable(),
  accounts: z.int().min(0),
  mrr: z.number(),
  complexity: z.enum(EFFORT_LEVELS),
  cost: z.enum(EFFORT_LEVELS),
  /** Why it ranks there, in words (plain text). */
  explanation: z.string(),
});

/** A ranked action. */
export type RankedAction = z.infer<typeof RankedActionSchema>;

/** Options of {@link rankActions}. */
export interface RankOptions {
  /** Portfolio NPS points at stake from which an impact counts as high (default 2). */
  highImpact?: number;
}

const EFFORT = { low: 1, medium: 2, high: 3 } as const;
const QUADRANT_ORDER = { 'quick-win': 0, structural: 1, 'fill-in': 2, deprioritise: 3 } as const;
const fmt = (x: number) => (Math.abs(x) >= 10 ? x.toFixed(0) : x.toFixed(1));

/**
 * Ranks candidate actions on the seed's prioritisation matrix (seed 001): impact on satisfaction and
 * customers concerned come from the action's key driver, complexity and cost are entered. High impact:
 * the driver significantly pulls NPS down (its gap's interval excludes 0) and puts at least
 * `highImpact` portfolio points at stake. Low effort: neither complexity nor cost is high and not both
 * are medium. Quick wins come first, then structural projects (high impact, high effort: to plan),
 * then fill-ins, then the rest; within a quadrant by impact, then customers concerned, then effort.
 * Each rank carries its explanation.
 * @example rankActions([{ id: 'a1', title: 'Fixed delivery slots', driver: 'touchpoint:post-delivery/ces', complexity: 'low', cost: 'low' }], drivers)[0].quadrant // 'quick-win'
 */
export function rankActions(
  actions: readonly (Pick<ImprovementActionInput, 'title' | 'driver' | 'complexity' | 'cost'> & {
    id: string;
  })[],
  drivers: readonly KeyDriver[],
  o: RankOptions = {},
): RankedAction[] {
  const high = o.highImpact ?? 2;
  const byId = new Map(drivers.map((d) => [d.id, d]));
  const rows = actions.map((a) => {
    const d = byId.get(a.driver);
    const impact = d?.status === 'ok' ? d.impact : null;
    const highImpact = d !== undefined && d.pullsDown && impact !== null && impact >= high;
    const effort = EFFORT[a.complexity] + EFFORT[a.cost];
    const lowEffort = a.complexity !== 'high' && a.cost !== 'high' && effort <= 3;
    const quadrant: (typeof PRIORITY_QUADRANTS)[number] = highImpact
      ? lowEffort
        ? 'quick-win'
        : 'structural'
      : lowEffort
        ? 'fill-in'
        : 'deprioritise';
    const why: string[] = [];
    if (!d) why.push(`its driver "${a.driver}" is not among the analysed drivers, so its impact is unknown`);
    else if (d.status !== 'ok')
      why.push(`its driver "${d.label}" has too few answers to measure (${d.reason ?? 'insufficient data'})`);
    else {
      const i = d.impactInterval!;
      why.push(
        `accounts exposed to "${d.label}" score NPS ${fmt(Math.abs(d.gap!))} points ${d.gap! < 0 ? 'below' : 'above'} ` +
          (d.method === 'adjusted-regression'
            ? 'others equally satisfied at the other touchpoints '
            : 'the others ') +
          `(95% interval ${fmt(d.gapInterval!.lower)} to ${fmt(d.gapInterval!.upper)}; ${d.exposedAnswers} and ${d.otherAnswers} answers)` +
          `${d.smallSample ? ', a small sample' : ''}`,
      );
      why.push(
        `${fmt(d.impact!)} points of portfolio NPS at stake (${fmt(i.lower)} to ${fmt(i.upper)}), ${d.accounts} accounts concerned` +
          (d.mrrKnown > 0 ? ` with ${Math.round(d.mrr).toLocaleString('en')} of monthly revenue` : ''),
      );
      if (!d.pullsDown)
        why.push('the gap is not distinguishable from no effect, so the impact does not count as high');
      else if (d.impact! < high) why.push(`below the ${high}-point threshold of a high impact`);
    }
    why.push(`complexity ${a.complexity}, cost ${a.cost}`);
    const lead = {
      'quick-win': 'Quick win: high impact for a low effort, start now',
      structural: 'Structural project: high impact but a high effort, plan it',
      'fill-in': 'Fill-in: low effort but no measured high impact',
      deprioritise: 'Deprioritise: high effort without a measured high impact',
    }[quadrant];
    return {
      action: a,
      driver: d,
      quadrant,
      impact,
      effort,
      explanation: `${lead}. ${why.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('. ')}.`,
    };
  });
  rows.sort(
    (x, y) =>
      QUADRANT_ORDER[x.quadrant] - QUADRANT_ORDER[y.quadrant] ||
      (y.impact ?? -Infinity) - (x.impact ?? -Infinity) ||
      (y.driver?.accounts ?? 0) - (x.driver?.accounts ?? 0) ||
      x.effort - y.effort ||
      x.action.id.localeCompare(y.action.id),
  );
  return rows.map((r, i) => ({
    rank: i + 1,
    actionId: r.action.id,
    title: r.action.title,
    driver: r.action.driver,
    driverLabel: r.driver?.label ?? null,
    quadrant: r.quadrant,
    impact: r.impact,
    impactInterval: r.driver?.status === 'ok' ? r.driver.impactInterval : null,
    accounts: r.driver?.accounts ?? 0,
    mrr: r.driver?.mrr ?? 0,
    complexity: r.action.complexity,
    cost: r.action.cost,
    explanation: r.explanation,
  }));
}
