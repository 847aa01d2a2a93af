import { SIGNATURE_HEADERS, signatureV1, signatureV3 } from './hubspot-signature.js';

/** One event of a HubSpot webhook delivery (webhooks API v3 payload). */
export interface WebhookEvent {
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  occurredAt: number;
  subscriptionType: string;
  attemptNumber: number;
  objectId: number;
  objectTypeId?: string;
  propertyName?: string;
  propertyValue?: string;
  changeSource?: string;
  sourceId?: string;
  changeFlag?: string;
  [extra: string]: unknown;
}

/** An event to send; ids, portal, app, time and attempt are filled in. */
export type WebhookEventInput = Partial<WebhookEvent> & Pick<WebhookEvent, 'subscriptionType' | 'objectId'>;

/** The outcome of one delivery attempt. */
export interface DeliveryAttempt {
  attemptNumber: number;
  status: number | null;
  error?: string;
}

/** HubSpot sends at most 100 events per request. */
export const MAX_EVENTS_PER_REQUEST = 100;

/**
 * HubSpot's delivery rules (webhooks overview, https://developers.hubspot.com/docs/methods/webhooks/webhooks-overview,
 * "Retries"; HubSpot's answer in https://community.hubspot.com/t5/APIs-Integrations/Webhooks-response/td-p/277558):
 * a delivery that fails to connect, times out or answers any status but 400, 401, 403, 404 and 405
 * is re-sent, up to 10 times; those five statuses are final (the events are dropped). The overview
 * gave the timeout as 1 s, later 2 s; the current webhooks guide says five seconds, which is used here.
 */
export const WEBHOOK_DELIVERY_RULES = {
  timeoutMs: 5_000,
  maxRetries: 10,
  notRetried: [400, 401, 403, 404, 405],
} as const;

let eventSeq = 1;

/**
 * Delivers events to `targetUrl` as HubSpot does: a JSON array POSTed with v3 (and v1)
 * signatures, in batches of at most 100, each attempt signed afresh; a failed batch (no connection,
 * no answer within 5 s, or a status HubSpot retries, see {@link WEBHOOK_DELIVERY_RULES}) is re-sent
 * `retries` times with `attemptNumber` incremented.
 */
export async function deliverWebhooks(o: {
  targetUrl: string;
  events: WebhookEventInput[];
  clientSecret: string;
  portalId: number;
  appId: number;
  /** Re-sends after a failure (HubSpot: up to 10; capped there). */
  retries?: number;
  retryDelayMs?: number;
  /** How long an attempt may take before it counts as failed (HubSpot: 5 s). */
  timeoutMs?: number;
  now?: () => number;
  fetch?: typeof fetch;
}): Promise<DeliveryAttempt[][]> {
  const now = o.now ?? Date.now;
  const send = o.fetch ?? fetch;
  const full: WebhookEvent[] = o.events.map((e) => ({
    eventId: eventSeq++,
    subscriptionId: 1,
    portalId: o.portalId,
    appId: o.appId,
    occurredAt: now(),
    attemptNumber: 0,
    changeSource: 'CRM_UI',
    ...e,
  }));
  const results: DeliveryAttempt[][] = [];
  const retries = Math.min(o.retries ?? 0, WEBHOOK_DELIVERY_RULES.maxRetries);
  const final = new Set<number>(WEBHOOK_DELIVERY_RULES.notRetried);
  for (let i = 0; i < full.length; i += MAX_EVENTS_PER_REQUEST) {
    const batch = full.slice(i, i + MAX_EVENTS_PER_REQUEST);
    const attempts: DeliveryAttempt[] = [];
    for (let attempt = 0; attempt <= retries; attempt++) {
      const body = JSON.stringify(batch.map((e) => ({ ...e, attemptNumber: attempt })));
      const timestamp = now();
      try {
        const res = await send(o.targetUrl, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            [SIGNATURE_HEADERS.v3]: signatureV3({
              method: 'POST',
              uri: o.targetUrl,
              body,
              timestamp,
              clientSecret: o.clientSecret,
            }),
            [SIGNATURE_HEADERS.timestamp]: String(timestamp),
            [SIGNATURE_HEADERS.v1]: signatureV1(o.clientSecret, body),
            [SIGNATURE_HEADERS.version]: 'v1',
          },
          body,
          signal: AbortSignal.timeout(o.timeoutMs ?? WEBHOOK_DELIVERY_RULES.timeoutMs),
        });
        await res.body?.cancel();
        attempts.push({ attemptNumber: attempt, status: res.status });
        if (res.ok || final.has(res.status)) break;
      } catch (err) {
        attempts.push({
          attemptNumber: attempt,
          status: null,
          error: err instanceof Error ? err.message : String(err),
        });
      }
      if (attempt < retries && o.retryDelayMs) await new Promise((r) => setTimeout(r, o.retryDelayMs));
    }
    results.push(attempts);
  }
  return results;
}
