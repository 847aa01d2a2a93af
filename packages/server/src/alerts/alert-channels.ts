import { z } from 'zod';

export { getAlertChannels, saveAlertChannels } from './alert-channels-store.js';

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
