import { HealthConfigSchema } from '@cxkit/core';
import { z } from 'zod';
import type { AppServices, Feature } from '../app-context.js';
import { HttpError } from '../http-error.js';
import { listTenants } from '../tenants/tenants-store.js';
import { adminRouteDefiner } from '../route-definition.js';
import { PeriodicJob } from '../verbatims/periodic-job.js';
import { AccountSignalsSchema, SignalsAccountIdSchema, SignalsBatchSchema } from './account-signals.js';
import {
  loadAccountSignals,
  upsertAccountSignals,
  upsertAccountSignalsAtomically,
} from './account-signals-store.js';
import { previewHealthConfig } from './preview-health-config.js';
import { validateTenantHealthWeights } from './validate-health-weights.js';
import { recomputeInsights, type RecomputeResult } from './recompute-insights.js';

/** Options of {@link createInsightsFeature}. */
export interface InsightsFeatureOptions {
  /** Period of the scheduled recomputation of every tenant; default `INSIGHTS_INTERVAL_MS` (0: no timer). */
  intervalMs?: number;
}

const jobs = new WeakMap<AppServices, PeriodicJob>();

/** The scheduled recomputation of an app (stop it on shutdown), undefined when the feature is not mounted. */
export function insightsJobOf(services: AppServices): PeriodicJob | undefined {
  return jobs.get(services);
}

/** Recomputes health and churn for every tenant (what the scheduler runs); a failing tenant does not stop the others. */
export async function recomputeAllTenants(services: AppServices): Promise<RecomputeResult[]> {
  const out: RecomputeResult[] = [];
  for (const t of await listTenants(services.db)) {
    try {
      out.push(await recomputeInsights(services.db, t.id, { now: services.now() }));
    } catch (err) {
      services.logger.error({ err, tenantId: t.id }, 'insights recomputation failed');
    }
  }
  return out;
}

const ParamsSchema = z.strictObject({ id: SignalsAccountIdSchema });
const StoredSignalsSchema = z.object({
  accountId: z.string(),
  signals: AccountSignalsSchema,
  updatedAt: z.string(),
});
const BandSchema = z.object({ band: z.string(), label: z.string(), score: z.number() }).nullable();
const PreviewSchema = z.object({
  changes: z.int(),
  total: z.int(),
  accounts: z.array(
    z.object({ accountId: z.string(), name: z.string().nullable(), from: BandSchema, to: BandSchema }),
  ),
});
const RecomputeResultSchema = z.object({
  tenantId: z.string(),
  computedAt: z.string(),
  accounts: z.int(),
  scored: z.int(),
  risks: z.int(),
  churnEvents: z.int(),
  source: z.enum(['model', 'prior']),
  modelVersion: z.int().nullable(),
  trained: z.boolean(),
  /** The model's time-split validation against the health prior (null without a validated model). */
  validation: z.record(z.string(), z.unknown()).nullable(),
});

/**
 * Health score and churn risk: account signals (admin API), the on-demand and scheduled
 * recomputation of every account's health and churn, and the preview of a health configuration.
 */
export function createInsightsFeature(options: InsightsFeatureOptions = {}): Feature {
  return {
    name: 'insights',
    mount(app, s) {
      const route = adminRouteDefiner(app, s, 'insights');

      const job = new PeriodicJob(() => recomputeAllTenants(s), {
        name: 'insights',
        intervalMs: options.intervalMs ?? s.config.INSIGHTS_INTERVAL_MS,
        debounceMs: 1_000,
        logger: s.logger,
      });
      jobs.set(s, job);
      job.start();
      s.background.push(() => job.stop());

      route(
        {
          method: 'get',
          path: '/v1/admin/accounts/:id/signals',
          summary: "An account's operational signals.",
          params: ParamsSchema,
          responses: { 200: { description: 'The stored signals', schema: StoredSignalsSchema } },
        },
        async (c, { params: { id } }) => {
          const found = (await loadAccountSignals(s.db, c.get('tenant').id)).get(id);
          if (!found) throw new HttpError(404, 'signals/not-found', `no signals for account "${id}"`);
          return c.json(found, 200);
        },
      );

      route(
        {
          method: 'put',
          path: '/v1/admin/accounts/:id/signals',
          summary:
            "Replace an account's operational signals (usage, support, commercial, activity, churn, extra features).",
          params: ParamsSchema,
          body: AccountSignalsSchema,
          responses: { 200: { description: 'The stored signals', schema: StoredSignalsSchema } },
        },
        async (c, { params: { id }, body: signals }) => {
          const tenantId = c.get('tenant').id;
          const now = s.now();
          await upsertAccountSignals(s.db, tenantId, [{ accountId: id, signals }], now);
          return c.json({ accountId: id, signals, updatedAt: now.toISOString() }, 200);
        },
      );

      route(
        {
          method: 'post',
          path: '/v1/admin/signals',
          summary: 'Replace the signals of up to 1,000 accounts at once (all or nothing).',
          body: SignalsBatchSchema,
          responses: {
            200: { description: 'How many accounts were stored', schema: z.object({ stored: z.int() }) },
          },
        },
        async (c, { body }) => {
          const tenantId = c.get('tenant').id;
          const now = s.now();
          const stored = await upsertAccountSignalsAtomically(
            s.db,
            tenantId,
            body.accounts.map(({ accountId, ...signals }) => ({ accountId, signals })),
            now,
          );
          return c.json({ stored }, 200);
        },
      );

      route(
        {
          method: 'post',
          path: '/v1/admin/insights/recompute',
          summary:
            "Recompute every account's health score and churn risk now (the scheduler also does it every INSIGHTS_INTERVAL_MS).",
          responses: { 200: { description: 'What the run did', schema: RecomputeResultSchema } },
        },
        async (c) => c.json(await recomputeInsights(s.db, c.get('tenant').id, { now: s.now() }), 200),
      );

      route(
        {
          method: 'post',
          path: '/v1/admin/health/preview',
          summary:
            'Which accounts would change band under this health configuration (save it with PUT /v1/admin/settings/health).',
          body: HealthConfigSchema,
          responses: { 200: { description: 'Band changes', schema: PreviewSchema } },
        },
        async (c, { body: config }) => {
          return c.json(await previewHealthConfig(s.db, c.get('tenant').id, config, { now: s.now() }), 200);
        },
      );

      route(
        {
          method: 'get',
          path: '/v1/admin/health/weights-validation',
          summary:
            'The health weights checked against later churn on the tenant history (AUC), a suggested weight set fitted on earlier cut-offs and scored on later ones, and the band changes adopting it would bring (adopt with PUT /v1/admin/settings/health).',
          responses: {
            200: {
              description: 'Validation, suggestion and preview',
              schema: z.object({
                current: z.object({ auc: z.number(), rows: z.int(), events: z.int() }),
                suggested: z.object({ auc: z.number(), rows: z.int(), events: z.int() }),
                weights: z.record(z.string(), z.number()),
                suggestedConfig: HealthConfigSchema,
                better: z.boolean(),
                horizonDays: z.int(),
                preview: PreviewSchema,
              }),
            },
            422: { description: 'Too few churn events in the history to judge weights' },
          },
        },
        async (c) =>
          c.json(await validateTenantHealthWeights(s.db, c.get('tenant').id, { now: s.now() }), 200),
      );
    },
  };
}

/** The insights feature with the configured schedule (mounted by every server). */
export const insightsFeature: Feature = createInsightsFeature();
