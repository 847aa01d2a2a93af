import { AlertRuleSchema, type AlertRule } from '@cxkit/core';
import { saveVersion } from '../admin/config-store.js';
import type { Database, Queryable } from '../db/database.js';

/** The config-history entity under which rule changes are versioned. */
export const ALERT_RULE_ENTITY = 'alert-rule';

/**
 * Creates or replaces a tenant's rule and records the change in the configuration history (who, when, what).
 * Run it in a transaction so the rule and its history entry are written together.
 */
export async function saveAlertRule(
  db: Queryable,
  tenantId: string,
  rule: AlertRule,
  actor: string,
): Promise<AlertRule> {
  const valid = AlertRuleSchema.parse(rule);
  await db.query(
    `INSERT INTO alert_rules (tenant_id, id, rule, enabled, updated_at) VALUES ($1, $2, $3, $4, now())
     ON CONFLICT (tenant_id, id) DO UPDATE SET rule = excluded.rule, enabled = excluded.enabled, updated_at = now()`,
    [tenantId, valid.id, JSON.stringify(valid), valid.enabled],
  );
  await saveVersion(db, tenantId, ALERT_RULE_ENTITY, valid.id, valid, actor);
  return valid;
}

/** Deletes a rule (its alerts stay); records the deletion as a `null` version. @returns whether it existed. */
export async function deleteAlertRule(
  db: Queryable,
  tenantId: string,
  id: string,
  actor: string,
): Promise<boolean> {
  const r = await db.query('DELETE FROM alert_rules WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
  if (r.rowCount === 0) return false;
  await saveVersion(db, tenantId, ALERT_RULE_ENTITY, id, null, actor);
  return true;
}

/** {@link saveAlertRule} in its own transaction, so the rule and its history entry are written together. */
export function saveAlertRuleInTransaction(
  db: Database,
  tenantId: string,
  rule: AlertRule,
  actor: string,
): Promise<AlertRule> {
  return db.transaction((tx) => saveAlertRule(tx, tenantId, rule, actor));
}

/** {@link deleteAlertRule} in its own transaction, so the deletion and its history entry go together. */
export function deleteAlertRuleInTransaction(
  db: Database,
  tenantId: string,
  id: string,
  actor: string,
): Promise<boolean> {
  return db.transaction((tx) => deleteAlertRule(tx, tenantId, id, actor));
}

/** A tenant's rules by id; a stored rule that no longer validates is skipped rather than breaking evaluation. */
export async function listAlertRules(
  db: Queryable,
  tenantId: string,
  options: { enabledOnly?: boolean } = {},
): Promise<AlertRule[]> {
  const r = await db.query<{ rule: unknown }>(
    `SELECT rule FROM alert_rules WHERE tenant_id = $1 ${options.enabledOnly ? 'AND enabled' : ''} ORDER BY id`,
    [tenantId],
  );
  return r.rows.flatMap((row) => {
    const p = AlertRuleSchema.safeParse(row.rule);
    return p.success ? [p.data] : [];
  });
}

/** Tenants with at least one enabled rule (the ones the alert worker evaluates). */
export async function tenantsWithRules(db: Queryable): Promise<string[]> {
  const r = await db.query<{ tenant_id: string }>(
    'SELECT DISTINCT tenant_id FROM alert_rules WHERE enabled ORDER BY tenant_id',
  );
  return r.rows.map((x) => x.tenant_id);
}
