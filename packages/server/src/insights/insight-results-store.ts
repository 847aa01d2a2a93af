import type { PreviousHealth } from '@cxkit/core';
import { StoredHealthSchema } from '../accounts/account-insights.js';
import type { Database, Queryable } from '../db/database.js';
import { markHubSpotPending } from '../hubspot/pending-accounts-store.js';

const DAY = 86_400_000;

/** Each account's latest stored health score computed at or before `before` (the change is measured against it). */
export async function previousScores(
  db: Queryable,
  tenantId: string,
  before: Date,
): Promise<Map<string, PreviousHealth>> {
  const r = await db.query<{ account_id: string; payload: unknown }>(
    `SELECT DISTINCT ON (account_id) account_id, payload FROM account_insights
     WHERE tenant_id = $1 AND kind = 'health' AND computed_at <= $2 ORDER BY account_id, computed_at DESC`,
    [tenantId, before.toISOString()],
  );
  const out = new Map<string, PreviousHealth>();
  for (const row of r.rows) {
    const p = StoredHealthSchema.safeParse(
      typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload,
    );
    if (p.success)
      out.set(row.account_id, {
        score: p.data.score,
        contributions: p.data.contributions.map((c) => ({
          ...c,
          group: 'custom' as const, // not stored; movers only read component, label and points
          raw: typeof c.raw === 'number' ? c.raw : Number.NaN,
        })),
      });
  }
  return out;
}

/** Stores health and churn results as of `computedAt` (replacing a same-time row). */
// One statement per 1,000 rows: at 10,000 accounts single-row inserts would dominate the run.
export async function storeInsights(
  db: Queryable,
  tenantId: string,
  computedAt: Date,
  rows: { accountId: string; kind: 'health' | 'churn'; payload: unknown }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    const params: unknown[] = [tenantId, computedAt.toISOString()];
    const values = rows.slice(i, i + 1000).map((r) => {
      params.push(r.accountId, r.kind, JSON.stringify(r.payload));
      const k = params.length;
      return `($1, $${k - 2}, $${k - 1}, $2::timestamptz, $${k}::jsonb)`;
    });
    await db.query(
      `INSERT INTO account_insights (tenant_id, account_id, kind, computed_at, payload) VALUES ${values.join(', ')}
       ON CONFLICT (tenant_id, account_id, kind, computed_at) DO UPDATE SET payload = excluded.payload`,
      params,
    );
  }
}

/**
 * Keeps the history bounded: a past day keeps only its last row per account and kind (what the
 * change since the previous period and the alert series read), thinned over the last week so a
 * server that was down for a few days catches up; rows older than `retentionDays` go. Today's rows
 * stay whole.
 */
export async function thinInsightHistory(db: Queryable, tenantId: string, now: Date, retentionDays: number) {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  await db.query(
    `DELETE FROM account_insights a WHERE a.tenant_id = $1 AND a.computed_at >= $2 AND a.computed_at < $3
       AND EXISTS (SELECT 1 FROM account_insights b WHERE b.tenant_id = a.tenant_id AND b.account_id = a.account_id
                   AND b.kind = a.kind AND b.computed_at > a.computed_at AND b.computed_at < $3
                   AND date_trunc('day', b.computed_at AT TIME ZONE 'UTC') = date_trunc('day', a.computed_at AT TIME ZONE 'UTC'))`,
    [tenantId, new Date(today - 7 * DAY).toISOString(), new Date(today).toISOString()],
  );
  await db.query('DELETE FROM account_insights WHERE tenant_id = $1 AND computed_at < $2', [
    tenantId,
    new Date(now.getTime() - retentionDays * DAY).toISOString(),
  ]);
}

/**
 * One recomputation's results, in one transaction: stored, the history thinned (see
 * {@link thinInsightHistory}) and the accounts marked for the HubSpot sync.
 */
export async function saveRecomputation(
  db: Database,
  tenantId: string,
  computedAt: Date,
  rows: { accountId: string; kind: 'health' | 'churn'; payload: unknown }[],
  retentionDays: number,
): Promise<void> {
  await db.transaction(async (tx) => {
    await storeInsights(tx, tenantId, computedAt, rows);
    await thinInsightHistory(tx, tenantId, computedAt, retentionDays);
    await markHubSpotPending(
      tx,
      tenantId,
      rows.map((r) => r.accountId),
    );
  });
}
