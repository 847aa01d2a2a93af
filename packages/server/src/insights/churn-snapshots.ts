import {
  DEFAULT_CHURN_PRIOR,
  churnCutoffs,
  churnLabelAt,
  churnPriorFromHealth,
  computeHealthScores,
  healthFeatures,
  type ChurnSnapshot,
  type HealthConfig,
} from '@cxkit/core';
import type { Queryable } from '../db/database.js';
import { loadChurnDates } from './account-signals-store.js';
import { loadHealthHistory } from './health-inputs.js';

/** Options of {@link loadChurnSnapshots}. */
export interface ChurnSnapshotOptions {
  /** Reference time: the latest cut-off is `now - horizonDays`. */
  now: Date;
  /** Horizon of the labels, days. */
  horizonDays: number;
  /** Cut-offs, every `stepDays` back. Default 24 (two years of monthly cut-offs). */
  cutoffs?: number;
  /** Days between cut-offs. Default 30. */
  stepDays?: number;
  /** Survey months per period (default 3). */
  surveyMonths?: number;
}

/**
 * The tenant's churn history as point-in-time snapshots: at each cut-off, every account that was
 * still a customer, described from what was known then (`loadHealthInputs` with `asOf`: complete
 * survey months before the cut-off, the signals recorded by then, health scored under today's
 * settings with percentiles among that day's accounts), labelled 1 when it churned within the
 * horizon after the cut-off (the churn dates are today's knowledge), with the health prior's
 * probability at the time. Cut-offs whose horizon has not ended are not built.
 */
export async function loadChurnSnapshots(
  db: Queryable,
  tenantId: string,
  config: HealthConfig,
  options: ChurnSnapshotOptions,
): Promise<{ snapshots: ChurnSnapshot[]; names: string[] }> {
  const cutoffs = churnCutoffs(
    options.now,
    options.horizonDays,
    options.cutoffs ?? 24,
    options.stepDays ?? 30,
  );
  const [churnedAt, history] = await Promise.all([
    loadChurnDates(db, tenantId),
    loadHealthHistory(db, tenantId, cutoffs, {
      ...(options.surveyMonths ? { surveyMonths: options.surveyMonths } : {}),
    }),
  ]);
  const snapshots: ChurnSnapshot[] = [];
  const names = new Set<string>();
  const prior = { ...DEFAULT_CHURN_PRIOR, horizonDays: options.horizonDays };
  for (const cutoff of cutoffs) {
    const accounts = history.at(history.cutoffs.indexOf(cutoff));
    const health = computeHealthScores(
      accounts.map((a) => a.input),
      config,
    );
    accounts.forEach((a, i) => {
      const label = churnLabelAt(
        churnedAt.get(a.input.accountId) ?? null,
        cutoff,
        options.horizonDays,
        options.now,
      );
      if (label === null) return;
      const h = health[i]!;
      const features = { ...a.features, ...healthFeatures(h, config) };
      for (const k of Object.keys(features)) names.add(k);
      snapshots.push({
        accountId: a.input.accountId,
        cutoff: cutoff.toISOString(),
        features,
        label,
        prior: h.status === 'ok' ? churnPriorFromHealth(h, prior, 0).probability : null,
      });
    });
  }
  return { snapshots, names: [...names].sort() };
}
