import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '../db/database.js';
import { HttpError } from '../http-error.js';
import { createTenant, findTenant } from '../tenants.js';
import { installProperties } from './cxkit-properties.js';
import type { HubSpotGateway } from './hubspot-gateway.js';
import {
  OAuthGrantRejected,
  exchangeAuthorizationCode,
  introspectToken,
  type OAuthTokens,
} from './oauth-tokens.js';
import { findPortal, markPropertiesInstalled, savePortal, type HubSpotPortal } from './hubspot-portals.js';
import { ensurePortalTimeZone } from './portal-time-zone.js';
import type { HubSpotSettings } from './hubspot-settings.js';

/** Scopes the app asks for (the project's `app-hsmeta.json`, plus contact writes for the survey link). */
export const OAUTH_SCOPES = [
  'oauth',
  'crm.objects.companies.read',
  'crm.objects.companies.write',
  'crm.schemas.companies.write',
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.schemas.contacts.write',
  'crm.objects.deals.read',
  'tickets',
] as const;

const STATE_TTL_MS = 10 * 60 * 1000;

const mac = (key: Buffer, payload: string) => createHmac('sha256', key).update(payload).digest('base64url');

/** A signed, expiring OAuth `state` (no server-side storage needed). */
export function oauthState(key: Buffer, now: number): string {
  const payload = `${now}.${randomBytes(12).toString('base64url')}`;
  return `${payload}.${mac(key, payload)}`;
}

/**
 * Checks an OAuth `state` from {@link oauthState}.
 * @throws HttpError 400 `hubspot/oauth-state` when forged or older than ten minutes.
 */
export function checkOAuthState(key: Buffer, state: string | undefined, now: number): void {
  const parts = (state ?? '').split('.');
  const ok = (() => {
    if (parts.length !== 3) return false;
    const expected = Buffer.from(mac(key, `${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]!);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
    const at = Number(parts[0]);
    return Number.isFinite(at) && now - at <= STATE_TTL_MS && at - now <= 60_000;
  })();
  if (!ok)
    throw new HttpError(
      400,
      'hubspot/oauth-state',
      'the install link expired or was tampered with; start again',
    );
}

/** The HubSpot URL an admin approves the install at. */
export function authorizeUrl(settings: HubSpotSettings, state: string): string {
  if (!settings.HUBSPOT_CLIENT_ID || !settings.HUBSPOT_REDIRECT_URL)
    throw new HttpError(
      503,
      'hubspot/oauth-not-configured',
      'HUBSPOT_CLIENT_ID and HUBSPOT_REDIRECT_URL must be set',
    );
  const u = new URL(settings.HUBSPOT_AUTHORIZE_URL);
  u.searchParams.set('client_id', settings.HUBSPOT_CLIENT_ID);
  u.searchParams.set('redirect_uri', settings.HUBSPOT_REDIRECT_URL);
  u.searchParams.set('scope', OAUTH_SCOPES.join(' '));
  u.searchParams.set('state', state);
  return u.toString();
}

/** Creates the property group and properties once per portal. */
export async function ensureProperties(
  db: Database,
  gateway: HubSpotGateway,
  portal: HubSpotPortal,
  now: Date,
): Promise<void> {
  if (portal.propertiesInstalledAt) return;
  await installProperties(gateway, portal);
  await markPropertiesInstalled(db, portal.portalId, now);
  portal.propertiesInstalledAt = now;
}

/**
 * Finishes an OAuth install: exchanges the code, reads the portal id from the token, links the
 * portal to its tenant (creating `hubspot-<portalId>` on first install), stores the tokens
 * encrypted and creates the cxkit properties.
 */
export async function completeOAuthInstall(o: {
  db: Database;
  gateway: HubSpotGateway;
  settings: HubSpotSettings;
  code: string;
  now: Date;
}): Promise<{ portalId: number; tenantId: string; created: boolean }> {
  const { settings } = o;
  if (!settings.HUBSPOT_CLIENT_ID || !settings.HUBSPOT_REDIRECT_URL)
    throw new HttpError(
      503,
      'hubspot/oauth-not-configured',
      'HUBSPOT_CLIENT_ID and HUBSPOT_REDIRECT_URL must be set',
    );
  let tokens: OAuthTokens;
  try {
    tokens = await exchangeAuthorizationCode(
      { ...settings, redirectUrl: settings.HUBSPOT_REDIRECT_URL },
      o.code,
    );
  } catch (e) {
    if (!(e instanceof OAuthGrantRejected)) throw e;
    throw new HttpError(
      400,
      'hubspot/oauth-code',
      'HubSpot refused the authorization code; start the install again',
    );
  }
  const info = await introspectToken(settings, tokens.accessToken);
  if (!info.active)
    throw new HttpError(
      502,
      'hubspot/oauth-token',
      'HubSpot does not recognise the token it has just issued',
    );
  const portalId = info.hubId;
  const existing = await findPortal(o.db, settings.encryptionKey, portalId);
  let tenantId = existing?.tenantId ?? `hubspot-${portalId}`;
  let created = false;
  if (!existing && !(await findTenant(o.db, tenantId))) {
    await createTenant(o.db, { id: tenantId, name: info.hubDomain ?? `HubSpot ${portalId}` });
    created = true;
  }
  tenantId = existing?.tenantId ?? tenantId;
  await savePortal(o.db, settings.encryptionKey, {
    portalId,
    tenantId,
    authMode: 'oauth',
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    accessExpiresAt: new Date(o.now.getTime() + tokens.expiresIn * 1000),
    perTenSeconds: existing?.perTenSeconds ?? settings.HUBSPOT_TEN_SECOND_LIMIT,
    dailyLimit: existing?.dailyLimit ?? settings.HUBSPOT_DAILY_LIMIT ?? null,
  });
  const portal = (await findPortal(o.db, settings.encryptionKey, portalId))!;
  await ensureProperties(o.db, o.gateway, portal, o.now);
  await ensurePortalTimeZone(o.db, o.gateway, portal);
  return { portalId, tenantId, created };
}

/**
 * Static-token mode (a private app in one portal): links the portal to an existing tenant with
 * the app's access token, stored encrypted, and creates the cxkit properties.
 */
export async function linkStaticPortal(o: {
  db: Database;
  gateway: HubSpotGateway;
  settings: HubSpotSettings;
  portalId: number;
  tenantId: string;
  accessToken: string;
  perTenSeconds?: number;
  dailyLimit?: number | null;
  now: Date;
}): Promise<HubSpotPortal> {
  if (!(await findTenant(o.db, o.tenantId)))
    throw new HttpError(404, 'tenant/not-found', `no tenant "${o.tenantId}"`);
  await savePortal(o.db, o.settings.encryptionKey, {
    portalId: o.portalId,
    tenantId: o.tenantId,
    authMode: 'static',
    accessToken: o.accessToken,
    perTenSeconds: o.perTenSeconds ?? o.settings.HUBSPOT_TEN_SECOND_LIMIT,
    dailyLimit: o.dailyLimit ?? o.settings.HUBSPOT_DAILY_LIMIT ?? null,
  });
  const portal = (await findPortal(o.db, o.settings.encryptionKey, o.portalId))!;
  await ensureProperties(o.db, o.gateway, portal, o.now);
  await ensurePortalTimeZone(o.db, o.gateway, portal);
  return portal;
}
