import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database, Queryable } from '../db/database.js';
import { HttpError } from '../http-error.js';
import { findTenant, createTenant } from '../tenants/tenants-store.js';
import { recordOAuthStateUse } from './oauth-state-store.js';
import { installProperties } from './cxkit-properties.js';
import type { HubSpotGateway } from './hubspot-gateway.js';
import {
  OAuthGrantRejected,
  exchangeAuthorizationCode,
  introspectToken,
  type OAuthTokens,
} from './oauth-tokens.js';
import {
  findPortal,
  markPropertiesInstalled,
  savePortal,
  type HubSpotPortal,
} from './hubspot-portals-store.js';
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

/** The cookie that binds an install's `state` to the browser that started it. */
export const INSTALL_COOKIE = 'cx_hubspot_install';

const mac = (key: Buffer, payload: string) => createHmac('sha256', key).update(payload).digest('base64url');

/**
 * A signed, expiring OAuth `state` for an install started from cxkit, and the browser nonce it is
 * bound to (sent as the {@link INSTALL_COOKIE} cookie): `<issued at>.<id>.<mac over both and the nonce>`.
 */
export function oauthState(key: Buffer, now: number): { state: string; nonce: string } {
  const nonce = randomBytes(16).toString('base64url');
  const payload = `${now}.${randomBytes(12).toString('base64url')}`;
  return { state: `${payload}.${mac(key, `${payload}.${nonce}`)}`, nonce };
}

const stateError = (message: string) => new HttpError(400, 'hubspot/oauth-state', message);

/**
 * Checks and uses up an OAuth `state` from {@link oauthState}: it must carry our signature over the
 * nonce of the browser's {@link INSTALL_COOKIE} cookie (so a callback link cannot be finished in
 * another browser), be at most ten minutes old, and not have been used before.
 * HubSpot documents `state` as optional: an install started in HubSpot (marketplace, the app's
 * Auth tab) has none and is not checked here.
 * @throws HttpError 400 `hubspot/oauth-state` naming which of these failed.
 */
export async function useOAuthState(
  db: Queryable,
  key: Buffer,
  state: string,
  cookieNonce: string | undefined,
  now: number,
): Promise<void> {
  const parts = state.split('.');
  if (parts.length !== 3 || !/^\d{1,16}$/.test(parts[0]!))
    throw stateError('the install link was tampered with; start the install again');
  if (!cookieNonce)
    throw stateError(
      'this install was started in another browser (or cookies are blocked); start it again from this browser',
    );
  const expected = Buffer.from(mac(key, `${parts[0]}.${parts[1]}.${cookieNonce}`));
  const given = Buffer.from(parts[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    throw stateError('this install was started in another browser or was tampered with; start it again');
  const at = Number(parts[0]);
  if (now - at > STATE_TTL_MS || at - now > 60_000)
    throw stateError('the install link expired (ten minutes); start the install again');
  if (!(await recordOAuthStateUse(db, parts[1]!, new Date(now))))
    throw stateError('this install link was already used; start the install again');
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
}): Promise<{ portalId: number; tenantId: string; created: boolean; hubDomain: string | undefined }> {
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
  return { portalId, tenantId, created, hubDomain: info.hubDomain };
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

/** The portal's company list in HubSpot's app (same host as the authorize page): "Back to HubSpot". */
export function hubspotCompaniesUrl(
  settings: Pick<HubSpotSettings, 'HUBSPOT_AUTHORIZE_URL'>,
  portalId: number,
): string {
  return `${new URL(settings.HUBSPOT_AUTHORIZE_URL).origin}/contacts/${portalId}/objects/0-2/views/all/list`;
}
