import { z } from 'zod';
import {
  DEFAULT_HEALTH_CONFIG,
  DEFAULT_ROLE_WEIGHTS,
  DEFAULT_THEME_DICTIONARY,
  HealthConfigSchema,
  RoleWeightsSchema,
  SurveyDefinitionSchema,
  ThemeDictionarySchema,
} from '@cxkit/core';
import type { Queryable } from '../db/database.js';
import { ChurnSettingsSchema, DEFAULT_CHURN_SETTINGS } from '../insights/churn-settings.js';

/** Server-side fatigue caps, applied across devices by `GET /v1/eligibility`. */
export const FatigueSettingsSchema = z.strictObject({
  /** After answering any survey, a person is not asked again for this many days. */
  respondentCooldownDays: z.int().min(0).max(365).default(7),
  /** An account answers at most this many responses per window... */
  accountMaxResponses: z.int().min(1).max(100_000).default(20),
  /** ...of this many days. */
  accountWindowDays: z.int().min(1).max(365).default(30),
});

/** Fatigue caps. */
export type FatigueSettings = z.infer<typeof FatigueSettingsSchema>;

/** Versioned configuration kinds, with their schema and default. */
export const SETTINGS = {
  'role-weights': { schema: RoleWeightsSchema, fallback: DEFAULT_ROLE_WEIGHTS },
  /** Health-score components with their weights and scales, and the colour bands (thresholds). */
  health: { schema: HealthConfigSchema, fallback: DEFAULT_HEALTH_CONFIG },
  fatigue: { schema: FatigueSettingsSchema, fallback: FatigueSettingsSchema.parse({}) },
  /** The theme dictionary open answers are tagged with (core's format, as `cxkit verbatims --themes`). */
  themes: { schema: ThemeDictionarySchema, fallback: DEFAULT_THEME_DICTIONARY },
  /** The churn forecast's horizon and minimum churned accounts. */
  churn: { schema: ChurnSettingsSchema, fallback: DEFAULT_CHURN_SETTINGS },
} as const;

/** Names of the tenant-wide settings. */
export type SettingName = keyof typeof SETTINGS;

/** Setting names as a zod enum (route parameter). */
export const SettingNameSchema = z.enum(Object.keys(SETTINGS) as [SettingName, ...SettingName[]]);

/** One stored version of a configuration entity. */
export interface ConfigVersion<T = unknown> {
  /** `survey` or a setting name. */
  entity: string;
  /** Survey id, or '' for tenant-wide settings. */
  entityId: string;
  /** 1, 2, ... */
  version: number;
  /** The validated value. */
  value: T;
  /** Who changed it (the admin's `X-Cx-Actor`, or `admin-key`). */
  actor: string;
  /** When. */
  changedAt: string;
}

interface Row {
  entity: string;
  entity_id: string;
  version: number;
  value: unknown;
  actor: string;
  changed_at: Date | string;
}

const toVersion = <T>(r: Row): ConfigVersion<T> => ({
  entity: r.entity,
  entityId: r.entity_id,
  version: r.version,
  value: r.value as T,
  actor: r.actor,
  changedAt: new Date(r.changed_at).toISOString(),
});

/**
 * Appends a new version of an entity (never overwrites) and returns it. The version number is
 * the previous one plus one; the primary key makes two concurrent writers conflict instead of
 * silently sharing a number, and the loser retries.
 */
export async function saveVersion<T>(
  db: Queryable,
  tenantId: string,
  entity: string,
  entityId: string,
  value: T,
  actor: string,
  valueFor: (version: number) => T = () => value,
): Promise<ConfigVersion<T>> {
  for (let attempt = 0; ; attempt++) {
    const prev = await db.query<{ v: number | null }>(
      'SELECT max(version) AS v FROM config_versions WHERE tenant_id = $1 AND entity = $2 AND entity_id = $3',
      [tenantId, entity, entityId],
    );
    const version = (prev.rows[0]?.v ?? 0) + 1;
    const r = await db.query<Row>(
      `INSERT INTO config_versions (tenant_id, entity, entity_id, version, value, actor)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING
       RETURNING entity, entity_id, version, value, actor, changed_at`,
      [tenantId, entity, entityId, version, JSON.stringify(valueFor(version)), actor],
    );
    if (r.rows[0]) return toVersion<T>(r.rows[0]);
    if (attempt > 5) throw new Error('saveVersion: too much contention');
  }
}

/** The latest version of an entity, or undefined (or one specific version). */
export async function latestVersion<T>(
  db: Queryable,
  tenantId: string,
  entity: string,
  entityId = '',
  version?: number,
): Promise<ConfigVersion<T> | undefined> {
  const r = await db.query<Row>(
    `SELECT entity, entity_id, version, value, actor, changed_at FROM config_versions
     WHERE tenant_id = $1 AND entity = $2 AND entity_id = $3 AND ($4::int IS NULL OR version = $4::int)
     ORDER BY version DESC LIMIT 1`,
    [tenantId, entity, entityId, version ?? null],
  );
  return r.rows[0] && toVersion<T>(r.rows[0]);
}

/** The change history of a tenant's configuration, newest first, optionally for one entity. */
export async function history(
  db: Queryable,
  tenantId: string,
  filter: { entity?: string | undefined; entityId?: string | undefined; limit?: number } = {},
): Promise<ConfigVersion[]> {
  const r = await db.query<Row>(
    `SELECT entity, entity_id, version, value, actor, changed_at FROM config_versions
     WHERE tenant_id = $1 AND ($2::text IS NULL OR entity = $2) AND ($3::text IS NULL OR entity_id = $3)
     ORDER BY changed_at DESC, version DESC LIMIT $4`,
    [tenantId, filter.entity ?? null, filter.entityId ?? null, filter.limit ?? 100],
  );
  return r.rows.map((row) => toVersion(row));
}

/** A tenant's current value of a setting (the default when never set). */
export async function getSetting<K extends SettingName>(
  db: Queryable,
  tenantId: string,
  name: K,
): Promise<z.infer<(typeof SETTINGS)[K]['schema']>> {
  const v = await latestVersion(db, tenantId, name);
  const spec = SETTINGS[name];
  return (v ? spec.schema.parse(v.value) : spec.fallback) as z.infer<(typeof SETTINGS)[K]['schema']>;
}

/** Survey ids of a tenant with their latest version. */
export async function listSurveys(
  db: Queryable,
  tenantId: string,
): Promise<{ id: string; version: number }[]> {
  const r = await db.query<{ id: string; version: number }>(
    `SELECT entity_id AS id, max(version) AS version FROM config_versions
     WHERE tenant_id = $1 AND entity = 'survey' GROUP BY entity_id ORDER BY entity_id`,
    [tenantId],
  );
  return r.rows;
}

/** The survey schema, re-exported here so stored surveys are parsed the same way everywhere. */
export const StoredSurveySchema = SurveyDefinitionSchema;
