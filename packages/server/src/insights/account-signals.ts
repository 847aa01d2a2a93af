import { z } from 'zod';
import { StorableDateTimeSchema } from '@cxkit/core';
import type { Queryable } from '../db/database.js';

const count = z.int().min(0).max(1_000_000_000).nullable().optional();
const FeatureKeySchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,62}$/, 'must start with a letter: letters, digits, _ (max 63)');

/**
 * An account's operational signals: usage, support, commercial and activity figures plus free
 * feature columns for the churn model. Every field is optional; null or absent means unknown
 * (the health score skips that component and says so).
 */
export const AccountSignalsSchema = z.strictObject({
  /** Active users (usage breadth). */
  activeUsers: count,
  /** Active days in the last 30 (usage frequency). */
  activeDays: z.int().min(0).max(31).nullable().optional(),
  /** Features used (usage depth). */
  featuresUsed: count,
  /** Open support tickets. */
  openTickets: count,
  /** First contact resolution, percent. */
  fcrPercent: z.number().min(0).max(100).nullable().optional(),
  /** Mean time to resolution, hours. */
  resolutionHours: z.number().min(0).max(100_000).nullable().optional(),
  /** Monthly recurring revenue. */
  mrr: z.number().min(0).nullable().optional(),
  /** MRR change over the last 3 months, percent. */
  mrrTrendPercent: z.number().min(-100).max(100_000).nullable().optional(),
  /** Next renewal date (YYYY-MM-DD). */
  renewalDate: z.iso.date().nullable().optional(),
  /** Failed or late payments in the last 90 days. */
  paymentIssues: count,
  /** Last product activity. */
  lastActivityAt: StorableDateTimeSchema.nullable().optional(),
  /** When the account left (its churn event); null or absent while it is a customer. */
  churnedAt: StorableDateTimeSchema.nullable().optional(),
  /** Extra feature columns (numeric or categorical) for the churn model and custom health components. */
  features: z
    .record(FeatureKeySchema, z.union([z.number(), z.string().max(200), z.boolean(), z.null()]))
    .refine((f) => Object.keys(f).length <= 100, { message: 'at most 100 feature columns' })
    .optional(),
});

/** An account's signals. */
export type AccountSignals = z.infer<typeof AccountSignalsSchema>;

/** Account ids of the signals API. */
export const SignalsAccountIdSchema = z.string().min(1).max(128);

/** Body of `POST /v1/admin/signals`: many accounts at once, each replaced as a whole. */
export const SignalsBatchSchema = z.strictObject({
  accounts: z
    .array(AccountSignalsSchema.extend({ accountId: SignalsAccountIdSchema }))
    .min(1)
    .max(1000),
});

/** A batch of signals. */
export type SignalsBatch = z.infer<typeof SignalsBatchSchema>;

/** Stored signals of one account. */
export interface StoredSignals {
  /** The account. */
  accountId: string;
  /** The validated signals. */
  signals: AccountSignals;
  /** Last change. */
  updatedAt: string;
}

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
