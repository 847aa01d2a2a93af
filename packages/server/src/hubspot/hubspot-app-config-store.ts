import {
  DEFAULT_HEALTH_CONFIG,
  RoleWeightsSchema,
  DEFAULT_ROLE_WEIGHTS,
  type RoleWeights,
} from '@cxkit/core';
import type { Database, Queryable } from '../db/database.js';
import {
  type HubSpotAppConfig,
  type VersionedAppConfig,
  HubSpotAppConfigSchema,
} from './hubspot-app-config.js';
import { saveVersion } from '../admin/config-store.js';
import { HttpError } from '../http-error.js';

// The config_versions entity the settings page's configuration is versioned under.
const ENTITY = 'hubspot-config';

/** The tenant's current configuration (the defaults at version 0). */
export async function currentAppConfig(
  db: Queryable,
  tenantId: string,
  now: Date,
): Promise<VersionedAppConfig> {
  const r = await db.query<{ version: number; value: unknown; changed_at: Date | string }>(
    `SELECT version, value, changed_at FROM config_versions
     WHERE tenant_id = $1 AND entity = $2 AND entity_id = '' ORDER BY version DESC LIMIT 1`,
    [tenantId, ENTITY],
  );
  const row = r.rows[0];
  if (!row)
    return {
      version: 0,
      updatedAt: now.toISOString(),
      config: { health: DEFAULT_HEALTH_CONFIG, roleWeights: RoleWeightsSchema.parse(DEFAULT_ROLE_WEIGHTS) },
    };
  return {
    version: row.version,
    updatedAt: new Date(row.changed_at).toISOString(),
    config: HubSpotAppConfigSchema.parse(row.value),
  };
}

/**
 * Saves a new version when `expectedVersion` is still the current one (optimistic concurrency:
 * two admins saving at once cannot both win). Role weights also become the tenant's
 * `role-weights` setting, which the account summaries use.
 * @throws HttpError 409 `config/version-conflict` when someone saved first.
 */
export async function saveAppConfig(
  db: Database,
  tenantId: string,
  expectedVersion: number,
  config: HubSpotAppConfig,
  actor: string,
): Promise<VersionedAppConfig> {
  return db.transaction(async (tx) => {
    const cur = await tx.query<{ v: number | null }>(
      `SELECT max(version) AS v FROM config_versions WHERE tenant_id = $1 AND entity = $2 AND entity_id = ''`,
      [tenantId, ENTITY],
    );
    const current = cur.rows[0]?.v ?? 0;
    const conflict = () =>
      new HttpError(
        409,
        'config/version-conflict',
        `the settings changed since version ${expectedVersion} (now ${current}); reload them`,
      );
    if (current !== expectedVersion) throw conflict();
    const ins = await tx.query<{ version: number; changed_at: Date | string }>(
      `INSERT INTO config_versions (tenant_id, entity, entity_id, version, value, actor)
       VALUES ($1, $2, '', $3, $4, $5) ON CONFLICT DO NOTHING RETURNING version, changed_at`,
      [tenantId, ENTITY, expectedVersion + 1, JSON.stringify(config), actor],
    );
    const row = ins.rows[0];
    if (!row) throw conflict();
    await saveVersion<RoleWeights>(tx, tenantId, 'role-weights', '', config.roleWeights, actor);
    return { version: row.version, updatedAt: new Date(row.changed_at).toISOString(), config };
  });
}
