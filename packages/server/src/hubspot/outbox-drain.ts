import { randomUUID } from 'node:crypto';
import type { Client } from '@hubspot/api-client';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import { HubSpotCallError, PortalNeedsReconnect, type HubSpotGateway } from './hubspot-gateway.js';
import type { HubSpotPortal } from './hubspot-portals-store.js';
import { DailyLimitReached } from './portal-rate-limiter.js';
import { releaseDrainLease, takeDrainLease } from './drain-lease-store.js';
import {
  BATCH_SIZE,
  acknowledge,
  markFailed,
  nextBatch,
  type OutboxObjectType,
  type PendingWrite,
} from './property-outbox-store.js';

/** What one drain pass did. */
export interface DrainResult {
  /** Records HubSpot acknowledged. */
  written: number;
  /** Values set aside (record gone, value refused). */
  failed: number;
  /** Batch calls that succeeded. */
  batches: number;
  /** Set when the daily limit parked the portal: the rest waits until then. */
  parkedUntil: Date | null;
  /** Set when HubSpot kept failing (5xx after every retry): the rest waits for the next pass. */
  stoppedBy: string | null;
  /** Set when HubSpot refuses the portal's grant: everything stays queued until a reinstall. */
  needsReconnect: boolean;
}

/** Options of {@link drainOutbox}. */
export interface DrainOptions {
  db: Database;
  gateway: HubSpotGateway;
  portal: HubSpotPortal;
  logger: Logger;
  /** Called after each batch with the records written so far. */
  onProgress?: (written: number) => void;
  /** Stops after the current batch. */
  signal?: AbortSignal;
}

interface BatchUpdateResult {
  results: { id: string }[];
  errors?: { category?: string; message?: string; context?: Record<string, string[]> }[];
}

function send(
  client: Client,
  objectType: OutboxObjectType,
  inputs: { id: string; properties: Record<string, string> }[],
) {
  const api = objectType === 'companies' ? client.crm.companies.batchApi : client.crm.contacts.batchApi;
  // With HTTP info: the answer's rate-limit headers pace the portal (the gateway reads them).
  return api.updateWithHttpInfo({ inputs }) as Promise<{
    headers: Record<string, string>;
    data: BatchUpdateResult;
  }>;
}

function byObject(writes: readonly PendingWrite[]): Map<string, PendingWrite[]> {
  const m = new Map<string, PendingWrite[]>();
  for (const w of writes) m.set(w.objectId, [...(m.get(w.objectId) ?? []), w]);
  return m;
}

const inputsOf = (objects: Map<string, PendingWrite[]>) =>
  [...objects.entries()].map(([id, ws]) => ({
    id,
    // HubSpot clears a property on an empty string.
    properties: Object.fromEntries(ws.map((w) => [w.property, w.value ?? ''])),
  }));

/**
 * Writes one batch; a batch HubSpot refuses as a whole (400: one invalid value) is split in halves
 * until the refused record is isolated and set aside, so one bad value never blocks the rest.
 */
async function writeBatch(
  o: DrainOptions,
  objectType: OutboxObjectType,
  objects: Map<string, PendingWrite[]>,
): Promise<{ written: number; failed: number; calls: number }> {
  let result: BatchUpdateResult;
  try {
    result = await o.gateway.callWithInfo(o.portal, (c) => send(c, objectType, inputsOf(objects)));
  } catch (e) {
    if (
      !(e instanceof HubSpotCallError) ||
      e.status === null ||
      e.status >= 500 ||
      e.status === 429 ||
      e.status === 401 ||
      e.status === 403
    )
      throw e;
    if (objects.size === 1) {
      await markFailed(
        o.db,
        o.portal.tenantId,
        [...objects.values()].flat(),
        `HTTP ${e.status}: ${e.message}`,
      );
      return { written: 0, failed: 1, calls: 1 };
    }
    const entries = [...objects.entries()];
    const half = Math.ceil(entries.length / 2);
    const a = await writeBatch(o, objectType, new Map(entries.slice(0, half)));
    const b = await writeBatch(o, objectType, new Map(entries.slice(half)));
    return { written: a.written + b.written, failed: a.failed + b.failed, calls: a.calls + b.calls + 1 };
  }
  const ok = new Set(result.results.map((r) => String(r.id)));
  const missing = new Set(
    (result.errors ?? [])
      .filter((e) => e.category === 'OBJECT_NOT_FOUND')
      .flatMap((e) => e.context?.['ids'] ?? []),
  );
  await acknowledge(
    o.db,
    o.portal.tenantId,
    [...objects.entries()].filter(([id]) => ok.has(id)).flatMap(([, ws]) => ws),
  );
  await markFailed(
    o.db,
    o.portal.tenantId,
    [...objects.entries()].filter(([id]) => !ok.has(id) && missing.has(id)).flatMap(([, ws]) => ws),
    'OBJECT_NOT_FOUND: the record no longer exists in HubSpot',
  );
  return { written: ok.size, failed: [...missing].filter((id) => objects.has(id)).length, calls: 1 };
}

const draining = new Map<number, Promise<DrainResult>>();

/**
 * Drains a portal's outbox in batches of 100 records, oldest first, until it is empty, the daily
 * limit parks the portal, or HubSpot keeps failing. Rows are deleted only after HubSpot
 * acknowledged them, so a crash or restart at any point loses nothing (the batch is sent again).
 * One drain runs per portal at a time in a process (a second call joins the running one) and across
 * processes (a database lease: a drain that finds another process draining the portal stops at once,
 * `stoppedBy` says so, and the other drain sends everything).
 */
export function drainOutbox(o: DrainOptions): Promise<DrainResult> {
  const running = draining.get(o.portal.portalId);
  if (running) return running;
  const p = drain(o).finally(() => draining.delete(o.portal.portalId));
  draining.set(o.portal.portalId, p);
  return p;
}

async function drain(o: DrainOptions): Promise<DrainResult> {
  const holder = randomUUID();
  try {
    return await drainHeld(o, holder);
  } finally {
    await releaseDrainLease(o.db, o.portal.portalId, holder);
  }
}

async function drainHeld(o: DrainOptions, holder: string): Promise<DrainResult> {
  const out: DrainResult = {
    written: 0,
    failed: 0,
    batches: 0,
    parkedUntil: null,
    stoppedBy: null,
    needsReconnect: false,
  };
  for (const objectType of ['companies', 'contacts'] as const) {
    for (;;) {
      if (o.signal?.aborted) return out;
      // Renewed before every batch, so a drain that lost its lease (paused past expiry) stops too.
      if (!(await takeDrainLease(o.db, o.portal.portalId, holder))) {
        out.stoppedBy = 'another process is draining this portal';
        return out;
      }
      const batch = await nextBatch(o.db, o.portal.tenantId, objectType, BATCH_SIZE);
      if (batch.length === 0) break;
      try {
        const r = await writeBatch(o, objectType, byObject(batch));
        out.written += r.written;
        out.failed += r.failed;
        out.batches += r.calls;
        o.onProgress?.(out.written);
        if (r.written === 0 && r.failed === 0) {
          out.stoppedBy = 'HubSpot acknowledged none of the batch';
          return out;
        }
      } catch (e) {
        if (e instanceof DailyLimitReached) {
          out.parkedUntil = e.resetAt;
          o.logger.warn(
            { portalId: o.portal.portalId, until: e.resetAt },
            'hubspot daily limit: sync parked',
          );
          return out;
        }
        // An uninstalled app, not a refused value: nothing is marked failed, all of it waits.
        if (e instanceof PortalNeedsReconnect) {
          out.needsReconnect = true;
          out.stoppedBy = e.message;
          return out;
        }
        if (e instanceof HubSpotCallError) {
          out.stoppedBy = `HTTP ${e.status ?? 'network'}: ${e.message}`;
          o.logger.warn({ portalId: o.portal.portalId, err: e.message }, 'hubspot sync stopped; will retry');
          return out;
        }
        throw e;
      }
    }
  }
  return out;
}
