import { randomUUID } from 'node:crypto';
import type { AlertEvent } from '@cxkit/core';
import type { Queryable } from '../db/database.js';
import type { AlertChannels } from './alert-channels.js';
import { ALERT_COLUMNS, toAlertView, type AlertRow, type AlertView } from './alert-store.js';
import { hubspotTaskFields } from './hubspot-alert-tasks.js';

// One statement: alerts are inserted unless their dedup key exists, and only the new ones get a webhook
// delivery and a HubSpot task, so an alert and its deliveries are written together or not at all.
const RAISE = `
WITH ev AS (
  SELECT * FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, dedup_key text, rule_id text, rule_kind text, metric text,
       severity text, target_type text, target_id text, period text, value jsonb, title text, details jsonb,
       task_subject text, task_body text, task_due timestamptz, task_priority text)
), ins AS (
  INSERT INTO alerts (tenant_id, id, dedup_key, rule_id, rule_kind, metric, severity, target_type, target_id, period,
                      value, title, details, created_at)
  SELECT $1, id, dedup_key, rule_id, rule_kind, metric, severity, target_type, target_id, period, value, title,
         details, $3::timestamptz
  FROM ev ORDER BY dedup_key
  ON CONFLICT (tenant_id, dedup_key) DO NOTHING
  RETURNING ${ALERT_COLUMNS}
), dlv AS (
  INSERT INTO alert_deliveries (tenant_id, alert_id, next_attempt_at, created_at)
  SELECT $1, ins.id::uuid, $3::timestamptz, $3::timestamptz FROM ins WHERE $4::boolean
  ON CONFLICT DO NOTHING
), task AS (
  INSERT INTO alert_hubspot_tasks (tenant_id, alert_id, account_id, subject, body, due_at, priority, created_at)
  SELECT $1, ins.id::uuid, ins.target_id, ev.task_subject, ev.task_body, ev.task_due, ev.task_priority, $3::timestamptz
  FROM ins JOIN ev ON ev.id = ins.id::uuid WHERE $5::boolean AND ins.target_type = 'account'
  ON CONFLICT DO NOTHING
)
SELECT * FROM ins`;

/**
 * Stores events as alerts, once each: an event whose dedup key the tenant already has is ignored, whatever
 * the retries or concurrent evaluations (the unique index decides). New alerts are queued for the webhook
 * when one is configured, and account alerts for a HubSpot task when enabled.
 * @returns the alerts created by this call (empty when all were known).
 */
export async function raiseAlerts(
  db: Queryable,
  tenantId: string,
  events: readonly AlertEvent[],
  channels: AlertChannels,
  now: Date,
): Promise<AlertView[]> {
  if (events.length === 0) return [];
  const rows = events.map((e) => {
    const task = hubspotTaskFields(e, now);
    return {
      id: randomUUID(),
      dedup_key: e.dedupKey,
      rule_id: e.ruleId,
      rule_kind: e.ruleKind,
      metric: e.metric,
      severity: e.severity,
      target_type: e.target.type,
      target_id: e.target.type === 'account' ? e.target.accountId : e.target.id,
      period: e.period,
      value: e.value,
      title: e.title,
      details: e.details,
      task_subject: task.subject,
      task_body: task.body,
      task_due: task.dueAt,
      task_priority: task.priority,
    };
  });
  const r = await db.query<AlertRow>(RAISE, [
    tenantId,
    JSON.stringify(rows),
    now.toISOString(),
    channels.webhookUrl !== null,
    channels.hubspotTasks,
  ]);
  return r.rows.map(toAlertView);
}
