import type { z } from 'zod';
import type { Queryable } from '../db/database.js';
import {
  type StoredHealth,
  type StoredChurn,
  StoredHealthSchema,
  StoredChurnSchema,
  StoredHealthInsufficientSchema,
} from './account-insights.js';

/**
 * Records a computed health score or churn risk for an account (the scoring job calls this);
 * every computation is kept, the account summary shows the latest.
 */
export async function recordAccountInsight(
  db: Queryable,
  tenantId: string,
  accountId: string,
  insight: { kind: 'health'; value: StoredHealth } | { kind: 'churn'; value: StoredChurn },
  computedAt: Date = new Date(),
): Promise<void> {
  const value =
    insight.kind === 'health'
      ? StoredHealthSchema.parse(insight.value)
      : StoredChurnSchema.parse(insight.value);
  await db.query(
    `INSERT INTO account_insights (tenant_id, account_id, kind, computed_at, payload) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id, account_id, kind, computed_at) DO UPDATE SET payload = excluded.payload`,
    [tenantId, accountId, insight.kind, computedAt.toISOString(), JSON.stringify(value)],
  );
}

/** The latest health and churn rows of an account, each null when none (or when a stored row no longer validates). */
export async function latestAccountInsights(
  db: Queryable,
  tenantId: string,
  accountId: string,
): Promise<{
  health: (StoredHealth & { computedAt: string }) | null;
  churn: (StoredChurn & { computedAt: string }) | null;
  /** The latest health result when it was "insufficient data" (then `health` is null). */
  healthInsufficient:
    (Omit<z.infer<typeof StoredHealthInsufficientSchema>, 'status'> & { computedAt: string }) | null;
}> {
  const r = await db.query<{ kind: string; computed_at: Date | string; payload: unknown }>(
    `SELECT DISTINCT ON (kind) kind, computed_at, payload FROM account_insights
     WHERE tenant_id = $1 AND account_id = $2 ORDER BY kind, computed_at DESC`,
    [tenantId, accountId],
  );
  let health: (StoredHealth & { computedAt: string }) | null = null;
  let churn: (StoredChurn & { computedAt: string }) | null = null;
  let healthInsufficient:
    (Omit<z.infer<typeof StoredHealthInsufficientSchema>, 'status'> & { computedAt: string }) | null = null;
  for (const row of r.rows) {
    const computedAt = new Date(row.computed_at).toISOString();
    if (row.kind === 'health') {
      const p = StoredHealthSchema.safeParse(row.payload);
      if (p.success) health = { ...p.data, computedAt };
      const q = StoredHealthInsufficientSchema.safeParse(row.payload);
      if (q.success) {
        const { status: _status, ...rest } = q.data;
        healthInsufficient = { ...rest, computedAt };
      }
    } else if (row.kind === 'churn') {
      const p = StoredChurnSchema.safeParse(row.payload);
      if (p.success) churn = { ...p.data, computedAt };
    }
  }
  return { health, churn, healthInsufficient };
}
