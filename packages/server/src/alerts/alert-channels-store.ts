import type { z } from 'zod';
import type { Queryable } from '../db/database.js';
import type { AlertChannels, AlertChannelsInputSchema } from './alert-channels.js';

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
