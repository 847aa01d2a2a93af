import { randomBytes, randomUUID } from 'node:crypto';

/** The HubSpot app the stand-in plays the portal for. */
export interface AppCredentials {
  clientId: string;
  clientSecret: string;
  appId: number;
  /** Redirect URLs the app registered; an authorize or token request must use one of them. */
  redirectUrls: string[];
}

/** An issued access token and what it grants. */
export interface AccessToken {
  token: string;
  scopes: string[];
  /** Epoch ms, or null for a static (private app) token that does not expire. */
  expiresAt: number | null;
  userId: number;
  user: string;
  /** The refresh token it was issued from (OAuth tokens only): revoking that ends it too. */
  refreshToken?: string;
}

/**
 * The 400 body HubSpot's token endpoints answer with. Since the 2026-03 release the RFC 6749
 * fields `error` and `error_description` come first, and the legacy `status` (`BAD_REFRESH_TOKEN`,
 * ...) and `message` are kept "for backward compatibility"
 * (https://developers.hubspot.com/changelog/new-oauth-v3-api-endpoints-and-standardized-error-responses).
 */
export interface OAuthErrorBody {
  error: string;
  error_description: string;
  status: string;
  message: string;
  correlationId: string;
}

/** The RFC 6749 `error` code of each of HubSpot's legacy token-endpoint statuses. */
const RFC6749_ERROR: Record<string, string> = {
  BAD_CLIENT_ID: 'invalid_client',
  BAD_CLIENT_SECRET: 'invalid_client',
  BAD_AUTH_CODE: 'invalid_grant',
  BAD_REDIRECT_URI: 'invalid_grant',
  BAD_REFRESH_TOKEN: 'invalid_grant',
  BAD_GRANT_TYPE: 'unsupported_grant_type',
  INVALID_REQUEST: 'invalid_request',
};

/**
 * The token response of `POST /oauth/2026-03/token`: "an identical response" to v1's
 * (https://developers.hubspot.com/docs/api-reference/legacy/authentication/oauth-tokens/v1/migration-guide),
 * fields as in https://developers.hubspot.com/docs/api-reference/2026-03/authentication/oauth-tokens/refresh-oauth-token.
 */
export interface TokenResponse {
  token_use: 'access_token';
  token_type: 'bearer';
  access_token: string;
  refresh_token: string;
  expires_in: number;
  hub_id: number;
  user_id: number;
  scopes: string[];
}

/** HubSpot access tokens last 30 minutes. */
export const ACCESS_TOKEN_TTL_SECONDS = 1800;

const token = (prefix: string) => `${prefix}-na1-${randomUUID()}`;

/**
 * HubSpot's OAuth 2.0 server for one app and one portal: authorization codes, access and
 * refresh tokens, token metadata; plus static tokens for a private (static auth) install.
 */
export class OAuthServer {
  private readonly codes = new Map<string, { redirectUri: string; scopes: string[] }>();
  private readonly refresh = new Map<string, { scopes: string[] }>();
  private readonly access = new Map<string, AccessToken>();

  constructor(
    readonly app: AppCredentials,
    private readonly portal: { portalId: number; hubDomain: string; user: string; userId: number },
    private readonly now: () => number = Date.now,
  ) {}

  /** Registers a token that never expires (static auth), granting `scopes`. */
  addStaticToken(value: string, scopes: string[]): AccessToken {
    const t = { token: value, scopes, expiresAt: null, userId: this.portal.userId, user: this.portal.user };
    this.access.set(value, t);
    return t;
  }

  /** Issues an authorization code as if the user approved the install. */
  issueCode(redirectUri: string, scopes: string[]): string {
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, { redirectUri, scopes });
    return code;
  }

  /** Looks up a bearer token; `expired` is set when it existed but has expired. */
  authenticate(bearer: string | undefined): { token?: AccessToken; expired?: boolean } {
    if (!bearer) return {};
    const t = this.access.get(bearer);
    if (!t) return {};
    if (t.expiresAt !== null && t.expiresAt <= this.now()) return { expired: true };
    return { token: t };
  }

  /** Expires every OAuth access token now (to test refresh handling). */
  expireAccessTokens(): void {
    for (const t of this.access.values()) if (t.expiresAt !== null) t.expiresAt = this.now();
  }

  /**
   * Revokes a refresh token, as when the app is uninstalled or an admin disconnects it: the next
   * refresh answers 400 `BAD_REFRESH_TOKEN` / `invalid_grant`, and access tokens issued from it stop
   * working (an uninstall ends the app's access to the portal).
   */
  revokeRefreshToken(value: string): boolean {
    const known = this.refresh.delete(value);
    for (const [k, t] of this.access) if (t.refreshToken === value) this.access.delete(k);
    return known;
  }

  /** Every refresh token issued and not revoked (for tests: "uninstall" revokes them all). */
  refreshTokens(): string[] {
    return [...this.refresh.keys()];
  }

  /** Handles `POST /oauth/2026-03/token` form fields; returns HubSpot's token response or its error. */
  exchange(
    form: Record<string, string | undefined>,
  ): { ok: true; body: TokenResponse } | { ok: false; body: OAuthErrorBody } {
    const fail = (status: string, message: string) => ({
      ok: false as const,
      body: oauthError(status, message),
    });
    if (form.client_id !== this.app.clientId) return fail('BAD_CLIENT_ID', 'missing or unknown client id');
    if (form.client_secret !== this.app.clientSecret)
      return fail('BAD_CLIENT_SECRET', 'missing or invalid client secret');
    let scopes: string[];
    let refreshToken: string;
    if (form.grant_type === 'authorization_code') {
      const code = form.code ? this.codes.get(form.code) : undefined;
      if (!code) return fail('BAD_AUTH_CODE', 'missing or unknown auth code');
      if (form.redirect_uri !== code.redirectUri)
        return fail('BAD_REDIRECT_URI', 'redirect_uri does not match the authorize request');
      this.codes.delete(form.code!);
      scopes = code.scopes;
      refreshToken = token('rt');
      this.refresh.set(refreshToken, { scopes });
    } else if (form.grant_type === 'refresh_token') {
      const r = form.refresh_token ? this.refresh.get(form.refresh_token) : undefined;
      if (!r) return fail('BAD_REFRESH_TOKEN', 'missing or unknown refresh token');
      scopes = r.scopes;
      refreshToken = form.refresh_token!;
    } else {
      return fail('BAD_GRANT_TYPE', 'grant_type must be authorization_code or refresh_token');
    }
    const access = token('at');
    this.access.set(access, {
      token: access,
      scopes,
      expiresAt: this.now() + ACCESS_TOKEN_TTL_SECONDS * 1000,
      userId: this.portal.userId,
      user: this.portal.user,
      refreshToken,
    });
    return {
      ok: true,
      body: {
        token_use: 'access_token',
        token_type: 'bearer',
        access_token: access,
        refresh_token: refreshToken,
        expires_in: ACCESS_TOKEN_TTL_SECONDS,
        hub_id: this.portal.portalId,
        user_id: this.portal.userId,
        scopes,
      },
    };
  }

  /**
   * Handles `POST /oauth/2026-03/token/introspect` form fields (client credentials and `token` in
   * the body, https://developers.hubspot.com/docs/api-reference/2026-03/authentication/oauth-tokens/token-introspect):
   * an active access token's metadata (`active`, `token_use`, `hub_id`, `user_id`, `client_id`,
   * `app_id`, `scopes`, `expires_in`, `token_type`, `user`, `hub_domain`), a refresh token's with
   * `token_use: 'refresh_token'`, and `{ active: false }` for an unknown, expired or revoked token
   * (RFC 7662 section 2.2; HubSpot's page documents only the active shape).
   */
  introspect(
    form: Record<string, string | undefined>,
  ): { ok: true; body: Record<string, unknown> } | { ok: false; body: OAuthErrorBody } {
    if (form.client_id !== this.app.clientId)
      return { ok: false, body: oauthError('BAD_CLIENT_ID', 'missing or unknown client id') };
    if (form.client_secret !== this.app.clientSecret)
      return { ok: false, body: oauthError('BAD_CLIENT_SECRET', 'missing or invalid client secret') };
    if (!form.token) return { ok: false, body: oauthError('INVALID_REQUEST', 'token is required') };
    const common = {
      active: true,
      token: form.token,
      hub_id: this.portal.portalId,
      user_id: this.portal.userId,
      client_id: this.app.clientId,
      app_id: this.app.appId,
      is_private_distribution: false,
      user: this.portal.user,
      hub_domain: this.portal.hubDomain,
    };
    const refresh = this.refresh.get(form.token);
    if (refresh && form.token_type_hint !== 'access_token')
      return {
        ok: true,
        body: { ...common, token_use: 'refresh_token', scopes: refresh.scopes, token_type: 'refresh' },
      };
    const { token: t } = this.authenticate(form.token);
    if (!t) return { ok: true, body: { active: false } };
    return {
      ok: true,
      body: {
        ...common,
        token_use: 'access_token',
        scopes: t.scopes,
        token_type: 'bearer',
        expires_in: t.expiresAt === null ? 0 : Math.max(0, Math.round((t.expiresAt - this.now()) / 1000)),
      },
    };
  }
}

/** HubSpot's token-endpoint error body for a legacy status. */
export function oauthError(status: string, message: string): OAuthErrorBody {
  return {
    error: RFC6749_ERROR[status] ?? 'invalid_request',
    error_description: message,
    status,
    message,
    correlationId: randomUUID(),
  };
}
