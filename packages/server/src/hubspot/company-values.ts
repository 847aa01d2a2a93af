import type { AccountSummaryView } from '@cxkit/core';
import { buildAccountSummary } from '../accounts/account-summary.js';
import { listAccountIds } from '../accounts/accounts-store.js';
import type { Database } from '../db/database.js';
import { findCompanyForAccount } from './account-matching.js';
import { linkCompany } from './account-matching-store.js';
import type { HubSpotGateway } from './hubspot-gateway.js';
import type { HubSpotPortal } from './hubspot-portals-store.js';
import { countChanges, enqueueWrites, type PropertyWrite } from './property-outbox-store.js';

const num = (v: number | null | undefined, digits: number): string | null =>
  v === null || v === undefined || !Number.isFinite(v)
    ? null
    : String(Math.round(v * 10 ** digits) / 10 ** digits);

/**
 * The company property values of an account's summary, as HubSpot stores them (strings; null
 * clears). A KPI without enough data is cleared rather than left stale.
 */
export function companyPropertyValues(view: AccountSummaryView): Record<string, string | null> {
  return {
    cxkit_nps: num(view.nps.value, 1),
    cxkit_nps_responses: String(view.nps.n),
    cxkit_csat: num(view.csat.value, 1),
    cxkit_ces: num(view.ces.value, 2),
    cxkit_health_score: num(view.health?.score, 1),
    cxkit_health_band: view.health?.bandLabel ?? null,
    cxkit_churn_risk: num(view.churn?.probability, 3),
    // HubSpot datetime properties take epoch milliseconds.
    cxkit_last_response_at: view.responses.lastAnsweredAt
      ? String(Date.parse(view.responses.lastAnsweredAt))
      : null,
    cxkit_responses_90d: String(view.responses.last90Days),
  };
}

/** What {@link queueAccountSync} did. */
export interface QueueResult {
  /** Accounts looked at. */
  accounts: number;
  /** Accounts with a HubSpot company (with `dryRun`, that would have one). */
  matched: number;
  /** Of those, accounts matched on this pass (with `dryRun`, that would be linked). */
  newlyMatched: number;
  /** Property values queued (changed ones only; with `dryRun`, that would be queued). */
  queued: number;
}

/**
 * Computes each account's summary and queues the company properties that changed. Accounts
 * without a company (no id, domain or contact match) are skipped. A dry run stores nothing: it
 * looks matches up without linking them (nor remembering contacts) and counts the changes.
 */
export async function queueAccountSync(o: {
  db: Database;
  gateway: HubSpotGateway;
  portal: HubSpotPortal;
  now: Date;
  accountIds?: readonly string[];
  /** Count the changes without queueing anything. */
  dryRun?: boolean;
  onProgress?: (done: number, total: number) => void;
}): Promise<QueueResult> {
  const ids = o.accountIds ?? (await listAccountIds(o.db, o.portal.tenantId));
  const out: QueueResult = { accounts: ids.length, matched: 0, newlyMatched: 0, queued: 0 };
  // A dry run links nothing, so its own matches so far must not be matched twice.
  const claimed = new Set<string>();
  for (const [i, accountId] of ids.entries()) {
    const match = await findCompanyForAccount(o.db, o.gateway, o.portal, accountId, {
      remember: !o.dryRun,
      claimed,
    });
    if (match !== undefined) {
      const { companyId } = match;
      out.matched++;
      if (!match.linked) {
        out.newlyMatched++;
        if (o.dryRun) claimed.add(companyId);
        else await linkCompany(o.db, o.portal.tenantId, companyId, accountId, match.matchedBy);
      }
      const view = await buildAccountSummary(o.db, o.portal.tenantId, accountId, {
        months: 12,
        mode: 'role-weighted',
        now: o.now,
      });
      const writes: PropertyWrite[] = Object.entries(companyPropertyValues(view)).map(
        ([property, value]) => ({
          objectType: 'companies',
          objectId: companyId,
          property,
          value,
        }),
      );
      out.queued += o.dryRun
        ? await countChanges(o.db, o.portal.tenantId, writes)
        : await enqueueWrites(o.db, o.portal.tenantId, writes);
    }
    o.onProgress?.(i + 1, ids.length);
  }
  return out;
}
