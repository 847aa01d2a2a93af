import { z } from 'zod';
import type { Queryable } from '../db/database.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A webhook URL: https, or http to a loopback address (a receiver on the same host). */
export const WebhookUrlSchema = z
  .url()
  .max(2_000)
  .refine((u) => {
    // zod's URL check is looser than WHATWG's (a port above 65535 passes it): unparsable is refused.
    if (!URL.canParse(u)) return false;
    const url = new URL(u);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  }, 'must be an https URL (http only to 127.0.0.1, localhost or [::1])');

/** `PUT /v1/admin/alert-channels` body: where the tenant's alerts go. */
export const AlertChannelsInputSchema = z.strictObject({
  /** The webhook receiving each alert, or null for none. */
  webhookUrl: WebhookUrlSchema.nullable(),
  /** The HMAC key of the signatures (32+ characters); required with a new URL, kept when omitted. */
  webhookSecret: z.string().min(32).max(256).optional(),
  /** Create a HubSpot task on the company for each account alert. */
  hubspotTasks: z.boolean().default(false),
});

/** What the admin API shows of the channels: never the secret. */
export const AlertChannelsViewSchema = z.strictObject({
  webhookUrl: z.string().nullable(),
  hasWebhookSecret: z.boolean(),
  hubspotTasks: z.boolean(),
});

/** The channels of a tenant, with the secret, for the delivery worker. */
export interface AlertChannels {
  /** Webhook URL, or null. */
  webhookUrl: string | null;
  /** Webhook HMAC key, or null. */
  webhookSecret: string | null;
  /** Whether account alerts become HubSpot tasks. */
  hubspotTasks: boolean;
}

/** A tenant's alert channels (none configured: no webhook, no tasks). */
export async function getAlertChannels(db: Queryable, tenantId: string): Promise<AlertChannels> {
  const r = await db.query<{
    webhook_url: string | null;
    webhook_secret: string | null;
    hubspot_tasks: boolean;
  }>('SELECT webhook_url, webhook_secret, hubspot_tasks FROM alert_channels WHERE tenant_id = $1', [
    tenantId,
  ]);
  const row = r.rows[0];
  return {
    webhookUrl: row?.webhook_url ?? null,
    webhookSecret: row?.webhook_secret ?? null,
    hubspotTasks: row?.hubspot_tasks ?? false,
  };
}

/**
 * Saves a tenant's channels. A secret sent replaces the stored one; omitted, the stored one is kept.
 * @returns the new channels, or the name of the missing field when a URL would have no secret.
 */
export async function saveAlertChannels(
  db: Queryable,
  tenantId: string,
  input: z.infer<typeof AlertChannelsInputSchema>,
): Promise<AlertChannels | { missing: 'webhookSecret' }> {
  const current = await getAlertChannels(db, tenantId);
  const secret = input.webhookSecret ?? current.webhookSecret;
  if (input.webhookUrl !== null && secret === null) return { missing: 'webhookSecret' };
  const next: AlertChannels = {
    webhookUrl: input.webhookUrl,
    webhookSecret: input.webhookUrl === null ? null : secret,
    hubspotTasks: input.hubspotTasks,
  };
  await db.query(
    `INSERT INTO alert_channels (tenant_id, webhook_url, webhook_secret, hubspot_tasks, updated_at)
     VALUES ($1, $2, $3, $4, now())
     ON CONFLICT (tenant_id) DO UPDATE SET webhook_url = excluded.webhook_url,
       webhook_secret = excluded.webhook_secret, hubspot_tasks = excluded.hubspot_tasks, updated_at = now()`,
    [tenantId, next.webhookUrl, next.webhookSecret, next.hubspotTasks],
  );
  return next;
}
