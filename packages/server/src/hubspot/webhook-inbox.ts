import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.js';
import { releaseDrainLease, takeDrainLease } from './drain-lease-store.js';
import { PortalNeedsReconnect } from './hubspot-gateway.js';
import { findPortal } from './hubspot-portals-store.js';
import { DailyLimitReached } from './portal-rate-limiter.js';
import {
  countWaitingEvents,
  dropPortalEvents,
  eventApplied,
  fileDeliveryEvents,
  markEventDone,
  portalsWithWaitingEvents,
  recordEventFailure,
  unsplitDeliveries,
  waitingEvents,
} from './webhook-inbox-store.js';
import {
  WebhookEventSchema,
  handleWebhookEvent,
  type WebhookContext,
  type WebhookEvent,
} from './webhook-events.js';

// HubSpot waits a few seconds for an answer (five in the current webhooks guide) and re-sends a
// delivery that times out or fails, up to 10 times; a 400, 401, 403, 404 or 405 is final, so its
// events are lost (https://developers.hubspot.com/docs/methods/webhooks/webhooks-overview, "Retries").
// So the route only stores the verified body and answers 204, and the events are processed here.

/** Attempts after which an event HubSpot keeps failing for (5xx, network) is given up, logged. */
export const MAX_EVENT_ATTEMPTS = 8;

/** HubSpot sends at most 100 events per delivery; anything beyond is not HubSpot's. */
const MAX_EVENTS_PER_DELIVERY = 1000;

/** What a pass over the webhook inbox did. */
export interface WebhookPassResult {
  /** Events applied. */
  processed: number;
  /** Events already applied before (HubSpot retries, duplicates). */
  duplicates: number;
  /** Events skipped: malformed (logged), for a portal that has not installed cxkit, or out of attempts. */
  skipped: number;
  /** Events still waiting (the portal is parked, or HubSpot failed and the next pass retries). */
  waiting: number;
}

type InboxContext = WebhookContext & { encryptionKey: Buffer };

/**
 * Splits stored deliveries into events, one inbox row per (portal, event): each element is checked
 * alone, so one malformed event is logged and skipped, never the whole delivery.
 */
async function splitDeliveries(ctx: InboxContext, out: WebhookPassResult): Promise<void> {
  for (;;) {
    const deliveries = await unsplitDeliveries(ctx.db, 20);
    if (deliveries.length === 0) return;
    for (const d of deliveries) {
      let parsed: unknown;
      let error: string | null = null;
      try {
        parsed = JSON.parse(d.body);
      } catch {
        error = 'body is not JSON';
      }
      if (error === null && !Array.isArray(parsed)) error = 'body is not an array of events';
      const items = Array.isArray(parsed) ? parsed.slice(0, MAX_EVENTS_PER_DELIVERY) : [];
      const valid: WebhookEvent[] = [];
      let malformed = 0;
      for (const [index, item] of items.entries()) {
        const e = WebhookEventSchema.safeParse(item);
        if (e.success) valid.push(e.data);
        else {
          malformed++;
          ctx.logger.warn(
            {
              deliveryId: Number(d.id),
              index,
              issues: e.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).slice(0, 5),
            },
            'hubspot webhook event malformed; skipped',
          );
        }
      }
      if (error !== null)
        ctx.logger.warn({ deliveryId: Number(d.id), error }, 'hubspot webhook delivery unreadable; skipped');
      out.skipped += malformed;
      await fileDeliveryEvents(ctx.db, d.id, valid, malformed, error);
    }
  }
}

/** Processes one portal's waiting events, oldest first; stops at the first that must wait. */
async function processPortal(ctx: InboxContext, portalId: number, out: WebhookPassResult): Promise<void> {
  const portal = await findPortal(ctx.db, ctx.encryptionKey, portalId);
  if (!portal) {
    const dropped = await dropPortalEvents(ctx.db, portalId);
    out.skipped += dropped;
    ctx.logger.warn(
      { portalId, events: dropped },
      'hubspot webhook for a portal that has not installed cxkit; ignored',
    );
    return;
  }
  const waiting = () => countWaitingEvents(ctx.db, portalId);
  if (portal.needsReconnectSince) {
    out.waiting += await waiting();
    return;
  }
  // One process applies a portal's events at a time, so they apply in order (negative keys: the
  // drain leases' table, kept apart from the outbox drains').
  const holder = randomUUID();
  if (!(await takeDrainLease(ctx.db, -portalId, holder))) {
    out.waiting += await waiting();
    return;
  }
  try {
    for (;;) {
      const rows = await waitingEvents(ctx.db, portalId, 100);
      if (rows.length === 0) return;
      for (const row of rows) {
        const e = row.event;
        const done = () => markEventDone(ctx.db, portalId, row.event_id);
        if (await eventApplied(ctx.db, portalId, row.event_id)) {
          await done();
          out.duplicates++;
          continue;
        }
        try {
          await handleWebhookEvent(ctx, portal, e);
          await done();
          out.processed++;
        } catch (err) {
          if (err instanceof DailyLimitReached || err instanceof PortalNeedsReconnect) {
            out.waiting += await waiting();
            return;
          }
          const message = err instanceof Error ? err.message : String(err);
          if (row.attempts + 1 >= MAX_EVENT_ATTEMPTS) {
            ctx.logger.error(
              { portalId, eventId: Number(row.event_id), subscriptionType: e.subscriptionType, err: message },
              'hubspot webhook event failed on every attempt; given up',
            );
            await done();
            out.skipped++;
            continue;
          }
          await recordEventFailure(ctx.db, portalId, row.event_id, message);
          ctx.logger.warn(
            { portalId, eventId: Number(row.event_id), err: message },
            'hubspot webhook event failed; retried on the next pass',
          );
          // Later events of the portal wait, so each object's events still apply in order.
          out.waiting += await waiting();
          return;
        }
      }
    }
  } finally {
    await releaseDrainLease(ctx.db, -portalId, holder);
  }
}

const runs = new WeakMap<Database, { running: Promise<WebhookPassResult>; again: boolean }>();

/**
 * Splits stored deliveries into events and applies every portal's waiting events in order
 * (occurredAt, then eventId), each once. A call while a pass runs in this process joins it, and
 * the pass then runs once more, so what was stored before the call is always covered.
 */
export function processWebhookInbox(ctx: InboxContext): Promise<WebhookPassResult> {
  const current = runs.get(ctx.db);
  if (current) {
    current.again = true;
    return current.running;
  }
  const state = { running: Promise.resolve(undefined as unknown as WebhookPassResult), again: false };
  state.running = (async () => {
    const total: WebhookPassResult = { processed: 0, duplicates: 0, skipped: 0, waiting: 0 };
    try {
      do {
        state.again = false;
        const r = await pass(ctx);
        total.processed += r.processed;
        total.duplicates += r.duplicates;
        total.skipped += r.skipped;
        total.waiting = r.waiting;
      } while (state.again);
      return total;
    } finally {
      runs.delete(ctx.db);
    }
  })();
  runs.set(ctx.db, state);
  return state.running;
}

async function pass(ctx: InboxContext): Promise<WebhookPassResult> {
  const out: WebhookPassResult = { processed: 0, duplicates: 0, skipped: 0, waiting: 0 };
  await splitDeliveries(ctx, out);
  for (const portalId of await portalsWithWaitingEvents(ctx.db)) await processPortal(ctx, portalId, out);
  return out;
}
