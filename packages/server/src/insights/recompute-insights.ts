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
  type PreviousHealth,
} from '@cxkit/core';
import {
  StoredChurnSchema,
  StoredHealthInsufficientSchema,
  StoredHealthSchema,
} from '../accounts/account-insights.js';
import { getSetting } from '../admin/config-store.js';
import type { Database, Queryable } from '../db/database.js';
import { markHubSpotPending } from '../hubspot/pending-accounts-store.js';
import { latestChurnModel, saveChurnModel } from './churn-model-store.js';
import { loadChurnSnapshots } from './churn-snapshots.js';
import { loadHealthInputs, type AccountHealthInput } from './health-inputs.js';

const DAY = 86_400_000;

/**
 * The last training that produced no model, per tenant (this process): retried when the training data
 * changes or after `retrainDays`, not on every run (each attempt rebuilds the snapshots).
 */
const failedTrainings = new Map<string, { fingerprint: string; at: number; reason: string }>();

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
  /** The latest model's time-split validation, when there is a validated model (used only when it beats the prior). */
  validation: ChurnValidation | null;
}

async function previousScores(
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

// One statement per 1,000 rows: at 10,000 accounts single-row inserts would dominate the run.
async function storeInsights(
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
async function thinInsightHistory(db: Queryable, tenantId: string, now: Date, retentionDays: number) {
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
    const failed = failedTrainings.get(tenantId);
    if (latest && fresh && latest.fingerprint === fingerprint) model = latest;
    else if (
      failed &&
      failed.fingerprint === fingerprint &&
      now.getTime() - failed.at < (options.retrainDays ?? 7) * DAY
    )
      // Building two years of snapshots again would fail the same way until the data changes.
      reason = failed.reason;
    else {
      failedTrainings.delete(tenantId);
      try {
        // Point-in-time snapshots: each account as it was at past cut-offs, labelled by what followed.
        const history = await loadChurnSnapshots(db, tenantId, config, {
          now,
          horizonDays,
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
          trained = true;
        } else reason = `${r.reason}: prior from the health score`;
      } catch (err) {
        reason = `the churn model could not be trained (${(err as Error).message}): prior from the health score`;
      }
      if (!trained && reason) failedTrainings.set(tenantId, { fingerprint, at: now.getTime(), reason });
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
  await db.transaction(async (tx) => {
    await storeInsights(tx, tenantId, now, out);
    await thinInsightHistory(tx, tenantId, now, options.retentionDays ?? 400);
    await markHubSpotPending(
      tx,
      tenantId,
      out.map((r) => r.accountId),
    );
  });
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
    validation: model?.model.validation ?? null,
  };
}
