import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';

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

/** A new random key or secret, `prefix_` and 24 random bytes in base64url. */
export const token = (prefix: string) => `${prefix}_${randomBytes(24).toString('base64url')}`;

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
