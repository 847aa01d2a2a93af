import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import {
  claimDueDeliveries,
  loadDeliveryAlert,
  markDelivered,
  markDeliveryFailed,
} from './alert-delivery-store.js';
import { toAlertView } from './alert-store.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhook } from './webhook-signature.js';

/** Options of {@link deliverPendingAlerts}. */
export interface DeliveryOptions {
  /** Deliveries claimed per call; default 50. */
  batchSize?: number;
  /** Attempts before a delivery is marked failed; default 8. */
  maxAttempts?: number;
  /** Delay before the second attempt; doubles at each failure; default 30 s. */
  baseDelayMs?: number;
  /** Longest delay between attempts; default 6 h. */
  maxDelayMs?: number;
  /** Per-request timeout; default 10 s. */
  timeoutMs?: number;
  /** Clock, for tests. */
  now?: Date;
}

/** What one call did. */
export interface DeliveryResult {
  /** Delivered now (2xx). */
  delivered: number;
  /** Failed now and rescheduled. */
  retrying: number;
  /** Failed for the last time. */
  failed: number;
}

/** The body of a webhook request. */
export type WebhookPayload = { type: 'alert.raised'; alert: ReturnType<typeof toAlertView> };

/** Delay before attempt `attempts + 1`: base × 2^(attempts − 1), capped. */
export function retryDelay(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Sends due webhook deliveries: each alert is POSTed as JSON, signed (`X-Cx-Signature: sha256=<hex HMAC of
 * "timestamp.body">`, `X-Cx-Timestamp`), with `Idempotency-Key: <alert id>` so a receiver can drop a repeat.
 * A 2xx marks it delivered (never sent again); anything else is retried with exponential backoff until
 * `maxAttempts`. The outbox is in the database, so deliveries survive restarts.
 */
export async function deliverPendingAlerts(
  services: { db: Database; logger: Logger; now: () => Date },
  options: DeliveryOptions = {},
): Promise<DeliveryResult> {
  const now = options.now ?? services.now();
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const out: DeliveryResult = { delivered: 0, retrying: 0, failed: 0 };
  const claimed = await claimDueDeliveries(
    services.db,
    now,
    new Date(now.getTime() + timeoutMs + 60_000),
    options.batchSize ?? 50,
  );
  for (const d of claimed) {
    const row = await loadDeliveryAlert(services.db, d.tenant_id, d.alert_id);
    let status: number | null = null;
    let error: string | null = null;
    if (!row?.webhook_url || !row.webhook_secret) error = 'no webhook configured';
    else {
      const body = JSON.stringify({ type: 'alert.raised', alert: toAlertView(row) } satisfies WebhookPayload);
      const timestamp = Math.floor(Date.now() / 1000);
      try {
        const res = await fetch(row.webhook_url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'cxkit-alerts',
            'idempotency-key': d.alert_id,
            [TIMESTAMP_HEADER]: String(timestamp),
            [SIGNATURE_HEADER]: signWebhook(row.webhook_secret, timestamp, body),
          },
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = res.status;
        await res.body?.cancel();
        if (!res.ok) error = `HTTP ${res.status}`;
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
    }
    if (error === null) {
      out.delivered++;
      await markDelivered(services.db, { tenantId: d.tenant_id, alertId: d.alert_id, at: now, status });
      continue;
    }
    const final = d.attempts >= maxAttempts || error === 'no webhook configured';
    if (final) out.failed++;
    else out.retrying++;
    const next = new Date(
      now.getTime() + retryDelay(d.attempts, options.baseDelayMs ?? 30_000, options.maxDelayMs ?? 21_600_000),
    );
    await markDeliveryFailed(services.db, {
      tenantId: d.tenant_id,
      alertId: d.alert_id,
      final,
      next,
      status,
      error,
    });
    services.logger.warn(
      { tenantId: d.tenant_id, alertId: d.alert_id, attempts: d.attempts, error },
      'alert webhook failed',
    );
  }
  return out;
}
