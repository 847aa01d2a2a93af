import type { z } from 'zod';
import type { Queryable } from '../db/database.js';
import { HttpError } from '../http-error.js';
import { TtlCache } from '../ttl-cache.js';
import {
  CreateTenantSchema,
  type CreatedTenant,
  token,
  hashApiKey,
  type Tenant,
  type RotatedKey,
  type RotatableKey,
} from './tenants.js';

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

// The columns of each rotatable key: current value, previous value and until when it still works.
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
  originsChanged++;
}

// Per database: a preflight of every page view must not cost a query, and an admin's change shows
// within ten seconds (at once in the process that made it: a change, even inside a transaction,
// moves every key on).
const originCaches = new WeakMap<Queryable, TtlCache<boolean>>();
let originsChanged = 0;

/**
 * Whether some tenant allows `origin` (the CORS answer to a preflight, which carries no site key),
 * cached ten seconds per database.
 */
export async function originAllowed(db: Queryable, origin: string): Promise<boolean> {
  let cache = originCaches.get(db);
  if (!cache) originCaches.set(db, (cache = new TtlCache<boolean>(10_000)));
  const allowed = await cache.get(`${originsChanged} ${origin}`, async () => {
    const r = await db.query('SELECT 1 FROM tenants WHERE $1 = ANY (allowed_origins) LIMIT 1', [origin]);
    return r.rows.length > 0;
  });
  return allowed === true;
}
