import type { Database, Queryable } from '../db/database.js';
import type { WebhookEvent } from './webhook-events.js';

/** Stores a verified delivery's raw body, durably, before the 204 is sent. */
export async function storeWebhookDelivery(db: Database, body: string): Promise<number> {
  const r = await db.query<{ id: string }>(
    'INSERT INTO hubspot_webhook_deliveries (body) VALUES ($1) RETURNING id',
    [body],
  );
  return Number(r.rows[0]!.id);
}

/** A stored delivery not split into events yet. */
export interface UnsplitDelivery {
  /** The delivery's id. */
  id: string;
  /** Its raw body, as HubSpot sent it. */
  body: string;
}

/** Up to `limit` deliveries not split into events yet, oldest first. */
export async function unsplitDeliveries(db: Queryable, limit: number): Promise<UnsplitDelivery[]> {
  const r = await db.query<UnsplitDelivery>(
    'SELECT id, body FROM hubspot_webhook_deliveries WHERE split_at IS NULL ORDER BY id LIMIT $1',
    [limit],
  );
  return r.rows;
}

/**
 * Files a delivery's valid events in the inbox (one row per portal and event; a repeated event is
 * kept once) and marks the delivery split with its counts, in one transaction.
 */
export async function fileDeliveryEvents(
  db: Database,
  deliveryId: string,
  valid: readonly WebhookEvent[],
  malformed: number,
  error: string | null,
): Promise<void> {
  await db.transaction(async (tx) => {
    if (valid.length > 0)
      await tx.query(
        `INSERT INTO hubspot_webhook_inbox (portal_id, event_id, delivery_id, occurred_at, event)
         SELECT (x->>'portalId')::bigint, (x->>'eventId')::bigint, $1, coalesce((x->>'occurredAt')::bigint, 0), x
         FROM jsonb_array_elements($2::jsonb) AS x
         ON CONFLICT (portal_id, event_id) DO NOTHING`,
        [deliveryId, JSON.stringify(valid)],
      );
    await tx.query(
      'UPDATE hubspot_webhook_deliveries SET split_at = now(), events = $2, malformed = $3, error = $4 WHERE id = $1',
      [deliveryId, valid.length, malformed, error],
    );
  });
}

/** Deletes every waiting event of a portal; returns how many there were. */
export async function dropPortalEvents(db: Queryable, portalId: number): Promise<number> {
  const r = await db.query('DELETE FROM hubspot_webhook_inbox WHERE portal_id = $1', [portalId]);
  return r.rowCount;
}

/** How many events of a portal wait in the inbox. */
export async function countWaitingEvents(db: Queryable, portalId: number): Promise<number> {
  const r = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM hubspot_webhook_inbox WHERE portal_id = $1',
    [portalId],
  );
  return r.rows[0]!.n;
}

/** A waiting event of the inbox. */
export interface WaitingEvent {
  /** HubSpot's event id, as text (a bigint). */
  event_id: string;
  /** The event as filed. */
  event: WebhookEvent;
  /** Failed attempts so far. */
  attempts: number;
}

/** Up to `limit` waiting events of a portal, in the order they apply (occurredAt, then eventId). */
export async function waitingEvents(db: Queryable, portalId: number, limit: number): Promise<WaitingEvent[]> {
  const r = await db.query<WaitingEvent>(
    `SELECT event_id::text, event, attempts FROM hubspot_webhook_inbox WHERE portal_id = $1
     ORDER BY occurred_at, event_id LIMIT $2`,
    [portalId, limit],
  );
  return r.rows;
}

/** Records an event as applied and takes it out of the inbox, in one transaction. */
export async function markEventDone(db: Database, portalId: number, eventId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      'INSERT INTO hubspot_webhook_events (portal_id, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [portalId, eventId],
    );
    await tx.query('DELETE FROM hubspot_webhook_inbox WHERE portal_id = $1 AND event_id = $2', [
      portalId,
      eventId,
    ]);
  });
}

/** Whether an event was applied before (HubSpot retries a delivery). */
export async function eventApplied(
  db: Queryable,
  portalId: number,
  eventId: string | number,
): Promise<boolean> {
  const r = await db.query('SELECT 1 FROM hubspot_webhook_events WHERE portal_id = $1 AND event_id = $2', [
    portalId,
    eventId,
  ]);
  return r.rows.length > 0;
}

/** Records an event as applied (it is skipped when HubSpot sends it again). */
export async function recordEventApplied(
  db: Queryable,
  portalId: number,
  eventId: string | number,
): Promise<void> {
  await db.query(
    'INSERT INTO hubspot_webhook_events (portal_id, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    [portalId, eventId],
  );
}

/** Counts a failed attempt of a waiting event and keeps its error (cut to 500 characters). */
export async function recordEventFailure(
  db: Queryable,
  portalId: number,
  eventId: string,
  message: string,
): Promise<void> {
  await db.query(
    'UPDATE hubspot_webhook_inbox SET attempts = attempts + 1, last_error = $3 WHERE portal_id = $1 AND event_id = $2',
    [portalId, eventId, message.slice(0, 500)],
  );
}

/** The portals with events waiting in the inbox, by id. */
export async function portalsWithWaitingEvents(db: Queryable): Promise<number[]> {
  const r = await db.query<{ portal_id: string }>(
    'SELECT DISTINCT portal_id::text FROM hubspot_webhook_inbox ORDER BY portal_id',
  );
  return r.rows.map((p) => Number(p.portal_id));
}
