import {
  DEFAULT_CHURN_PRIOR,
  churnCutoffs,
  churnLabelAt,
  churnPriorFromHealth,
  collectedComponents,
  computeHealthScore,
  healthDistributions,
  seededRandom,
  healthFeatures,
  type ChurnSnapshot,
  type HealthConfig,
} from '@cxkit/core';
import type { Queryable } from '../db/database.js';
import { loadChurnDates } from './account-signals-store.js';
import { loadHealthHistory, type HealthHistory } from './health-inputs.js';

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
  /**
   * Build snapshots for a seeded random sample of accounts (all their cut-offs) expected to hold
   * about this many rows, as `trainChurnForecast` would thin them (its `maxRows`): every account
   * is still read and ranks in the percentiles and the shrinkage, but only the sample is scored.
   * Default: every account.
   */
  maxRows?: number;
  /** Seed of that sample (default 1). */
  seed?: number;
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
  const keep = sampleAccounts(history, churnedAt, options);
  const snapshots: ChurnSnapshot[] = [];
  const names = new Set<string>();
  const prior = { ...DEFAULT_CHURN_PRIOR, horizonDays: options.horizonDays };
  for (const cutoff of cutoffs) {
    const accounts = history.at(history.cutoffs.indexOf(cutoff));
    const inputs = accounts.map((a) => a.input);
    // Percentiles rank among every account of the day, sampled or not.
    const distributions = healthDistributions(inputs, config);
    const collected = collectedComponents(inputs, config);
    for (const a of accounts) {
      if (keep && !keep.has(a.input.accountId)) continue;
      const label = churnLabelAt(
        churnedAt.get(a.input.accountId) ?? null,
        cutoff,
        options.horizonDays,
        options.now,
      );
      if (label === null) continue;
      const h = computeHealthScore(a.input, config, { distributions, collected });
      const features = { ...a.features, ...healthFeatures(h, config) };
      for (const k of Object.keys(features)) names.add(k);
      snapshots.push({
        accountId: a.input.accountId,
        cutoff: cutoff.toISOString(),
        features,
        label,
        prior: h.status === 'ok' ? churnPriorFromHealth(h, prior, 0).probability : null,
      });
    }
  }
  return { snapshots, names: [...names].sort() };
}

/**
 * The accounts to build snapshots for when they would exceed `maxRows`: each account (all its
 * cut-offs) kept with probability maxRows / expected rows, seeded, over the sorted ids (as core
 * `trainChurnForecast` thins); null to keep all. Expected rows count the accounts known at each
 * cut-off that had not left by then.
 */
function sampleAccounts(
  history: HealthHistory,
  churnedAt: ReadonlyMap<string, Date>,
  options: ChurnSnapshotOptions,
): Set<string> | null {
  if (options.maxRows === undefined) return null;
  const all = new Set<string>();
  let expected = 0;
  history.cutoffs.forEach((cutoff, k) => {
    for (const id of history.known(k)) {
      all.add(id);
      const left = churnedAt.get(id);
      if (!left || left > cutoff) expected++;
    }
  });
  if (expected <= options.maxRows) return null;
  const random = seededRandom((options.seed ?? 1) + 7);
  const share = options.maxRows / expected;
  return new Set([...all].sort().filter(() => random() < share));
}
