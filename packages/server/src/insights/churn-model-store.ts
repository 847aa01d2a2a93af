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
