import type { ChangeSource, CrmChange, CrmStore } from './crm-store.js';
import { OBJECT_TYPES, resolveObjectType } from './object-types.js';
import { deliverWebhooks, type DeliveryAttempt, type WebhookEventInput } from './webhook-sender.js';

/** One subscription, as in the project's `webhooks-hsmeta.json` (`crmObjects`). */
export interface WebhookSubscription {
  subscriptionType:
    | 'object.creation'
    | 'object.deletion'
    | 'object.propertyChange'
    | 'object.associationChange'
    | 'object.merge'
    /** A hub event (`hubEvents` in the hsmeta file); give `objectType: 'contact'`. */
    | 'contact.privacyDeletion';
  /** Singular object type, as in the hsmeta file: `company`, `contact`, `deal`, `ticket`. */
  objectType: string;
  /** For `object.propertyChange`: the property watched (all properties when absent). */
  propertyName?: string;
}

/**
 * HubSpot's webhook side for one app: it watches the CRM store, queues an event for every change
 * a subscription covers (writes made through the API are marked `changeSource: INTEGRATION` with the
 * app's id as `sourceId`, as HubSpot marks an app's own writes) and delivers the queue on `flush`.
 */
export class WebhookSubscriptions {
  private targetUrl: string | null = null;
  private subscriptions: (WebhookSubscription & { id: number })[] = [];
  private queue: WebhookEventInput[] = [];

  constructor(
    store: CrmStore,
    private readonly app: { clientSecret: string; portalId: number; appId: number; now: () => number },
  ) {
    store.onChange((change) => this.record(change));
  }

  /** Sets the target URL and the subscriptions (replacing earlier ones), and empties the queue. */
  subscribe(targetUrl: string, subscriptions: WebhookSubscription[]): void {
    for (const s of subscriptions) resolveObjectType(s.objectType);
    this.targetUrl = targetUrl;
    this.subscriptions = subscriptions.map((s, i) => ({ ...s, id: 1000 + i }));
    this.queue = [];
  }

  /** Events waiting for the next flush. */
  pending(): WebhookEventInput[] {
    return this.queue.map((e) => ({ ...e }));
  }

  /** Delivers every queued event (batches of 100, signed) and empties the queue. */
  async flush(
    o: { retries?: number; retryDelayMs?: number; fetch?: typeof fetch } = {},
  ): Promise<DeliveryAttempt[][]> {
    if (this.targetUrl === null || this.queue.length === 0) return [];
    const events = this.queue;
    this.queue = [];
    return deliverWebhooks({ targetUrl: this.targetUrl, events, ...this.app, ...o });
  }

  private sourceId(source: ChangeSource): string {
    return source === 'INTEGRATION' ? String(this.app.appId) : 'userId:1001';
  }

  private record(change: CrmChange): void {
    const subscriptionType = (
      change.kind === 'privacyDeletion' ? 'contact.privacyDeletion' : `object.${change.kind}`
    ) as WebhookSubscription['subscriptionType'];
    const singular = OBJECT_TYPES[change.objectType].singular;
    const sub = this.subscriptions.find(
      (s) =>
        s.subscriptionType === subscriptionType &&
        resolveObjectType(s.objectType) === change.objectType &&
        (s.propertyName === undefined || s.propertyName === change.propertyName),
    );
    if (!sub) return;
    const event: WebhookEventInput = {
      subscriptionId: sub.id,
      subscriptionType,
      objectId: Number(change.objectId),
      objectTypeId: OBJECT_TYPES[change.objectType].id,
      occurredAt: change.at,
      changeSource: change.source,
      sourceId: this.sourceId(change.source),
    };
    if (change.kind === 'merge') {
      event.primaryObjectId = Number(change.objectId);
      event.mergedObjectIds = (change.mergedObjectIds ?? []).map(Number);
      event.numberOfPropertiesMoved = 0;
    }
    if (change.kind === 'privacyDeletion') delete event.objectTypeId;
    if (change.kind === 'propertyChange') {
      event.propertyName = change.propertyName!;
      event.propertyValue = change.propertyValue ?? '';
    }
    if (change.kind === 'associationChange' && change.toObjectType && change.toObjectId) {
      const to = OBJECT_TYPES[change.toObjectType];
      event.associationType = `${singular.toUpperCase()}_TO_${to.singular.toUpperCase()}`;
      event.fromObjectId = Number(change.objectId);
      event.toObjectId = Number(change.toObjectId);
      event.fromObjectTypeId = OBJECT_TYPES[change.objectType].id;
      event.toObjectTypeId = to.id;
      event.associationRemoved = false;
      event.isPrimaryAssociation = change.primary ?? false;
    }
    this.queue.push(event);
  }
}
