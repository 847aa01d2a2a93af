import { Client } from '@hubspot/api-client';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import { markNeedsReconnect, saveAccessToken, type HubSpotPortal } from './hubspot-portals-store.js';
import { OAuthGrantRejected, refreshAccessToken, type OAuthTokens } from './oauth-tokens.js';
import type { HubSpotSettings } from './hubspot-settings.js';
import { DailyLimitReached, PortalRateLimiter, statedLimit } from './portal-rate-limiter.js';

/** An error from the api-client: HTTP status, parsed body and headers. */
interface ApiErrorLike {
  code: number;
  body: unknown;
  headers: Record<string, string>;
}

const isApiError = (e: unknown): e is ApiErrorLike =>
  typeof e === 'object' && e !== null && typeof (e as ApiErrorLike).code === 'number' && 'headers' in e;

/** A HubSpot call that failed for good (4xx other than 429, or 5xx after every retry). */
export class HubSpotCallError extends Error {
  /** Stable code. */
  readonly code = 'hubspot/call-failed';
  constructor(
    /** HTTP status, or null for a network error. */
    readonly status: number | null,
    message: string,
    /** HubSpot's error body. */
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'HubSpotCallError';
  }
}

/**
 * HubSpot refuses the portal's grant for good (400 `BAD_REFRESH_TOKEN` on refresh: the app was
 * uninstalled or the token revoked; 401 on a private app's static token): the portal is parked
 * "needs reconnect" and the work stays queued. Not a {@link HubSpotCallError}, so no caller mistakes
 * it for HubSpot refusing the values it was sent.
 */
export class PortalNeedsReconnect extends Error {
  /** Stable code. */
  readonly code = 'hubspot/needs-reconnect';
  constructor(
    /** The portal. */
    readonly portalId: number,
    /** HubSpot's reason (`BAD_REFRESH_TOKEN`, `invalid_grant`, `INVALID_AUTHENTICATION`, ...). */
    readonly reason: string,
  ) {
    super(`HubSpot portal ${portalId} needs to be reconnected (${reason}); its work is kept until then`);
    this.name = 'PortalNeedsReconnect';
  }
}

/** Counters of what the gateway sent, for the benchmark and the CLI. */
export interface GatewayStats {
  calls: number;
  tenSecondly429: number;
  daily429: number;
  serverErrors: number;
  /** Milliseconds spent backing off after 5xx and network errors. */
  backoffMs: number;
}

/** Options of {@link HubSpotGateway}. */
export interface GatewayOptions {
  db: Database;
  settings: Pick<
    HubSpotSettings,
    'HUBSPOT_BASE_PATH' | 'HUBSPOT_CLIENT_ID' | 'HUBSPOT_CLIENT_SECRET' | 'encryptionKey'
  >;
  logger: Logger;
  limiter?: PortalRateLimiter;
  /** Retries of a 5xx or network error before giving up (the outbox keeps the work). */
  maxRetries?: number;
  /** First back-off in ms (doubles each retry, with jitter). */
  backoffMs?: number;
  now?: () => number;
}

/** The rate-limit policy a 429 names (`DAILY`, `TEN_SECONDLY_ROLLING`), from HubSpot's error body. */
function policyOf(e: ApiErrorLike): string | undefined {
  const body = e.body as { policyName?: unknown; message?: unknown } | null;
  if (typeof body?.policyName === 'string') return body.policyName;
  return typeof body?.message === 'string' && /daily limit/i.test(body.message) ? 'DAILY' : undefined;
}

/** Builds an api-client with its own retry and limiter off: ours are per portal. */
export function createHubSpotClient(basePath: string, accessToken: string): Client {
  return new Client({
    accessToken,
    basePath,
    numberOfApiCallRetries: 0,
  });
}

/**
 * Every HubSpot call goes through here: a per-portal rate limiter, OAuth token refresh, 429s
 * handled by policy (`TEN_SECONDLY_ROLLING` waits for the window, `DAILY` parks the portal until
 * the reset) and 5xx retried with exponential back-off.
 */
export class HubSpotGateway {
  /** Counters since start. */
  readonly stats: GatewayStats = {
    calls: 0,
    tenSecondly429: 0,
    daily429: 0,
    serverErrors: 0,
    backoffMs: 0,
  };
  readonly limiter: PortalRateLimiter;
  private readonly clients = new Map<number, { token: string; client: Client }>();
  private readonly now: () => number;

  constructor(private readonly o: GatewayOptions) {
    this.now = o.now ?? Date.now;
    this.limiter = o.limiter ?? new PortalRateLimiter(this.now);
  }

  /** The api-client for a portal, refreshing an OAuth token that expires within a minute. */
  async client(portal: HubSpotPortal): Promise<Client> {
    if (
      portal.authMode === 'oauth' &&
      portal.accessExpiresAt !== null &&
      portal.accessExpiresAt.getTime() - this.now() < 60_000
    )
      await this.refresh(portal);
    const cached = this.clients.get(portal.portalId);
    if (cached && cached.token === portal.accessToken) return cached.client;
    const client = createHubSpotClient(this.o.settings.HUBSPOT_BASE_PATH, portal.accessToken);
    this.clients.set(portal.portalId, { token: portal.accessToken, client });
    return client;
  }

  /** Parks the portal "needs reconnect" (stored and on this object) and returns the error to throw. */
  private async park(portal: HubSpotPortal, reason: string): Promise<PortalNeedsReconnect> {
    const at = new Date(this.now());
    await markNeedsReconnect(this.o.db, portal.portalId, reason, at);
    portal.needsReconnectSince ??= at;
    portal.needsReconnectReason = reason;
    this.o.logger.warn({ portalId: portal.portalId, reason }, 'hubspot portal needs to be reconnected');
    return new PortalNeedsReconnect(portal.portalId, reason);
  }

  /**
   * Exchanges the refresh token for a new access token and stores it (encrypted).
   * @throws PortalNeedsReconnect when HubSpot refuses the refresh token (the portal is parked).
   */
  async refresh(portal: HubSpotPortal): Promise<void> {
    if (!portal.refreshToken || !this.o.settings.HUBSPOT_CLIENT_ID)
      throw await this.park(portal, 'no refresh token or client id');
    let r: OAuthTokens;
    try {
      r = await refreshAccessToken(this.o.settings, portal.refreshToken);
    } catch (e) {
      if (e instanceof OAuthGrantRejected) throw await this.park(portal, e.reason);
      throw e;
    }
    const expiresAt = new Date(this.now() + r.expiresIn * 1000);
    await saveAccessToken(
      this.o.db,
      this.o.settings.encryptionKey,
      portal.portalId,
      r.accessToken,
      expiresAt,
    );
    portal.accessToken = r.accessToken;
    portal.accessExpiresAt = expiresAt;
  }

  /**
   * {@link call} for an api-client `...WithHttpInfo` method: HubSpot's `X-HubSpot-RateLimit-*` headers
   * of the answer pace the portal, and the data is returned. (The api-client's `middleware` option
   * would see every answer, but 13.4 applies it only to calls given per-call options.)
   */
  async callWithInfo<T>(
    portal: HubSpotPortal,
    fn: (client: Client) => Promise<{ headers: Record<string, string>; data: T }>,
  ): Promise<T> {
    const info = await this.call(portal, fn);
    this.limiter.observe(portal.portalId, statedLimit(info.headers, this.now()));
    return info.data;
  }

  /**
   * Runs one HubSpot call for a portal under its limits, retrying what HubSpot asks us to retry.
   * @throws DailyLimitReached when the portal is parked; HubSpotCallError for a final failure.
   */
  async call<T>(portal: HubSpotPortal, fn: (client: Client) => Promise<T>): Promise<T> {
    if (portal.needsReconnectSince)
      throw new PortalNeedsReconnect(portal.portalId, portal.needsReconnectReason ?? 'needs reconnect');
    const maxRetries = this.o.maxRetries ?? 6;
    const backoff = this.o.backoffMs ?? 250;
    let failures = 0;
    let refreshed = false;
    for (;;) {
      await this.limiter.acquire(portal.portalId, {
        perTenSeconds: portal.perTenSeconds,
        daily: portal.dailyLimit,
        timeZone: portal.timeZone,
      });
      this.stats.calls++;
      try {
        const result = await fn(await this.client(portal));
        this.limiter.succeeded(portal.portalId);
        return result;
      } catch (e) {
        if (e instanceof DailyLimitReached || e instanceof PortalNeedsReconnect) throw e;
        const status = isApiError(e) ? e.code : null;
        if (status === 429) {
          if (isApiError(e) && policyOf(e) === 'DAILY') {
            this.stats.daily429++;
            throw new DailyLimitReached(portal.portalId, this.limiter.dailyExceeded(portal.portalId));
          }
          this.stats.tenSecondly429++;
          this.limiter.tenSecondlyExceeded(
            portal.portalId,
            isApiError(e) ? statedLimit(e.headers, this.now()) : null,
          );
          continue;
        }
        if (status === 401 && portal.authMode === 'oauth' && !refreshed) {
          refreshed = true;
          await this.refresh(portal);
          continue;
        }
        // A private app's token that HubSpot no longer knows (deleted or rotated): a new token is needed.
        if (status === 401 && portal.authMode === 'static')
          throw await this.park(portal, 'INVALID_AUTHENTICATION');
        if (status === null || status >= 500) {
          this.stats.serverErrors++;
          if (failures++ < maxRetries) {
            const wait = backoff * 2 ** (failures - 1) * (0.5 + Math.random() / 2);
            this.stats.backoffMs += wait;
            await new Promise((r) => setTimeout(r, wait));
            continue;
          }
        }
        const message = e instanceof Error ? e.message : `HubSpot answered ${status ?? 'nothing'}`;
        this.o.logger.warn({ portalId: portal.portalId, status }, 'hubspot call failed');
        throw new HubSpotCallError(status, message, isApiError(e) ? e.body : null);
      }
    }
  }
}
