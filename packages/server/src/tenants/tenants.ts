import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Queryable } from '../db/database.js';
import { HttpError } from '../http-error.js';

/** A tenant: one CRM portal or one site. Every row the server stores belongs to one. */
export interface Tenant {
  /** Tenant id (slug). */
  id: string;
  /** Display name. */
  name: string;
  /** Public key the widget sends as `X-Cx-Site-Key`. */
  siteKey: string;
  /** Secret the host backend signs identity tokens with. */
  signingSecret: string;
  /** The signing secret before the last rotation, while its overlap lasts. */
  previousSigningSecret?: string;
  /** Origins allowed to call the collector from a browser. */
  allowedOrigins: string[];
}

/** A newly created tenant with its admin key, which is shown once and stored only as a hash. */
export interface CreatedTenant extends Tenant {
  /** The admin API key (`Authorization: Bearer ...` on `/v1/admin/*`). */
  adminKey: string;
}

/** An allowed browser origin: scheme, host and optional port, no path. */
export const OriginSchema = z
  .string()
  .regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i, 'must be an origin such as "https://app.example.com"');

/** Input of {@link createTenant}. */
export const CreateTenantSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a lowercase slug'),
  name: z.string().min(1).max(200),
  allowedOrigins: z.array(OriginSchema).max(50).default([]),
});

/** SHA-256 of an API key: keys are 256-bit random, so a fast hash is enough to make a leak useless. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

const token = (prefix: string) => `${prefix}_${randomBytes(24).toString('base64url')}`;

/**
 * Creates a tenant with a fresh site key, signing secret and admin key.
 * @throws HttpError 409 `tenant/exists` when the id is taken.
 * @example const t = await createTenant(db, { id: 'acme', name: 'Acme', allowedOrigins: ['https://acme.example'] })
 */
export async function createTenant(
  db: Queryable,
  input: z.input<typeof CreateTenantSchema>,
): Promise<CreatedTenant> {
  const t = CreateTenantSchema.parse(input);
  const created: CreatedTenant = {
    id: t.id,
    name: t.name,
    siteKey: token('cxs'),
    signingSecret: token('cxk'),
    allowedOrigins: t.allowedOrigins,
    adminKey: token('cxa'),
  };
  const r = await db.query(
    `INSERT INTO tenants (id, name, site_key, signing_secret, admin_key_hash, allowed_origins)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
    [
      created.id,
      created.name,
      created.siteKey,
      created.signingSecret,
      hashApiKey(created.adminKey),
      created.allowedOrigins,
    ],
  );
  if (r.rowCount === 0) throw new HttpError(409, 'tenant/exists', `tenant "${t.id}" already exists`);
  return created;
}

interface TenantRow {
  id: string;
  name: string;
  site_key: string;
  signing_secret: string;
  previous_signing_secret: string | null;
  allowed_origins: string[];
}

const toTenant = (r: TenantRow): Tenant => ({
  id: r.id,
  name: r.name,
  siteKey: r.site_key,
  signingSecret: r.signing_secret,
  ...(r.previous_signing_secret ? { previousSigningSecret: r.previous_signing_secret } : {}),
  allowedOrigins: r.allowed_origins,
});

// $1 is always the instant the overlaps are judged at.
const COLUMNS = `id, name, site_key, signing_secret, allowed_origins,
  CASE WHEN previous_signing_secret_until > $1 THEN previous_signing_secret END AS previous_signing_secret`;

/** The tenant owning a site key (the current one, or the previous one during its overlap), or undefined. */
export async function findTenantBySiteKey(
  db: Queryable,
  siteKey: string,
  now: Date = new Date(),
): Promise<Tenant | undefined> {
  const r = await db.query<TenantRow>(
    `SELECT ${COLUMNS} FROM tenants
     WHERE site_key = $2 OR (previous_site_key = $2 AND previous_site_key_until > $1)`,
    [now.toISOString(), siteKey],
  );
  return r.rows[0] && toTenant(r.rows[0]);
}

/** The tenant owning an admin key (the current one, or the previous one during its overlap), or undefined. */
export async function findTenantByAdminKey(
  db: Queryable,
  adminKey: string,
  now: Date = new Date(),
): Promise<Tenant | undefined> {
  const r = await db.query<TenantRow>(
    `SELECT ${COLUMNS} FROM tenants
     WHERE admin_key_hash = $2 OR (previous_admin_key_hash = $2 AND previous_admin_key_until > $1)`,
    [now.toISOString(), hashApiKey(adminKey)],
  );
  return r.rows[0] && toTenant(r.rows[0]);
}

/** A tenant by id, or undefined. */
export async function findTenant(
  db: Queryable,
  id: string,
  now: Date = new Date(),
): Promise<Tenant | undefined> {
  const r = await db.query<TenantRow>(`SELECT ${COLUMNS} FROM tenants WHERE id = $2`, [
    now.toISOString(),
    id,
  ]);
  return r.rows[0] && toTenant(r.rows[0]);
}

/** The keys a tenant can rotate. */
export const ROTATABLE_KEYS = ['site-key', 'signing-secret', 'admin-key'] as const;

/** A key a tenant can rotate. */
export type RotatableKey = (typeof ROTATABLE_KEYS)[number];

/** The result of {@link rotateTenantKey}: the new value, shown once. */
export interface RotatedKey {
  /** Which key. */
  key: RotatableKey;
  /** The new key or secret (an admin key is stored only as its hash). */
  value: string;
  /** Until when the previous value keeps working. */
  previousValidUntil: string;
}

const ROTATION: Record<RotatableKey, { column: string; previous: string; until: string; prefix: string }> = {
  'site-key': {
    column: 'site_key',
    previous: 'previous_site_key',
    until: 'previous_site_key_until',
    prefix: 'cxs',
  },
  'signing-secret': {
    column: 'signing_secret',
    previous: 'previous_signing_secret',
    until: 'previous_signing_secret_until',
    prefix: 'cxk',
  },
  'admin-key': {
    column: 'admin_key_hash',
    previous: 'previous_admin_key_hash',
    until: 'previous_admin_key_until',
    prefix: 'cxa',
  },
};

/**
 * Replaces a tenant's site key, signing secret or admin key with a fresh one; the previous value
 * keeps working for `overlapSeconds` (0 revokes it at once, for a leaked key), so widgets, host
 * backends and admin scripts roll over without downtime. A rotation during an overlap ends the
 * older overlap: only the last previous value is kept.
 * @throws HttpError 404 `tenant/not-found`.
 */
export async function rotateTenantKey(
  db: Queryable,
  tenantId: string,
  key: RotatableKey,
  overlapSeconds: number,
  now: Date = new Date(),
): Promise<RotatedKey> {
  const c = ROTATION[key];
  const value = token(c.prefix);
  const until = new Date(now.getTime() + overlapSeconds * 1000).toISOString();
  const r = await db.query(
    `UPDATE tenants SET ${c.previous} = ${c.column}, ${c.column} = $2, ${c.until} = $3 WHERE id = $1`,
    [tenantId, key === 'admin-key' ? hashApiKey(value) : value, until],
  );
  if (r.rowCount === 0) throw new HttpError(404, 'tenant/not-found', `no tenant "${tenantId}"`);
  return { key, value, previousValidUntil: until };
}

/** Lists tenants (ids and names), for the CLI. */
export async function listTenants(db: Queryable): Promise<{ id: string; name: string }[]> {
  const r = await db.query<{ id: string; name: string }>('SELECT id, name FROM tenants ORDER BY id');
  return r.rows;
}

/** Replaces a tenant's allowed origins. */
export async function setAllowedOrigins(db: Queryable, tenantId: string, origins: string[]): Promise<void> {
  await db.query('UPDATE tenants SET allowed_origins = $2 WHERE id = $1', [tenantId, origins]);
}
