import { randomUUID } from 'node:crypto';
import type { AlertEvent } from '@cxkit/core';
import type { Queryable } from '../db/database.js';
import type { AlertChannels } from './alert-channels.js';
import { insertAlerts, type AlertView, type NewAlertRow } from './alert-store.js';
import { hubspotTaskFields } from './hubspot-alert-tasks.js';

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
  const rows = events.map((e): NewAlertRow => {
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
  return insertAlerts(db, tenantId, rows, now, {
    webhook: channels.webhookUrl !== null,
    hubspotTasks: channels.hubspotTasks,
  });
}
