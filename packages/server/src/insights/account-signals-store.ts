import type { Database, Queryable } from '../db/database.js';
import {
  AccountSignalsSchema,
  SignalsAccountIdSchema,
  type AccountSignals,
  type StoredSignals,
} from './account-signals.js';

/**
 * Replaces the signals of one or many accounts (validated with {@link AccountSignalsSchema}); the
 * admin API and the demo seed call it. Call inside a transaction for all-or-nothing batches.
 * @throws ZodError when an entry is invalid (nothing is written).
 */
export async function upsertAccountSignals(
  db: Queryable,
  tenantId: string,
  entries: readonly { accountId: string; signals: AccountSignals }[],
  now: Date = new Date(),
): Promise<number> {
  const parsed = entries.map((e) => ({
    accountId: SignalsAccountIdSchema.parse(e.accountId),
    signals: AccountSignalsSchema.parse(e.signals),
  }));
  for (let i = 0; i < parsed.length; i += 500) {
    const chunk = parsed.slice(i, i + 500);
    const params: unknown[] = [tenantId, now.toISOString()];
    const values = chunk.map((e) => {
      params.push(e.accountId, JSON.stringify(e.signals), e.signals.churnedAt ?? null);
      const k = params.length;
      return `($1, $${k - 2}, $${k - 1}::jsonb, $${k}::timestamptz, $2::timestamptz)`;
    });
    await db.query(
      `INSERT INTO account_signals (tenant_id, account_id, signals, churned_at, updated_at) VALUES ${values.join(', ')}
       ON CONFLICT (tenant_id, account_id) DO UPDATE
       SET signals = excluded.signals, churned_at = excluded.churned_at, updated_at = excluded.updated_at`,
      params,
    );
    // The history the churn model's point-in-time snapshots read (the same values, kept per change).
    await db.query(
      `INSERT INTO account_signal_history (tenant_id, account_id, recorded_at, signals)
       SELECT tenant_id, account_id, updated_at, signals FROM account_signals
       WHERE tenant_id = $1 AND account_id = ANY($2::text[]) AND updated_at = $3::timestamptz
       ON CONFLICT (tenant_id, account_id, recorded_at) DO UPDATE SET signals = excluded.signals`,
      [tenantId, chunk.map((e) => e.accountId), now.toISOString()],
    );
  }
  return parsed.length;
}

/** {@link upsertAccountSignals} in one transaction: a batch is stored whole or not at all. */
export async function upsertAccountSignalsAtomically(
  db: Database,
  tenantId: string,
  entries: readonly { accountId: string; signals: AccountSignals }[],
  now: Date = new Date(),
): Promise<number> {
  return db.transaction((tx) => upsertAccountSignals(tx, tenantId, entries, now));
}

/**
 * Every account's stored signals of a tenant, keyed by account id (rows that no longer validate are
 * skipped); with `asOf`, the version each account had then (accounts without one yet are absent).
 */
export async function loadAccountSignals(
  db: Queryable,
  tenantId: string,
  asOf?: Date,
): Promise<Map<string, StoredSignals>> {
  const r = await db.query<{ account_id: string; signals: unknown; updated_at: Date | string }>(
    asOf
      ? `SELECT DISTINCT ON (account_id) account_id, signals, recorded_at AS updated_at FROM account_signal_history
         WHERE tenant_id = $1 AND recorded_at <= $2 ORDER BY account_id, recorded_at DESC`
      : 'SELECT account_id, signals, updated_at FROM account_signals WHERE tenant_id = $1',
    asOf ? [tenantId, asOf.toISOString()] : [tenantId],
  );
  const out = new Map<string, StoredSignals>();
  for (const row of r.rows) {
    const p = AccountSignalsSchema.safeParse(
      typeof row.signals === 'string' ? JSON.parse(row.signals) : row.signals,
    );
    if (p.success)
      out.set(row.account_id, {
        accountId: row.account_id,
        signals: p.data,
        updatedAt: new Date(row.updated_at).toISOString(),
      });
  }
  return out;
}

/** One stored version of an account's signals, not yet validated (see {@link loadSignalHistory}). */
export interface SignalVersionRow {
  /** The account. */
  accountId: string;
  /** When this version was recorded. */
  recordedAt: Date;
  /** The stored JSON. */
  signals: unknown;
}

/**
 * Every recorded version of the tenant's signals up to `until`, sorted by account and time: the
 * point-in-time snapshots pick each account's version at many cut-offs from one read instead of one
 * `DISTINCT ON` per cut-off. Validated by the caller, only for the versions it uses.
 */
export async function loadSignalHistory(
  db: Queryable,
  tenantId: string,
  until: Date,
): Promise<SignalVersionRow[]> {
  const r = await db.query<{ account_id: string; signals: unknown; recorded_at: Date | string }>(
    `SELECT account_id, signals, recorded_at FROM account_signal_history
     WHERE tenant_id = $1 AND recorded_at <= $2 ORDER BY account_id, recorded_at`,
    [tenantId, until.toISOString()],
  );
  return r.rows.map((row) => ({
    accountId: row.account_id,
    recordedAt: new Date(row.recorded_at),
    signals: row.signals,
  }));
}

/** Current churn dates of the tenant's former customers, keyed by account. */
export async function loadChurnDates(db: Queryable, tenantId: string): Promise<Map<string, Date>> {
  const r = await db.query<{ account_id: string; churned_at: Date | string }>(
    'SELECT account_id, churned_at FROM account_signals WHERE tenant_id = $1 AND churned_at IS NOT NULL',
    [tenantId],
  );
  return new Map(r.rows.map((row) => [row.account_id, new Date(row.churned_at)]));
}
