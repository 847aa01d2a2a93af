import {
  AlertRuleSchema,
  IdSchema,
  backtestAlertRules,
  backtestAlertView,
  periodKey,
  type AlertRule,
  type ScoredAlertMetric,
} from '@cxkit/core';
import { z } from 'zod';
import type { AppServices, Feature } from '../app-context.js';
import { HttpError } from '../http-error.js';
import { adminRouteDefiner } from '../route-definition.js';
import { actorOf } from '../actor.js';
import { verbatimWorkerOf } from '../verbatims/verbatims-feature.js';
import { PeriodicJob } from '../verbatims/periodic-job.js';
import {
  AlertChannelsInputSchema,
  AlertChannelsViewSchema,
  getAlertChannels,
  saveAlertChannels,
  type AlertChannels,
} from './alert-channels.js';
import { loadAccountMonthSummaries } from './alert-history-store.js';
import {
  deleteAlertRuleInTransaction,
  listAlertRules,
  saveAlertRuleInTransaction,
} from './alert-rules-store.js';
import {
  AlertListQuerySchema,
  AlertPageSchema,
  AlertViewSchema,
  acknowledgeAlert,
  listAlerts,
} from './alert-store.js';
import { evaluateAlerts } from './evaluate-alerts.js';
import { deliverPendingAlerts, type DeliveryOptions } from './webhook-delivery.js';

/** Options of {@link createAlertsFeature}. */
export interface AlertsFeatureOptions {
  /** Period of the evaluation and delivery worker; default 60 s (0: no timer). */
  intervalMs?: number;
  /** Delay after new verbatim analyses before evaluating; default 1 s. */
  debounceMs?: number;
  /** Webhook retry settings. */
  delivery?: Omit<DeliveryOptions, 'now'>;
}

const jobs = new WeakMap<AppServices, PeriodicJob>();

/** The alert worker of an app (evaluate, then deliver), undefined when the feature is not mounted. */
export function alertWorkerOf(services: AppServices): PeriodicJob | undefined {
  return jobs.get(services);
}

const RuleParamsSchema = z.strictObject({ id: IdSchema });
const AlertParamsSchema = z.strictObject({ id: z.uuid() });

// Years 1900-9999, as every stored date (core's StorableDateTimeSchema): year 155 made period keys
// without their leading zero, and the replay a 500.
const MonthSchema = z
  .string()
  .regex(/^(19\d\d|[2-9]\d{3})-(0[1-9]|1[0-2])$/, 'a month YYYY-MM, 1900 to 9999');

/** Longest replay the preview runs: 50 years of months (a span of millennia would time out). */
const MAX_PREVIEW_MONTHS = 600;

const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;

/** Body of the rule preview: the rules to replay (stored ones are not needed) and the months. */
export const AlertPreviewBodySchema = z
  .strictObject({
    rules: z.array(AlertRuleSchema).min(1).max(50),
    from: MonthSchema.optional(),
    to: MonthSchema.optional(),
  })
  .refine((b) => b.from === undefined || b.to === undefined || b.from <= b.to, {
    path: ['from'],
    message: 'must not be after to',
  })
  .refine(
    (b) =>
      b.from === undefined ||
      b.to === undefined ||
      monthIndex(b.to) - monthIndex(b.from) < MAX_PREVIEW_MONTHS,
    { path: ['from'], message: `the replay spans at most ${MAX_PREVIEW_MONTHS} months` },
  );

/** What the preview returns: the shape `cxkit alerts backtest --json` prints. */
export const AlertPreviewSchema = z.object({
  evaluations: z.number().int(),
  from: z.string(),
  to: z.string(),
  alerts: z.array(
    z.object({
      ruleId: z.string(),
      accountId: z.string().optional(),
      segmentId: z.string().optional(),
      period: z.string(),
      severity: z.string(),
      kind: z.string(),
      metric: z.string(),
      value: z.union([z.number(), z.string(), z.null()]),
      evaluatedAt: z.string(),
      title: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  ),
  skipped: z.array(z.object({ ruleId: z.string(), reason: z.string() })),
});

const addMonths = (month: string, n: number) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return periodKey(new Date(Date.UTC(y, m - 1 + n, 1)), 'month');
};

/** Months of history a replay from `from` needs before it (the longest baseline and previous period). */
const historyMonths = (rules: readonly AlertRule[]) =>
  Math.max(
    6,
    ...rules.map((r) =>
      r.kind === 'anomaly' ? r.window + 2 * r.lookback : r.kind === 'detractor-negative-verbatim' ? 0 : 6,
    ),
  );

const channelsView = (c: AlertChannels) => ({
  webhookUrl: c.webhookUrl,
  hasWebhookSecret: c.webhookSecret !== null,
  hubspotTasks: c.hubspotTasks,
});

/**
 * Alerts: rules per tenant (admin API), the alert list and acknowledgement, and a worker that evaluates the
 * rules on a timer and after new verbatim analyses, then sends the signed webhooks.
 */
export function createAlertsFeature(options: AlertsFeatureOptions = {}): Feature {
  return {
    name: 'alerts',
    mount(app, s) {
      const route = adminRouteDefiner(app, s, 'alerts');

      const job = new PeriodicJob(
        async () => {
          await evaluateAlerts(s);
          await deliverPendingAlerts(s, options.delivery);
        },
        {
          name: 'alerts',
          intervalMs: options.intervalMs ?? 60_000,
          debounceMs: options.debounceMs ?? 1_000,
          logger: s.logger,
        },
      );
      jobs.set(s, job);
      verbatimWorkerOf(s)?.onAnalyzed(() => job.trigger());
      job.start();
      s.background.push(() => job.stop());

      route(
        {
          method: 'get',
          path: '/v1/alerts',
          summary:
            "The tenant's alerts, newest first; filter by status, severity, rule, metric, account or segment; page with `cursor`.",
          query: AlertListQuerySchema,
          responses: { 200: { description: 'A page of alerts', schema: AlertPageSchema } },
        },
        async (c, { query: q }) => {
          return c.json(await listAlerts(s.db, c.get('tenant').id, q), 200);
        },
      );

      route(
        {
          method: 'post',
          path: '/v1/alerts/:id/ack',
          summary:
            'Acknowledge an alert (idempotent: the first acknowledgement is kept). `X-Cx-Actor` names who.',
          params: AlertParamsSchema,
          responses: { 200: { description: 'The alert', schema: AlertViewSchema } },
        },
        async (c, { params: { id } }) => {
          return c.json(await acknowledgeAlert(s.db, c.get('tenant').id, id, actorOf(c), s.now()), 200);
        },
      );

      route(
        {
          method: 'get',
          path: '/v1/admin/alert-rules',
          summary: "The tenant's alert rules.",
          responses: { 200: { description: 'Rules', schema: z.object({ rules: z.array(AlertRuleSchema) }) } },
        },
        async (c) => c.json({ rules: await listAlertRules(s.db, c.get('tenant').id) }, 200),
      );

      route(
        {
          method: 'post',
          path: '/v1/admin/alert-rules/preview',
          summary:
            "What rules would have raised over the tenant's stored answers, month by month as the worker evaluates them (default: the 12 complete months before now). The same core replay as `cxkit alerts backtest`; nothing is stored or sent.",
          body: AlertPreviewBodySchema,
          responses: {
            200: { description: 'The alerts the rules would have raised', schema: AlertPreviewSchema },
          },
        },
        async (c, { body }) => {
          const lastComplete = addMonths(periodKey(s.now(), 'month'), -1);
          const to =
            body.to ?? (body.from !== undefined && body.from > lastComplete ? body.from : lastComplete);
          const from = body.from ?? addMonths(to, -11);
          const metrics = [
            ...new Set(
              body.rules.flatMap((r) =>
                r.kind !== 'detractor-negative-verbatim' &&
                (r.metric === 'nps' || r.metric === 'csat' || r.metric === 'ces')
                  ? [r.metric as ScoredAlertMetric]
                  : [],
              ),
            ),
          ];
          const rows = await loadAccountMonthSummaries(
            s.db,
            c.get('tenant').id,
            metrics,
            addMonths(from, -historyMonths(body.rules)),
            to,
          );
          const r = backtestAlertRules(body.rules, rows, { from, to });
          return c.json(
            {
              evaluations: r.evaluations,
              from,
              to,
              alerts: r.alerts.map(backtestAlertView),
              skipped: r.skipped,
            },
            200,
          );
        },
      );

      route(
        {
          method: 'put',
          path: '/v1/admin/alert-rules/:id',
          summary: 'Create or replace an alert rule (versioned in the configuration history).',
          params: RuleParamsSchema,
          body: AlertRuleSchema,
          responses: { 200: { description: 'The stored rule', schema: AlertRuleSchema } },
        },
        async (c, { params: { id }, body: rule }) => {
          if (rule.id !== id)
            throw new HttpError(400, 'validation/body', 'invalid body', {
              issues: [{ path: 'id', rule: 'mismatch', message: `must equal the path id "${id}"` }],
            });
          const tenantId = c.get('tenant').id;
          const saved = await saveAlertRuleInTransaction(s.db, tenantId, rule, actorOf(c));
          return c.json(saved, 200);
        },
      );

      route(
        {
          method: 'delete',
          path: '/v1/admin/alert-rules/:id',
          summary: 'Delete an alert rule (its alerts stay).',
          params: RuleParamsSchema,
          responses: { 204: { description: 'Deleted' } },
        },
        async (c, { params: { id } }) => {
          const tenantId = c.get('tenant').id;
          const found = await deleteAlertRuleInTransaction(s.db, tenantId, id, actorOf(c));
          if (!found) throw new HttpError(404, 'alert-rule/not-found', `no alert rule "${id}"`);
          return c.body(null, 204);
        },
      );

      route(
        {
          method: 'get',
          path: '/v1/admin/alert-channels',
          summary: 'Where alerts go: webhook URL (never the secret) and HubSpot tasks.',
          responses: { 200: { description: 'Channels', schema: AlertChannelsViewSchema } },
        },
        async (c) => c.json(channelsView(await getAlertChannels(s.db, c.get('tenant').id)), 200),
      );

      route(
        {
          method: 'put',
          path: '/v1/admin/alert-channels',
          summary:
            'Set the signed webhook (URL and a 32+ character secret) and whether account alerts become HubSpot tasks.',
          body: AlertChannelsInputSchema,
          responses: { 200: { description: 'Channels', schema: AlertChannelsViewSchema } },
        },
        async (c, { body }) => {
          const saved = await saveAlertChannels(s.db, c.get('tenant').id, body);
          if ('missing' in saved)
            throw new HttpError(400, 'validation/body', 'invalid body', {
              issues: [
                {
                  path: 'webhookSecret',
                  rule: 'required',
                  message: 'required with a webhook URL when none is stored',
                },
              ],
            });
          return c.json(channelsView(saved), 200);
        },
      );

      route(
        {
          method: 'post',
          path: '/v1/admin/alerts/evaluate',
          summary:
            "Evaluate the tenant's rules now (the worker also does it every minute); returns the alerts raised.",
          responses: {
            200: {
              description: 'Alerts raised by this run, and rules that failed',
              schema: z.object({
                raised: z.array(AlertViewSchema),
                failed: z.array(z.object({ ruleId: z.string(), error: z.string() })),
              }),
            },
          },
        },
        async (c) => {
          const r = await evaluateAlerts(s, { tenantId: c.get('tenant').id });
          job.trigger();
          return c.json(
            { raised: r.raised, failed: r.failed.map(({ ruleId, error }) => ({ ruleId, error })) },
            200,
          );
        },
      );
    },
  };
}

/** The alerts feature with default timings (mounted by every server). */
export const alertsFeature: Feature = createAlertsFeature();
