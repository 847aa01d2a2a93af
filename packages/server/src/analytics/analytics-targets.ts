import { z } from 'zod';
import { latestVersion, saveVersion } from '../admin/config-store.js';
import type { Queryable } from '../db/database.js';

/** The config entity the targets are versioned under (config_versions, like every admin setting). */
const ENTITY = 'analytics-targets';

/**
 * The tenant's KPI targets (seed 001: "compare actuals with targets"): NPS in points, CSAT in
 * percent, CES and C2ES on their scale. A KPI without a target is shown without a comparison.
 */
export const AnalyticsTargetsSchema = z.strictObject({
  nps: z.number().min(-100).max(100).optional(),
  csat: z.number().min(0).max(100).optional(),
  ces: z.number().min(0).max(10).optional(),
  c2es: z.number().min(0).max(10).optional(),
});

/** KPI targets. */
export type AnalyticsTargets = z.infer<typeof AnalyticsTargetsSchema>;

/** Stored targets with their version (0 when never set). */
export const VersionedTargetsSchema = z.strictObject({
  version: z.int().min(0),
  updatedAt: z.string().nullable(),
  targets: AnalyticsTargetsSchema,
});

/** The tenant's current targets (none set: version 0, no target). */
export async function currentTargets(
  db: Queryable,
  tenantId: string,
): Promise<z.infer<typeof VersionedTargetsSchema>> {
  const v = await latestVersion<unknown>(db, tenantId, ENTITY);
  if (!v) return { version: 0, updatedAt: null, targets: {} };
  return { version: v.version, updatedAt: v.changedAt, targets: AnalyticsTargetsSchema.parse(v.value) };
}

/** Saves a new version of the targets, naming who changed them. */
export async function saveTargets(
  db: Queryable,
  tenantId: string,
  targets: AnalyticsTargets,
  actor: string,
): Promise<z.infer<typeof VersionedTargetsSchema>> {
  const v = await saveVersion(db, tenantId, ENTITY, '', targets, actor);
  return { version: v.version, updatedAt: v.changedAt, targets };
}
