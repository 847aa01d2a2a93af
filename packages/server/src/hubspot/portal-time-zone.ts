import { z } from 'zod';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { HubSpotGateway } from './hubspot-gateway.js';
import { saveTimeZone, type HubSpotPortal } from './hubspot-portals-store.js';
import { isKnownTimeZone } from './portal-day.js';

/** The part of HubSpot's `GET /account-info/v3/details` answer cxkit reads. */
const AccountDetailsSchema = z.looseObject({
  portalId: z.number().int(),
  timeZone: z.string().refine(isKnownTimeZone, { message: 'not an IANA time zone' }),
});

/** A non-2xx answer to a raw api-client request, shaped like the api-client's own errors. */
class RawApiError extends Error {
  constructor(
    readonly code: number,
    readonly body: unknown,
    readonly headers: Record<string, string>,
  ) {
    super(`HubSpot answered ${code}`);
    this.name = 'RawApiError';
  }
}

/** HubSpot's account details could not be read or made no sense. */
export class PortalDetailsError extends Error {
  /** Stable code. */
  readonly code = 'hubspot/account-details';
  constructor(message: string) {
    super(message);
    this.name = 'PortalDetailsError';
  }
}

/**
 * Reads the portal's time zone setting from HubSpot's account details (the api-client has no typed
 * method for them, so a raw request through the gateway, under the portal's limits).
 * @throws PortalDetailsError when the answer is not the portal's details; HubSpotCallError when HubSpot refuses.
 */
export async function fetchPortalTimeZone(gateway: HubSpotGateway, portal: HubSpotPortal): Promise<string> {
  const body = await gateway.call(portal, async (client) => {
    const res = await client.apiRequest({ method: 'GET', path: '/account-info/v3/details' });
    const json: unknown = await res.json().catch(() => null);
    // The gateway then applies the same 429/5xx/401 policy as to typed calls.
    if (!res.ok) throw new RawApiError(res.status, json, Object.fromEntries(res.headers.entries()));
    return json;
  });
  const r = AccountDetailsSchema.safeParse(body);
  if (!r.success)
    throw new PortalDetailsError(
      `account details of portal ${portal.portalId}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  if (r.data.portalId !== portal.portalId)
    throw new PortalDetailsError(`account details name portal ${r.data.portalId}, not ${portal.portalId}`);
  return r.data.timeZone;
}

/**
 * Reads and stores the portal's time zone once (install, link, or the sync worker's first pass), so a
 * daily-limit park ends at the portal's midnight. A failure is logged and leaves it unknown: the
 * limiter then probes hourly instead.
 */
export async function ensurePortalTimeZone(
  db: Database,
  gateway: HubSpotGateway,
  portal: HubSpotPortal,
  logger?: Logger,
): Promise<void> {
  if (portal.timeZone !== null) return;
  try {
    const timeZone = await fetchPortalTimeZone(gateway, portal);
    await saveTimeZone(db, portal.portalId, timeZone);
    portal.timeZone = timeZone;
  } catch (err) {
    logger?.warn({ err, portalId: portal.portalId }, 'hubspot portal time zone unknown');
  }
}
