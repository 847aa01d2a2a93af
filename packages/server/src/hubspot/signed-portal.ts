import type { AppServices } from '../app-context.js';
import { HttpError } from '../http-error.js';
import type { Tenant } from '../tenants/tenants.js';
import { findTenant } from '../tenants/tenants-store.js';
import { findPortal, type HubSpotPortal } from './hubspot-portals-store.js';

/**
 * The installed portal of a signed HubSpot call and its tenant; a 403 `hubspot/portal-unknown` when the portal never
 * installed cxkit or its tenant is gone, since a valid signature proves HubSpot sent it, not that we serve it.
 */
export async function signedPortalTenant(
  s: AppServices,
  encryptionKey: Buffer,
  portalId: string,
): Promise<{ portal: HubSpotPortal; tenant: Tenant }> {
  const portal = await findPortal(s.db, encryptionKey, Number(portalId));
  if (!portal)
    throw new HttpError(403, 'hubspot/portal-unknown', `portal ${portalId} has not installed cxkit`);
  const tenant = await findTenant(s.db, portal.tenantId);
  if (!tenant) throw new HttpError(403, 'hubspot/portal-unknown', `portal ${portalId} has no tenant`);
  return { portal, tenant };
}
