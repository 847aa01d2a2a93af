import { z } from 'zod';
import { HubSpotCallError } from './hubspot-gateway.js';
import type { HubSpotSettings } from './hubspot-settings.js';

// HubSpot's OAuth 2026-03 endpoints, called directly: `@hubspot/api-client` 13.x (and 14.0.1) still
// call /oauth/v1/*, which HubSpot switches off on 16 February 2027
// (https://developers.hubspot.com/docs/api-reference/legacy/authentication/oauth-tokens/v1/migration-guide).
// Every parameter goes in a form-encoded body, never in the query string.

/** `POST /oauth/2026-03/token` (code exchange and refresh). */
export const TOKEN_PATH = '/oauth/2026-03/token';
/** `POST /oauth/2026-03/token/introspect` (replaces GET /oauth/v1/access-tokens/{token}). */
export const INTROSPECT_PATH = '/oauth/2026-03/token/introspect';

/**
 * The token response (https://developers.hubspot.com/docs/api-reference/2026-03/authentication/oauth-tokens/refresh-oauth-token):
 * `access_token`, `refresh_token`, `expires_in` (seconds), and the portal as `hub_id`.
 */
const TokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  hub_id: z.number().int().optional(),
});

/** The introspection of an active token (https://developers.hubspot.com/docs/api-reference/2026-03/authentication/oauth-tokens/token-introspect). */
const IntrospectionSchema = z.union([
  z.looseObject({
    active: z.literal(true),
    hub_id: z.number().int(),
    scopes: z.array(z.string()).default([]),
    hub_domain: z.string().optional(),
    expires_in: z.number().optional(),
  }),
  z.looseObject({ active: z.literal(false) }),
]);

/** New tokens from the token endpoint. */
export interface OAuthTokens {
  accessToken: string;
  refreshToken: string;
  /** Lifetime of the access token in seconds (HubSpot: 1800). */
  expiresIn: number;
  /** The portal, when the response names it. */
  hubId: number | undefined;
}

/** What an introspection says about a token. */
export type TokenIntrospection =
  { active: true; hubId: number; scopes: string[]; hubDomain: string | undefined } | { active: false };

/**
 * HubSpot refused a grant for good: an authorization code that is unknown, used or expired, or a
 * refresh token revoked by an uninstall (400 `BAD_REFRESH_TOKEN`, RFC 6749 `invalid_grant`).
 * Retrying cannot help; only a new install can.
 */
export class OAuthGrantRejected extends Error {
  /** Stable code. */
  readonly code = 'hubspot/oauth-grant-rejected';
  constructor(
    /** HubSpot's legacy status (`BAD_REFRESH_TOKEN`, `BAD_AUTH_CODE`, ...) or RFC 6749 error. */
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'OAuthGrantRejected';
  }
}

type OAuthSettings = Pick<
  HubSpotSettings,
  'HUBSPOT_BASE_PATH' | 'HUBSPOT_CLIENT_ID' | 'HUBSPOT_CLIENT_SECRET'
>;

const ErrorBodySchema = z.looseObject({
  error: z.string().optional(),
  error_description: z.string().optional(),
  status: z.string().optional(),
  message: z.string().optional(),
});

/** Grants whose refusal is final (the client or the grant is wrong); the rest may be retried. */
const FINAL = new Set([
  'invalid_grant',
  'invalid_client',
  'unauthorized_client',
  'BAD_REFRESH_TOKEN',
  'BAD_AUTH_CODE',
  'BAD_REDIRECT_URI',
  'BAD_CLIENT_ID',
  'BAD_CLIENT_SECRET',
]);

async function post(settings: OAuthSettings, path: string, fields: Record<string, string>): Promise<unknown> {
  const url = `${settings.HUBSPOT_BASE_PATH.replace(/\/+$/, '')}${path}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams(fields),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (e) {
    throw new HubSpotCallError(null, `HubSpot's token endpoint did not answer: ${String(e)}`, null);
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  if (res.ok) return body;
  const err = ErrorBodySchema.safeParse(body);
  const status = err.success ? err.data.status : undefined;
  const error = err.success ? err.data.error : undefined;
  const message =
    (err.success ? (err.data.error_description ?? err.data.message) : undefined) ?? `HTTP ${res.status}`;
  if (res.status === 400 && ((status && FINAL.has(status)) || (error && FINAL.has(error))))
    throw new OAuthGrantRejected(status ?? error!, message);
  throw new HubSpotCallError(res.status, `HubSpot's token endpoint answered ${res.status}: ${message}`, body);
}

function credentials(settings: OAuthSettings): { client_id: string; client_secret: string } {
  if (!settings.HUBSPOT_CLIENT_ID)
    throw new OAuthGrantRejected('invalid_client', 'HUBSPOT_CLIENT_ID is not set: OAuth is not configured');
  return { client_id: settings.HUBSPOT_CLIENT_ID, client_secret: settings.HUBSPOT_CLIENT_SECRET };
}

function tokens(body: unknown): OAuthTokens {
  const r = TokenResponseSchema.safeParse(body);
  if (!r.success)
    throw new HubSpotCallError(
      200,
      "HubSpot's token response lacks access_token, refresh_token or expires_in",
      body,
    );
  return {
    accessToken: r.data.access_token,
    refreshToken: r.data.refresh_token,
    expiresIn: r.data.expires_in,
    hubId: r.data.hub_id,
  };
}

/**
 * Exchanges an authorization code for tokens (`grant_type=authorization_code`).
 * @throws OAuthGrantRejected when HubSpot refuses the code; HubSpotCallError when it fails.
 */
export async function exchangeAuthorizationCode(
  settings: OAuthSettings & { redirectUrl: string },
  code: string,
): Promise<OAuthTokens> {
  return tokens(
    await post(settings, TOKEN_PATH, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: settings.redirectUrl,
      ...credentials(settings),
    }),
  );
}

/**
 * A new access token for a refresh token (`grant_type=refresh_token`).
 * @throws OAuthGrantRejected when the refresh token is revoked or unknown (the app was uninstalled).
 */
export async function refreshAccessToken(
  settings: OAuthSettings,
  refreshToken: string,
): Promise<OAuthTokens> {
  return tokens(
    await post(settings, TOKEN_PATH, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      ...credentials(settings),
    }),
  );
}

/** What HubSpot knows of a token: its portal and scopes, or that it is no longer active. */
export async function introspectToken(
  settings: OAuthSettings,
  token: string,
  hint: 'access_token' | 'refresh_token' = 'access_token',
): Promise<TokenIntrospection> {
  const body = await post(settings, INTROSPECT_PATH, {
    token,
    token_type_hint: hint,
    ...credentials(settings),
  });
  const r = IntrospectionSchema.safeParse(body);
  if (!r.success)
    throw new HubSpotCallError(200, "HubSpot's introspection response has no active/hub_id", body);
  if (!r.data.active) return { active: false };
  const d = r.data as { hub_id: number; scopes: string[]; hub_domain?: string };
  return { active: true, hubId: d.hub_id, scopes: d.scopes, hubDomain: d.hub_domain };
}
