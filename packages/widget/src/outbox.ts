// The delivery half of the widget, a chunk of its own: the first paint does not wait for it.
import { DeliveryQueue, type DeliveryListener } from './delivery-queue.js';
import { fallbackStore, indexedDbStore, localStorageStore } from './outbox-store.js';

/** The page's outbox: IndexedDB, falling back to localStorage, behind the delivery queue. */
export const openOutbox = (listener: DeliveryListener): DeliveryQueue =>
  new DeliveryQueue(listener, () => fallbackStore(indexedDbStore(), localStorageStore()));
