import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { HubSpotGateway } from './hubspot-gateway.js';
import { listPortals } from './hubspot-portals-store.js';
import { drainOutbox } from './outbox-drain.js';
import { queueChangedAccounts } from './changed-accounts.js';
import { drainAlertTasks } from './alert-task-drain.js';
import { drainCheckpointTasks } from './checkpoint-task-drain.js';
import { queueInvitationClears } from './invitation-clearing.js';
import { ensurePortalTimeZone } from './portal-time-zone.js';

/** A running outbox worker. */
export interface SyncWorker {
  /** Stops after the batches in flight; resolves when they are done. */
  stop(): Promise<void>;
}

/**
 * Every `intervalMs`, for each portal: queues the company properties of accounts that changed
 * since the last run (new answers, new health or churn computations) and the clearing of the
 * pending-survey links of invitations answered or expired since, drains the outbox, then
 * creates the HubSpot tasks of new account alerts and of action-plan checkpoints (portals parked by the daily limit are skipped
 * until their reset). Work and watermark are in
 * the database, so a restarted worker picks up where it stopped.
 */
export function startHubSpotSyncWorker(o: {
  db: Database;
  gateway: HubSpotGateway;
  encryptionKey: Buffer;
  logger: Logger;
  intervalMs?: number;
  /** Queue changed accounts before draining (default true). */
  queueChanges?: boolean;
  now?: () => Date;
}): SyncWorker {
  const abort = new AbortController();
  let running: Promise<void> = Promise.resolve();
  // Portals linked before time zones were read: one attempt an hour until HubSpot answers.
  const timeZoneTried = new Map<number, number>();
  const clock = o.now ?? (() => new Date());
  const tick = async () => {
    for (const portal of await listPortals(o.db, o.encryptionKey)) {
      if (abort.signal.aborted) return;
      if (o.gateway.limiter.parkedUntil(portal.portalId)) continue;
      // Uninstalled or revoked: its answers stay marked pending and its outbox queued until a reinstall.
      if (portal.needsReconnectSince) continue;
      const t = clock().getTime();
      if (portal.timeZone === null && t - (timeZoneTried.get(portal.portalId) ?? -Infinity) >= 3_600_000) {
        timeZoneTried.set(portal.portalId, t);
        await ensurePortalTimeZone(o.db, o.gateway, portal, o.logger);
      }
      if (o.queueChanges ?? true)
        await queueChangedAccounts({
          db: o.db,
          gateway: o.gateway,
          portal,
          now: clock(),
        });
      await queueInvitationClears(o.db, portal.tenantId, clock());
      await drainOutbox({ db: o.db, gateway: o.gateway, portal, logger: o.logger, signal: abort.signal });
      if (o.gateway.limiter.parkedUntil(portal.portalId)) continue;
      await drainAlertTasks({ db: o.db, gateway: o.gateway, portal, logger: o.logger, signal: abort.signal });
      if (o.gateway.limiter.parkedUntil(portal.portalId)) continue;
      await drainCheckpointTasks({
        db: o.db,
        gateway: o.gateway,
        portal,
        logger: o.logger,
        signal: abort.signal,
      });
    }
  };
  const timer = setInterval(() => {
    running = running
      .then(tick)
      .catch((err: unknown) => o.logger.error({ err }, 'hubspot sync worker failed'));
  }, o.intervalMs ?? 5_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      abort.abort();
      await running;
    },
  };
}
