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
}

/** The 400 body HubSpot's token endpoint answers with (`status` names the problem). */
export interface OAuthErrorBody {
  status: string;
  message: string;
  correlationId: string;
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

  /** Revokes a refresh token, as when the app is uninstalled. */
  revokeRefreshToken(value: string): boolean {
    return this.refresh.delete(value);
  }

  /** Handles `POST /oauth/v1/token` form fields; returns HubSpot's token response or its error. */
  exchange(form: Record<string, string | undefined>):
    | {
        ok: true;
        body: { token_type: 'bearer'; access_token: string; refresh_token: string; expires_in: number };
      }
    | { ok: false; body: OAuthErrorBody } {
    const fail = (status: string, message: string) => ({
      ok: false as const,
      body: { status, message, correlationId: randomUUID() },
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
    });
    return {
      ok: true,
      body: {
        token_type: 'bearer',
        access_token: access,
        refresh_token: refreshToken,
        expires_in: ACCESS_TOKEN_TTL_SECONDS,
      },
    };
  }

  /** `GET /oauth/v1/access-tokens/{token}` metadata, or null when unknown or expired. */
  metadata(value: string): Record<string, unknown> | null {
    const { token: t } = this.authenticate(value);
    if (!t) return null;
    return {
      token: t.token,
      user: t.user,
      hub_domain: this.portal.hubDomain,
      scopes: t.scopes,
      hub_id: this.portal.portalId,
      app_id: this.app.appId,
      expires_in: t.expiresAt === null ? 0 : Math.max(0, Math.round((t.expiresAt - this.now()) / 1000)),
      user_id: t.userId,
      token_type: 'access',
    };
  }
}
