import { z } from 'zod';
import { ConfigError } from '../config.js';

/** HubSpot's published rolling 10-second limits per app and portal. */
export const TEN_SECOND_LIMITS = [100, 110, 190, 250] as const;

const DEV_KEY = Buffer.alloc(32, 7).toString('base64');

/** Where HubSpot sends the admin back after approving an install (on the public URL). */
export const OAUTH_CALLBACK_PATH = '/v1/hubspot/oauth/callback';

/** Environment variables of the HubSpot integration, parsed once at start. */
export const HubSpotSettingsSchema = z
  .object({
    /** The app's client secret: signs card, settings and webhook requests, and OAuth exchanges. */
    HUBSPOT_CLIENT_SECRET: z.string().min(8, 'must be the app client secret (8+ characters)'),
    /** OAuth client id (OAuth installs only). */
    HUBSPOT_CLIENT_ID: z.string().min(1).optional(),
    /**
     * The one public HTTPS URL of this server (`https://cxkit.example.com`): HubSpot signs card,
     * settings and webhook requests over it, and the OAuth redirect URL derives from it. The same
     * value goes in the project's profiles (`CXKIT_SERVER_URL`). `HUBSPOT_PUBLIC_URL` is its older name.
     */
    CXKIT_PUBLIC_URL: z.url().optional(),
    /** OAuth redirect URL registered with the app; default `{CXKIT_PUBLIC_URL}/v1/hubspot/oauth/callback`. */
    HUBSPOT_REDIRECT_URL: z.url().optional(),
    /** HubSpot API base URL; the stand-in's URL in tests and the demo. */
    HUBSPOT_BASE_PATH: z.url().default('https://api.hubapi.com'),
    /** Where the install flow sends the admin to approve the app. */
    HUBSPOT_AUTHORIZE_URL: z.url().default('https://app.hubspot.com/oauth/authorize'),
    /** The public URL this server is reached at (signatures cover it); unset uses the request URL. */
    HUBSPOT_PUBLIC_URL: z.url().optional(),
    /** Survey invitation links point here: `{url}?cx-invitation={id}`. */
    CXKIT_PORTAL_URL: z.url().default('https://portal.example.com/'),
    /**
     * Default rolling 10-second limit for new portals: 100, the strictest of HubSpot's tiers (Free and
     * Starter portals), unless a higher tier is known (https://developers.hubspot.com/docs/guides/apps/api-usage/usage-details).
     */
    HUBSPOT_TEN_SECOND_LIMIT: z.coerce
      .number()
      .refine((n) => (TEN_SECOND_LIMITS as readonly number[]).includes(n), 'must be 100, 110, 190 or 250')
      .default(100),
    /** Default daily limit for new portals (unset: none, as for OAuth apps). */
    HUBSPOT_DAILY_LIMIT: z.coerce.number().int().positive().optional(),
    /** 32 random bytes, base64: the AES-256-GCM key of stored tokens. */
    CXKIT_ENCRYPTION_KEY: z
      .string()
      .refine((k) => Buffer.from(k, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
      .optional(),
    /** Development mode: allows a fixed, public encryption key. Never in production. */
    CXKIT_DEV: z
      .enum(['true', 'false', '1', '0', ''])
      .default('false')
      .transform((v) => v === 'true' || v === '1'),
  })
  .transform((s, ctx) => {
    const key = s.CXKIT_ENCRYPTION_KEY ?? (s.CXKIT_DEV ? DEV_KEY : undefined);
    if (key === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['CXKIT_ENCRYPTION_KEY'],
        message: 'is required (32 bytes, base64); CXKIT_DEV=true allows a development key',
      });
      return z.NEVER;
    }
    const publicUrl = (s.CXKIT_PUBLIC_URL ?? s.HUBSPOT_PUBLIC_URL)?.replace(/\/+$/, '');
    return {
      ...s,
      HUBSPOT_PUBLIC_URL: publicUrl,
      HUBSPOT_REDIRECT_URL:
        s.HUBSPOT_REDIRECT_URL ??
        (publicUrl === undefined ? undefined : `${publicUrl}${OAUTH_CALLBACK_PATH}`),
      encryptionKey: Buffer.from(key, 'base64'),
    };
  });

/** Parsed HubSpot settings, with the decoded encryption key. */
export type HubSpotSettings = z.output<typeof HubSpotSettingsSchema>;

/**
 * Reads the HubSpot settings from environment variables (unset and empty mean default).
 * @throws ConfigError naming each bad variable and its rule.
 */
export function loadHubSpotSettings(
  env: Record<string, string | undefined> = process.env,
  overrides: Record<string, string> = {},
): HubSpotSettings {
  const raw: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...env, ...overrides }))
    if (v !== undefined && v !== '' && (k.startsWith('HUBSPOT_') || k.startsWith('CXKIT_'))) raw[k] = v;
  const r = HubSpotSettingsSchema.safeParse(raw);
  if (!r.success) throw new ConfigError(r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  return r.data;
}
