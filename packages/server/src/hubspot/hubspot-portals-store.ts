import type { Queryable } from '../db/database.js';
import { HttpError } from '../http-error.js';
import { decryptSecret, encryptSecret } from './token-crypto.js';

/** A HubSpot portal linked to a cxkit tenant (tokens decrypted). */
export interface HubSpotPortal {
  /** HubSpot portal (hub) id. */
  portalId: number;
  /** The cxkit tenant the portal is. */
  tenantId: string;
  /** `oauth` (marketplace install) or `static` (private app token). */
  authMode: 'oauth' | 'static';
  accessToken: string;
  refreshToken: string | null;
  /** When the OAuth access token expires (null for static tokens). */
  accessExpiresAt: Date | null;
  /** The app's rolling 10-second limit in this portal. */
  perTenSeconds: number;
  /** Daily request limit, or null. */
  dailyLimit: number | null;
  /** Survey a closed-won deal invites the deal's contacts to. */
  dealSurveyId: string;
  /** Survey a closed ticket invites the ticket's contacts to. */
  ticketSurveyId: string;
  /** When the cxkit property group and properties were created. */
  propertiesInstalledAt: Date | null;
  /** The portal's time zone setting (IANA), which bounds its daily API limit; null until read. */
  timeZone: string | null;
  /** Since when HubSpot refuses the portal's grant (uninstalled, token revoked); null when connected. */
  needsReconnectSince: Date | null;
  /** Why, as HubSpot said it (`BAD_REFRESH_TOKEN`, ...). */
  needsReconnectReason: string | null;
}

/** Input of {@link savePortal}. */
export interface PortalInput {
  portalId: number;
  tenantId: string;
  authMode: 'oauth' | 'static';
  accessToken: string;
  refreshToken?: string | null;
  accessExpiresAt?: Date | null;
  perTenSeconds?: number;
  dailyLimit?: number | null;
}

interface Row {
  portal_id: string | number;
  tenant_id: string;
  auth_mode: 'oauth' | 'static';
  access_token_enc: string;
  refresh_token_enc: string | null;
  access_expires_at: Date | string | null;
  per_ten_seconds: number;
  daily_limit: number | null;
  deal_survey_id: string;
  ticket_survey_id: string;
  properties_installed_at: Date | string | null;
  time_zone: string | null;
  needs_reconnect_since: Date | string | null;
  needs_reconnect_reason: string | null;
}

const COLUMNS = `portal_id, tenant_id, auth_mode, access_token_enc, refresh_token_enc, access_expires_at,
  per_ten_seconds, daily_limit, deal_survey_id, ticket_survey_id, properties_installed_at, time_zone,
  needs_reconnect_since, needs_reconnect_reason`;

const context = (portalId: number, which: string) => `hubspot:${portalId}:${which}`;

function toPortal(r: Row, key: Buffer): HubSpotPortal {
  const portalId = Number(r.portal_id);
  return {
    portalId,
    tenantId: r.tenant_id,
    authMode: r.auth_mode,
    accessToken: decryptSecret(r.access_token_enc, key, context(portalId, 'access')),
    refreshToken: r.refresh_token_enc
      ? decryptSecret(r.refresh_token_enc, key, context(portalId, 'refresh'))
      : null,
    accessExpiresAt: r.access_expires_at ? new Date(r.access_expires_at) : null,
    perTenSeconds: r.per_ten_seconds,
    dailyLimit: r.daily_limit,
    dealSurveyId: r.deal_survey_id,
    ticketSurveyId: r.ticket_survey_id,
    propertiesInstalledAt: r.properties_installed_at ? new Date(r.properties_installed_at) : null,
    timeZone: r.time_zone,
    needsReconnectSince: r.needs_reconnect_since ? new Date(r.needs_reconnect_since) : null,
    needsReconnectReason: r.needs_reconnect_reason,
  };
}

/**
 * Links a portal to a tenant, or replaces its tokens (a reinstall, which also clears a "needs
 * reconnect" mark: the queued work drains again). Tokens are stored encrypted.
 * @throws HttpError 409 `hubspot/portal-taken` when the portal belongs to another tenant, or the tenant to another portal.
 */
export async function savePortal(db: Queryable, key: Buffer, p: PortalInput): Promise<void> {
  const existing = await db.query<{ portal_id: string | number; tenant_id: string }>(
    'SELECT portal_id, tenant_id FROM hubspot_portals WHERE portal_id = $1 OR tenant_id = $2',
    [p.portalId, p.tenantId],
  );
  for (const row of existing.rows)
    if (Number(row.portal_id) !== p.portalId || row.tenant_id !== p.tenantId)
      throw new HttpError(
        409,
        'hubspot/portal-taken',
        `portal ${row.portal_id} is already linked to tenant "${row.tenant_id}"`,
      );
  await db.query(
    `INSERT INTO hubspot_portals (portal_id, tenant_id, auth_mode, access_token_enc, refresh_token_enc,
       access_expires_at, per_ten_seconds, daily_limit)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (portal_id) DO UPDATE SET auth_mode = excluded.auth_mode,
       access_token_enc = excluded.access_token_enc, refresh_token_enc = excluded.refresh_token_enc,
       access_expires_at = excluded.access_expires_at, per_ten_seconds = excluded.per_ten_seconds,
       daily_limit = excluded.daily_limit, needs_reconnect_since = NULL, needs_reconnect_reason = NULL`,
    [
      p.portalId,
      p.tenantId,
      p.authMode,
      encryptSecret(p.accessToken, key, context(p.portalId, 'access')),
      p.refreshToken ? encryptSecret(p.refreshToken, key, context(p.portalId, 'refresh')) : null,
      p.accessExpiresAt?.toISOString() ?? null,
      p.perTenSeconds ?? 100,
      p.dailyLimit ?? null,
    ],
  );
}

/** Stores a refreshed OAuth access token. */
export async function saveAccessToken(
  db: Queryable,
  key: Buffer,
  portalId: number,
  accessToken: string,
  expiresAt: Date,
): Promise<void> {
  await db.query(
    'UPDATE hubspot_portals SET access_token_enc = $2, access_expires_at = $3 WHERE portal_id = $1',
    [portalId, encryptSecret(accessToken, key, context(portalId, 'access')), expiresAt.toISOString()],
  );
}

/**
 * Parks a portal whose grant HubSpot refuses (uninstalled, refresh token revoked, private-app token
 * deleted): nothing is sent until a reinstall; queued work waits. The first time is kept.
 */
export async function markNeedsReconnect(
  db: Queryable,
  portalId: number,
  reason: string,
  at: Date,
): Promise<void> {
  await db.query(
    `UPDATE hubspot_portals SET needs_reconnect_since = coalesce(needs_reconnect_since, $2),
       needs_reconnect_reason = $3 WHERE portal_id = $1`,
    [portalId, at.toISOString(), reason.slice(0, 200)],
  );
}

/** Records that the property group and properties exist in the portal. */
export async function markPropertiesInstalled(db: Queryable, portalId: number, at: Date): Promise<void> {
  await db.query('UPDATE hubspot_portals SET properties_installed_at = $2 WHERE portal_id = $1', [
    portalId,
    at.toISOString(),
  ]);
}

/** Records the portal's time zone setting. */
export async function saveTimeZone(db: Queryable, portalId: number, timeZone: string): Promise<void> {
  await db.query('UPDATE hubspot_portals SET time_zone = $2 WHERE portal_id = $1', [portalId, timeZone]);
}

/** Sets which surveys CRM triggers invite contacts to. */
export async function setTriggerSurveys(
  db: Queryable,
  portalId: number,
  surveys: { deal?: string; ticket?: string },
): Promise<void> {
  await db.query(
    `UPDATE hubspot_portals SET deal_survey_id = coalesce($2, deal_survey_id),
       ticket_survey_id = coalesce($3, ticket_survey_id) WHERE portal_id = $1`,
    [portalId, surveys.deal ?? null, surveys.ticket ?? null],
  );
}

/** A portal by id, or undefined. */
export async function findPortal(
  db: Queryable,
  key: Buffer,
  portalId: number,
): Promise<HubSpotPortal | undefined> {
  const r = await db.query<Row>(`SELECT ${COLUMNS} FROM hubspot_portals WHERE portal_id = $1`, [portalId]);
  return r.rows[0] && toPortal(r.rows[0], key);
}

/** Every linked portal, by id. */
export async function listPortals(db: Queryable, key: Buffer): Promise<HubSpotPortal[]> {
  const r = await db.query<Row>(`SELECT ${COLUMNS} FROM hubspot_portals ORDER BY portal_id`);
  return r.rows.map((row) => toPortal(row, key));
}

/** Until when a portal's changed accounts were queued (null: never, its first run queues them all). */
export async function changesQueuedThrough(db: Queryable, portalId: number): Promise<Date | null> {
  const r = await db.query<{ through: Date | string | null }>(
    'SELECT changes_queued_through AS through FROM hubspot_portals WHERE portal_id = $1',
    [portalId],
  );
  const through = r.rows[0]?.through;
  return through ? new Date(through) : null;
}

/** Records that a portal's changed accounts were queued until `at`. */
export async function setChangesQueuedThrough(db: Queryable, portalId: number, at: Date): Promise<void> {
  await db.query('UPDATE hubspot_portals SET changes_queued_through = $2 WHERE portal_id = $1', [
    portalId,
    at.toISOString(),
  ]);
}
