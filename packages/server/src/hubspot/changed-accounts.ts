import type { Database } from '../db/database.js';
import type { HubSpotGateway } from './hubspot-gateway.js';
import { accountsWithData } from '../accounts/accounts-store.js';
import {
  changesQueuedThrough,
  setChangesQueuedThrough,
  type HubSpotPortal,
} from './hubspot-portals-store.js';
import { queueAccountSync, type QueueResult } from './company-values.js';
import { clearHubSpotPending, listHubSpotPending } from './pending-accounts-store.js';

const BATCH = 1000;
// A tenant writing faster than it syncs must not hold the worker on one portal forever.
const MAX_BATCHES_PER_TICK = 20;

/**
 * Queues the company properties of the accounts that changed: on a portal's first run every
 * account with answers or health/churn computations, then the accounts marked pending (in the
 * same transaction as each new answer or computation, see {@link markHubSpotPending}). A mark is
 * cleared only after its values are queued and only at the version read, so a crash queues them
 * again rather than never, and a change marked meanwhile is queued on the next run.
 */
export async function queueChangedAccounts(o: {
  db: Database;
  gateway: HubSpotGateway;
  portal: HubSpotPortal;
  now: Date;
}): Promise<QueueResult> {
  const { tenantId } = o.portal;
  const total: QueueResult = { accounts: 0, matched: 0, newlyMatched: 0, queued: 0 };
  const add = (r: QueueResult) => {
    total.accounts += r.accounts;
    total.matched += r.matched;
    total.newlyMatched += r.newlyMatched;
    total.queued += r.queued;
  };
  if ((await changesQueuedThrough(o.db, o.portal.portalId)) === null) {
    const marks = await listHubSpotPending(o.db, tenantId, Number.MAX_SAFE_INTEGER);
    add(await queueAccountSync({ ...o, accountIds: await accountsWithData(o.db, tenantId) }));
    await clearHubSpotPending(o.db, tenantId, marks);
    await setChangesQueuedThrough(o.db, o.portal.portalId, o.now);
    return total;
  }
  for (let i = 0; i < MAX_BATCHES_PER_TICK; i++) {
    const marks = await listHubSpotPending(o.db, tenantId, BATCH);
    if (marks.length === 0) break;
    add(await queueAccountSync({ ...o, accountIds: marks.map((m) => m.accountId) }));
    await clearHubSpotPending(o.db, tenantId, marks);
    if (marks.length < BATCH) break;
  }
  return total;
}
