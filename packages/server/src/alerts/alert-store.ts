import { ALERT_METRICS, ALERT_RULE_KINDS, ALERT_SEVERITIES, StorableDateTimeSchema } from '@cxkit/core';
import { z } from 'zod';
import type { Queryable } from '../db/database.js';
import { HttpError } from '../http-error.js';

/** An alert as the API and the webhook show it. */
export const AlertViewSchema = z.strictObject({
  id: z.uuid(),
  ruleId: z.string(),
  ruleKind: z.enum(ALERT_RULE_KINDS),
  metric: z.enum(ALERT_METRICS),
  severity: z.enum(ALERT_SEVERITIES),
  target: z.strictObject({ type: z.enum(['account', 'segment']), id: z.string() }),
  period: z.string(),
  value: z.union([z.number(), z.string()]).nullable(),
  /** Plain text; renderers must escape it. */
  title: z.string(),
  details: z.record(z.string(), z.unknown()),
  createdAt: z.iso.datetime({ offset: true }),
  acknowledgedAt: z.iso.datetime({ offset: true }).nullable(),
  acknowledgedBy: z.string().nullable(),
});

/** An alert. */
export type AlertView = z.infer<typeof AlertViewSchema>;

/** `GET /v1/alerts` query: filters and keyset paging (newest first). */
export const AlertListQuerySchema = z.strictObject({
  status: z.enum(['open', 'acknowledged', 'all']).default('all'),
  severity: z.enum(ALERT_SEVERITIES).optional(),
  ruleId: z.string().min(1).max(64).optional(),
  metric: z.enum(ALERT_METRICS).optional(),
  accountId: z.string().min(1).max(128).optional(),
  segmentId: z.string().min(1).max(64).optional(),
  since: StorableDateTimeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** `nextCursor` of the previous page. */
  cursor: z.string().max(200).optional(),
});

/** A page of alerts. */
export const AlertPageSchema = z.strictObject({
  alerts: z.array(AlertViewSchema),
  nextCursor: z.string().nullable(),
});

/** Stored row of an alert. */
export interface AlertRow {
  id: string;
  rule_id: string;
  rule_kind: string;
  metric: string;
  severity: string;
  target_type: 'account' | 'segment';
  target_id: string;
  period: string;
  value: number | string | null;
  title: string;
  details: Record<string, unknown>;
  created_at: Date | string;
  acknowledged_at: Date | string | null;
  acknowledged_by: string | null;
}

/** The columns of {@link AlertRow}, for SELECT and RETURNING lists. */
export const ALERT_COLUMNS = `id::text AS id, rule_id, rule_kind, metric, severity, target_type, target_id, period, value,
  title, details, created_at, acknowledged_at, acknowledged_by`;

/** Maps a stored row to the API view. */
export function toAlertView(r: AlertRow): AlertView {
  return {
    id: r.id,
    ruleId: r.rule_id,
    ruleKind: r.rule_kind as AlertView['ruleKind'],
    metric: r.metric as AlertView['metric'],
    severity: r.severity as AlertView['severity'],
    target: { type: r.target_type, id: r.target_id },
    period: r.period,
    value: r.value,
    title: r.title,
    details: r.details,
    createdAt: new Date(r.created_at).toISOString(),
    acknowledgedAt: r.acknowledged_at === null ? null : new Date(r.acknowledged_at).toISOString(),
    acknowledgedBy: r.acknowledged_by,
  };
}

const encodeCursor = (createdAt: string, id: string) =>
  Buffer.from(`${createdAt}|${id}`).toString('base64url');

function decodeCursor(cursor: string): [string, string] {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/.test(id))
    throw new HttpError(400, 'validation/query', 'invalid query', {
      issues: [
        { path: 'cursor', rule: 'invalid_cursor', message: 'must be a nextCursor returned by this API' },
      ],
    });
  return [at, id];
}

/** A tenant's alerts, newest first, filtered, one page at a time. */
export async function listAlerts(
  db: Queryable,
  tenantId: string,
  q: z.infer<typeof AlertListQuerySchema>,
): Promise<z.infer<typeof AlertPageSchema>> {
  const params: unknown[] = [tenantId];
  const where = ['tenant_id = $1'];
  const add = (sql: (n: string) => string, v: unknown) => {
    params.push(v);
    where.push(sql(`$${params.length}`));
  };
  if (q.status === 'open') where.push('acknowledged_at IS NULL');
  if (q.status === 'acknowledged') where.push('acknowledged_at IS NOT NULL');
  if (q.severity) add((n) => `severity = ${n}`, q.severity);
  if (q.ruleId) add((n) => `rule_id = ${n}`, q.ruleId);
  if (q.metric) add((n) => `metric = ${n}`, q.metric);
  if (q.accountId) add((n) => `target_type = 'account' AND target_id = ${n}`, q.accountId);
  if (q.segmentId) add((n) => `target_type = 'segment' AND target_id = ${n}`, q.segmentId);
  if (q.since) add((n) => `created_at >= ${n}`, q.since);
  if (q.cursor) {
    const [at, id] = decodeCursor(q.cursor);
    params.push(at, id);
    where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(q.limit + 1);
  const r = await db.query<AlertRow>(
    `SELECT ${ALERT_COLUMNS} FROM alerts WHERE ${where.join(' AND ')}
     ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
    params,
  );
  const page = r.rows.slice(0, q.limit).map(toAlertView);
  const last = page[page.length - 1];
  return {
    alerts: page,
    nextCursor: r.rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

/**
 * Acknowledges an alert (idempotent: a second acknowledgement keeps the first one's time and author).
 * @throws HttpError 404 `alert/not-found` when the tenant has no such alert.
 */
export async function acknowledgeAlert(
  db: Queryable,
  tenantId: string,
  id: string,
  actor: string,
  at: Date,
): Promise<AlertView> {
  const r = await db.query<AlertRow>(
    `UPDATE alerts SET acknowledged_at = COALESCE(acknowledged_at, $3), acknowledged_by = COALESCE(acknowledged_by, $4)
     WHERE tenant_id = $1 AND id = $2 RETURNING ${ALERT_COLUMNS}`,
    [tenantId, id, at.toISOString(), actor],
  );
  const row = r.rows[0];
  if (!row) throw new HttpError(404, 'alert/not-found', `no alert "${id}"`);
  return toAlertView(row);
}

/** An alert to insert (the stored row before the database stamps it), with the HubSpot task it would queue. */
export interface NewAlertRow extends Omit<AlertRow, 'created_at' | 'acknowledged_at' | 'acknowledged_by'> {
  dedup_key: string;
  task_subject: string;
  task_body: string;
  task_due: string;
  task_priority: string;
}

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
 * Inserts alerts whose dedup key the tenant does not have yet, queueing each new one's webhook delivery and
 * (account alerts) HubSpot task as asked, in one statement.
 * @returns the alerts inserted by this call.
 */
export async function insertAlerts(
  db: Queryable,
  tenantId: string,
  rows: readonly NewAlertRow[],
  now: Date,
  queue: { webhook: boolean; hubspotTasks: boolean },
): Promise<AlertView[]> {
  const r = await db.query<AlertRow>(RAISE, [
    tenantId,
    JSON.stringify(rows),
    now.toISOString(),
    queue.webhook,
    queue.hubspotTasks,
  ]);
  return r.rows.map(toAlertView);
}
