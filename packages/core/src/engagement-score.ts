import { z } from 'zod';
import { CxError } from './cx-error.js';
import { insufficient, kpiValue, type KpiResult } from './kpi-result.js';

/**
 * Engagement score configuration (seed 000: "no standard formula, the components and weights are yours").
 * Each component is capped at `max` (the level counted as fully engaged) and weighted.
 */
export const EngagementConfigSchema = z
  .strictObject({
    components: z.record(
      z
        .string()
        .regex(/^[a-z][a-zA-Z0-9_-]{0,63}$/, 'must be an identifier such as "usage" or "eventsAttended"'),
      z.strictObject({
        /** Relative weight (not a percentage). */
        weight: z.number().min(0),
        /** Value counted as fully engaged (e.g. 20 active days a month); values above are capped. */
        max: z.number().positive(),
        /** Label shown in explanations. */
        label: z.string().max(100).optional(),
      }),
    ),
  })
  .refine((c) => Object.values(c.components).some((x) => x.weight > 0), {
    message: 'at least one component needs a positive weight',
    path: ['components'],
  });

/** Engagement score configuration. */
export type EngagementConfig = z.infer<typeof EngagementConfigSchema>;

/** One component's share of the engagement score. */
export interface EngagementContribution {
  /** Component id. */
  component: string;
  /** min(value / max, 1) × 100. */
  normalized: number;
  /** Weight after renormalising over the components present (sums to 1). */
  weight: number;
  /** normalized × weight: points added to the 0-100 score. */
  points: number;
}

/**
 * Engagement score of one customer, 0-100 (seed 000): a weighted sum of usage, event participation,
 * feedback frequency and depth, and purchase frequency and volume, with components and weights from config.
 *
 * score = Σ wᵢ · min(vᵢ / maxᵢ, 1) × 100 / Σ wᵢ over the components with a value; missing components are
 * listed and their weight spread over the others; n = components present.
 * @throws CxError `engagementScore/invalid-config` naming the field, `engagementScore/invalid-value` naming
 *   `values.<component>`, `engagementScore/unknown-component`.
 * @example engagementScore({ usage: 10, purchases: 4 }, { components: { usage: { weight: 3, max: 20 }, purchases: { weight: 1, max: 4 } } }).value // (3 × 50 + 1 × 100) / 4 = 62.5
 */
export function engagementScore(
  values: Readonly<Record<string, number | null | undefined>>,
  config: EngagementConfig,
): KpiResult<{ contributions: EngagementContribution[]; missing: string[] }> {
  const fn = 'engagementScore';
  const parsed = EngagementConfigSchema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = ['config', ...(issue?.path ?? []).map(String)].join('.');
    throw new CxError(`${fn}/invalid-config`, `${field}: ${issue?.message ?? 'invalid'}`, { field });
  }
  const components = parsed.data.components;
  for (const k of Object.keys(values))
    if (!(k in components))
      throw new CxError(`${fn}/unknown-component`, `values.${k} is not a configured component`, {
        field: `values.${k}`,
      });
  const present: { component: string; normalized: number; w: number }[] = [];
  const missing: string[] = [];
  for (const [component, c] of Object.entries(components)) {
    const v = values[component];
    if (v === null || v === undefined) {
      missing.push(component);
      continue;
    }
    if (!Number.isFinite(v) || v < 0)
      throw new CxError(`${fn}/invalid-value`, `values.${component} must be a finite number >= 0, got ${v}`, {
        field: `values.${component}`,
      });
    if (c.weight > 0) present.push({ component, normalized: 100 * Math.min(v / c.max, 1), w: c.weight });
  }
  const total = present.reduce((s, p) => s + p.w, 0);
  if (total === 0)
    return insufficient(0, 'no component with a positive weight has a value', { contributions: [], missing });
  const contributions = present.map((p) => ({
    component: p.component,
    normalized: p.normalized,
    weight: p.w / total,
    points: (p.normalized * p.w) / total,
  }));
  const score = contributions.reduce((s, c) => s + c.points, 0);
  return kpiValue(present.length, Math.min(100, score), { contributions, missing });
}
