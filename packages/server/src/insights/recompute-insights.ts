import { createHash } from 'node:crypto';
import {
  MIN_CHURN_EVENTS,
  assessChurnRisks,
  computeHealthScores,
  healthFeatureLabels,
  healthFeatures,
  inferColumnTypes,
  toChurnView,
  toHealthInsufficientView,
  toHealthView,
  trainChurnForecast,
  type ChurnRisk,
  type ChurnValidation,
  type FeatureRow,
  type HealthConfig,
} from '@cxkit/core';
import {
  StoredChurnSchema,
  StoredHealthInsufficientSchema,
  StoredHealthSchema,
} from '../accounts/account-insights.js';
import { getSetting } from '../admin/config-store.js';
import type { Database } from '../db/database.js';
import {
  clearFailedTraining,
  latestChurnModel,
  latestFailedTraining,
  saveChurnModel,
  saveFailedTraining,
} from './churn-model-store.js';
import { loadChurnSnapshots } from './churn-snapshots.js';
import { loadHealthInputs, type AccountHealthInput } from './health-inputs.js';
import { previousScores, saveRecomputation } from './insight-results-store.js';

const DAY = 86_400_000;
/** Snapshot rows a training uses (core `trainChurnForecast`'s default `maxRows`). */
const TRAINING_ROWS = 20_000;

/** Options of {@link recomputeInsights}. */
export interface RecomputeOptions {
  /** Reference time, stored as the computations' `computedAt`. Default now. */
  now?: Date;
  /** The change is measured against the latest score computed at least this many days earlier (default 30). */
  changePeriodDays?: number;
  /** Survey months per period (default 3). */
  surveyMonths?: number;
  /** Churned accounts needed to train a model instead of using the prior (default: the tenant's `churn` setting, 30). */
  minEvents?: number;
  /** Horizon of the forecast, in days (default: the tenant's `churn` setting, 90). */
  horizonDays?: number;
  /** Snapshot cut-offs, 30 days apart, the latest `horizonDays` before now (default 24). */
  cutoffs?: number;
  /** A stored model is retrained after this many days even when the churned accounts did not change (default 7). */
  retrainDays?: number;
  /** Stored health and churn rows older than this many days are deleted (default 400). */
  retentionDays?: number;
}

/** What a recomputation did. */
export interface RecomputeResult {
  /** The tenant. */
  tenantId: string;
  /** When (the stored `computedAt`). */
  computedAt: string;
  /** Accounts considered. */
  accounts: number;
  /** Accounts with a health score. */
  scored: number;
  /** Churn risks stored (accounts still customers with a score or features). */
  risks: number;
  /** Churned accounts in the tenant's signals. */
  churnEvents: number;
  /** `model` when a model trained on the tenant's history was used, `prior` otherwise. */
  source: 'model' | 'prior';
  /** Version of the model used (null for the prior). */
  modelVersion: number | null;
  /** True when this run trained (and stored) a new model version. */
  trained: boolean;
  /**
   * What the churn step did: `trained` a new version, `reused` the stored one, `failed` to train one
   * (recorded), `skipped-after-failure` (the last training on the same data produced no model, less
   * than `retrainDays` ago), or nothing for `too-few-events`.
   */
  training: 'trained' | 'reused' | 'failed' | 'skipped-after-failure' | 'too-few-events';
  /** The latest model's time-split validation, when there is a validated model (used only when it beats the prior). */
  validation: ChurnValidation | null;
}

/** The churn model's feature row of an account: its extra feature columns plus the health components. */
function featureRow(
  a: AccountHealthInput,
  health: Parameters<typeof healthFeatures>[0],
  config: HealthConfig,
): FeatureRow {
  return { ...a.features, ...healthFeatures(health, config) };
}

/**
 * Recomputes the health score and churn risk of every account of a tenant and stores them as the
 * account view's `health` and `churn` (what `GET /v1/accounts/:id/summary` returns):
 * health from survey aggregates and signals under the tenant's current `health` setting, with the
 * change and movers against the latest score at least `changePeriodDays` old; churn from a model
 * trained on the tenant's own churned accounts when there are at least `minEvents` of them
 * (retrained, as a new stored version, when the churned accounts or the columns change, or after
 * `retrainDays`), else the
 * health-score prior, labelled as such with the reason. Churned accounts get a health score only.
 */
export async function recomputeInsights(
  db: Database,
  tenantId: string,
  options: RecomputeOptions = {},
): Promise<RecomputeResult> {
  const now = options.now ?? new Date();
  const churnSettings = await getSetting(db, tenantId, 'churn');
  const minEvents = options.minEvents ?? churnSettings.minEvents ?? MIN_CHURN_EVENTS;
  const horizonDays = options.horizonDays ?? churnSettings.horizonDays;
  const config = await getSetting(db, tenantId, 'health');
  const accounts = await loadHealthInputs(db, tenantId, {
    now,
    ...(options.surveyMonths ? { surveyMonths: options.surveyMonths } : {}),
  });
  const previous = await previousScores(
    db,
    tenantId,
    new Date(now.getTime() - (options.changePeriodDays ?? 30) * DAY),
  );
  const health = computeHealthScores(
    accounts.map((a) => a.input),
    config,
    { previous },
  );
  const rows = accounts.map((a, i) => featureRow(a, health[i]!, config));
  const labels = accounts.map((a) => (a.churnedAt ? 1 : 0));
  const churnEvents = labels.reduce<number>((s, y) => s + y, 0);

  let model = null as Awaited<ReturnType<typeof latestChurnModel>>;
  let trained = false;
  let training: RecomputeResult['training'] = 'too-few-events';
  let reason: string | undefined;
  if (churnEvents >= minEvents) {
    const names = [...new Set(rows.flatMap((r) => Object.keys(r)))].sort();
    // Features drift every day (days since activity, to renewal): retraining on each run would only
    // churn model versions. A new model is trained when the labels, the columns or the health settings
    // change (the health_* columns then mean something else), or weekly.
    const fingerprint = createHash('sha256')
      .update(
        JSON.stringify({
          health: config,
          horizonDays,
          minEvents,
          names,
          churned: accounts.flatMap((a) => (a.churnedAt ? [a.input.accountId] : [])),
          rows: rows.length,
        }),
      )
      .digest('hex');
    const latest = await latestChurnModel(db, tenantId);
    const fresh = latest && now.getTime() - Date.parse(latest.trainedAt) < (options.retrainDays ?? 7) * DAY;
    // The last training that produced no model is stored (churn_training_failures): it is retried when
    // the training data changes or after `retrainDays`, not on every run, also after a restart (each
    // attempt rebuilds two years of snapshots).
    const failed =
      latest && fresh && latest.fingerprint === fingerprint ? null : await latestFailedTraining(db, tenantId);
    if (latest && fresh && latest.fingerprint === fingerprint) {
      model = latest;
      training = 'reused';
    } else if (
      failed &&
      failed.fingerprint === fingerprint &&
      now.getTime() - Date.parse(failed.failedAt) < (options.retrainDays ?? 7) * DAY
    ) {
      reason = failed.reason;
      training = 'skipped-after-failure';
    } else {
      try {
        // Point-in-time snapshots: each account as it was at past cut-offs, labelled by what followed.
        const history = await loadChurnSnapshots(db, tenantId, config, {
          now,
          horizonDays,
          // Only the accounts the training would keep are scored (core trainChurnForecast thins to its
          // default maxRows, 20,000, by the same kind of seeded account sample).
          maxRows: TRAINING_ROWS,
          ...(options.cutoffs ? { cutoffs: options.cutoffs } : {}),
          ...(options.surveyMonths ? { surveyMonths: options.surveyMonths } : {}),
        });
        const r = trainChurnForecast(
          history.snapshots,
          inferColumnTypes(
            history.snapshots.map((x) => x.features),
            history.names,
          ),
          { horizonDays, minEvents },
        );
        if (r.status === 'trained') {
          model = await saveChurnModel(db, tenantId, r.model, fingerprint, now);
          if (failed) await clearFailedTraining(db, tenantId);
          trained = true;
          training = 'trained';
        } else reason = `${r.reason}: prior from the health score`;
      } catch (err) {
        reason = `the churn model could not be trained (${(err as Error).message}): prior from the health score`;
      }
      if (!trained && reason) {
        await saveFailedTraining(db, tenantId, fingerprint, reason, now);
        training = 'failed';
      }
    }
  } else
    reason = `the tenant has ${churnEvents} churned accounts (fewer than ${minEvents}): prior from the health score`;

  const active = accounts.flatMap((a, i) => (a.churnedAt ? [] : [i]));
  const risks = assessChurnRisks(
    active.map((i) => ({ health: health[i]!, features: rows[i]! })),
    { model: model?.model ?? null, minEvents, columnLabels: healthFeatureLabels(config) },
  );
  const computedAt = now.toISOString();
  const out: { accountId: string; kind: 'health' | 'churn'; payload: unknown }[] = [];
  let scored = 0;
  health.forEach((h, i) => {
    const view = toHealthView(h, computedAt, config);
    const insufficient = toHealthInsufficientView(h, computedAt, config);
    if (insufficient) {
      // Stored so the card says why there is no score (and an old score stops showing as current).
      const { computedAt: _at, ...rest } = insufficient;
      out.push({
        accountId: accounts[i]!.input.accountId,
        kind: 'health',
        payload: StoredHealthInsufficientSchema.parse({ status: 'insufficient-data', ...rest }),
      });
    }
    if (!view) return;
    scored++;
    const { computedAt: _omit, ...value } = view;
    out.push({
      accountId: accounts[i]!.input.accountId,
      kind: 'health',
      payload: StoredHealthSchema.parse(value),
    });
  });
  let stored = 0;
  risks.forEach((risk: ChurnRisk | null, k) => {
    const withReason = risk && risk.source === 'prior' && reason ? { ...risk, reason } : risk;
    const view = toChurnView(withReason, computedAt);
    if (!view) return;
    stored++;
    const { computedAt: _omit, ...value } = view;
    out.push({
      accountId: accounts[active[k]!]!.input.accountId,
      kind: 'churn',
      payload: StoredChurnSchema.parse(value),
    });
  });
  await saveRecomputation(db, tenantId, now, out, options.retentionDays ?? 400);
  const usedModel = model !== null && risks.some((r) => r?.source === 'model');
  return {
    tenantId,
    computedAt,
    accounts: accounts.length,
    scored,
    risks: stored,
    churnEvents,
    source: usedModel ? 'model' : 'prior',
    modelVersion: usedModel ? (model?.version ?? null) : null,
    trained,
    training,
    validation: model?.model.validation ?? null,
  };
}
