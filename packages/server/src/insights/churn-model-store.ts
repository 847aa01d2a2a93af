import { parseChurnModel, type ChurnModel } from '@cxkit/core';
import type { Queryable } from '../db/database.js';

/** A stored churn model version. */
export interface StoredChurnModel {
  /** 1, 2, ... per tenant. */
  version: number;
  /** Hash of the training data the model learned from. */
  fingerprint: string;
  /** The validated model. */
  model: ChurnModel;
  /** When it was trained. */
  trainedAt: string;
}

/** The tenant's latest churn model, or null (also when the stored JSON no longer validates). */
export async function latestChurnModel(db: Queryable, tenantId: string): Promise<StoredChurnModel | null> {
  const r = await db.query<{
    version: number;
    fingerprint: string;
    model: unknown;
    trained_at: Date | string;
  }>(
    `SELECT version, fingerprint, model, trained_at FROM churn_models WHERE tenant_id = $1
     ORDER BY version DESC LIMIT 1`,
    [tenantId],
  );
  const row = r.rows[0];
  if (!row) return null;
  try {
    const json = typeof row.model === 'string' ? JSON.parse(row.model) : row.model;
    return {
      version: row.version,
      fingerprint: row.fingerprint,
      model: parseChurnModel(json),
      trainedAt: new Date(row.trained_at).toISOString(),
    };
  } catch {
    return null;
  }
}

/** Stores a newly trained model as the tenant's next version. */
export async function saveChurnModel(
  db: Queryable,
  tenantId: string,
  model: ChurnModel,
  fingerprint: string,
  trainedAt: Date,
): Promise<StoredChurnModel> {
  for (let attempt = 0; ; attempt++) {
    const r = await db.query<{ version: number }>(
      `INSERT INTO churn_models (tenant_id, version, fingerprint, rows, events, model, trained_at)
       SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6 FROM churn_models WHERE tenant_id = $1
       ON CONFLICT DO NOTHING RETURNING version`,
      [
        tenantId,
        fingerprint,
        model.training.rows,
        model.training.events,
        JSON.stringify(model),
        trainedAt.toISOString(),
      ],
    );
    const version = r.rows[0]?.version;
    if (version !== undefined) return { version, fingerprint, model, trainedAt: trainedAt.toISOString() };
    if (attempt > 5) throw new Error('saveChurnModel: too much contention');
  }
}

/** A churn training that produced no model (see {@link saveFailedTraining}). */
export interface FailedChurnTraining {
  /** Hash of the training data it saw. */
  fingerprint: string;
  /** Why there is no model, as the card shows it. */
  reason: string;
  /** When it was attempted. */
  failedAt: string;
}

/** The tenant's last training that produced no model, or null (none, or a model was trained since). */
export async function latestFailedTraining(
  db: Queryable,
  tenantId: string,
): Promise<FailedChurnTraining | null> {
  const r = await db.query<{ fingerprint: string; reason: string; failed_at: Date | string }>(
    'SELECT fingerprint, reason, failed_at FROM churn_training_failures WHERE tenant_id = $1',
    [tenantId],
  );
  const row = r.rows[0];
  return row
    ? { fingerprint: row.fingerprint, reason: row.reason, failedAt: new Date(row.failed_at).toISOString() }
    : null;
}

/**
 * Records that training on the data with `fingerprint` produced no model, so later recomputations
 * (also after a restart) use the prior without rebuilding the snapshots until the data changes.
 */
export async function saveFailedTraining(
  db: Queryable,
  tenantId: string,
  fingerprint: string,
  reason: string,
  failedAt: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO churn_training_failures (tenant_id, fingerprint, reason, failed_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id) DO UPDATE SET fingerprint = excluded.fingerprint, reason = excluded.reason,
       failed_at = excluded.failed_at`,
    [tenantId, fingerprint, reason, failedAt.toISOString()],
  );
}

/** Forgets the tenant's failed training (a model was trained). */
export async function clearFailedTraining(db: Queryable, tenantId: string): Promise<void> {
  await db.query('DELETE FROM churn_training_failures WHERE tenant_id = $1', [tenantId]);
}
