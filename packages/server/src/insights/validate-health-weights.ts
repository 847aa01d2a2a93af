import {
  isCxError,
  validateHealthWeights,
  type HealthOutcome,
  type HealthWeightValidation,
} from '@cxkit/core';
import { getSetting } from '../admin/config-store.js';
import type { Queryable } from '../db/database.js';
import { HttpError } from '../http-error.js';
import { loadChurnSnapshots } from './churn-snapshots.js';
import { previewHealthConfig, type HealthConfigPreview } from './preview-health-config.js';

/** The tenant's health weights checked against later churn, with a suggested set and its band changes. */
export type TenantHealthWeightValidation = HealthWeightValidation & {
  /** Horizon of "later churn", days (the tenant's churn setting). */
  horizonDays: number;
  /** What adopting the suggested weights would change today (the same preview as any new configuration). */
  preview: HealthConfigPreview;
};

/**
 * Checks the tenant's current health weights against what happened afterwards on its own history
 * (the churn model's point-in-time snapshots: health components at each past cut-off, churn within
 * the tenant's horizon after it) and suggests a weight set fitted on the earlier cut-offs and scored
 * on the later ones (core `validateHealthWeights`), with the band changes adopting it would bring.
 * The admin adopts it by saving `suggestedConfig` with `PUT /v1/admin/settings/health`.
 * @throws HttpError 422 `health-weights/too-few-events` when the history has too few churn events.
 */
export async function validateTenantHealthWeights(
  db: Queryable,
  tenantId: string,
  options: { now?: Date } = {},
): Promise<TenantHealthWeightValidation> {
  const now = options.now ?? new Date();
  const [config, churn] = await Promise.all([
    getSetting(db, tenantId, 'health'),
    getSetting(db, tenantId, 'churn'),
  ]);
  const { snapshots } = await loadChurnSnapshots(db, tenantId, config, {
    now,
    horizonDays: churn.horizonDays,
  });
  const outcomes: HealthOutcome[] = snapshots.map((s) => ({
    accountId: s.accountId,
    cutoff: s.cutoff,
    label: s.label,
    components: Object.fromEntries(
      config.components.map((c) => {
        const v = s.features[`health_${c.key}`];
        return [c.key, typeof v === 'number' ? v : null];
      }),
    ),
  }));
  let result: HealthWeightValidation;
  try {
    result = validateHealthWeights(outcomes, config, { horizonDays: churn.horizonDays });
  } catch (err) {
    if (isCxError(err) && err.code === 'validateHealthWeights/too-few-events')
      throw new HttpError(422, 'health-weights/too-few-events', err.message);
    throw err;
  }
  const preview = await previewHealthConfig(db, tenantId, result.suggestedConfig, { now });
  return { ...result, horizonDays: churn.horizonDays, preview };
}
