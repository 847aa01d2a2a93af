import { portalDayStart } from './portal-time.js';

/** The two HubSpot rate-limit policies a 429 names. */
export const RATE_LIMIT_POLICIES = { tenSecondly: 'TEN_SECONDLY_ROLLING', daily: 'DAILY' } as const;

/** A HubSpot rate-limit policy name. */
export type RateLimitPolicy = (typeof RATE_LIMIT_POLICIES)[keyof typeof RATE_LIMIT_POLICIES];

/** Limits for one app in one portal. */
export interface RateLimitOptions {
  /** Requests allowed in any rolling 10-second window (HubSpot: 100, 110, 190 or 250). */
  perTenSeconds: number;
  /** Requests allowed per day, or null for none (OAuth apps have no daily limit of their own). */
  daily: number | null;
  /**
   * CRM search requests allowed per second (HubSpot: 5 per token), or undefined for no search limit.
   * Off in the presets so suites that search in a loop stay fast; turn it on to test the back-off.
   */
  searchPerSecond?: number;
}

/**
 * HubSpot's published limits by distribution and tier (requests per rolling 10 s, per day).
 * OAuth (marketplace) apps get 110 per 10 s per installed portal and no daily limit of their own.
 */
export const RATE_LIMIT_PRESETS = {
  oauthApp: { perTenSeconds: 110, daily: null },
  privateAppFree: { perTenSeconds: 100, daily: 250_000 },
  privateAppProfessional: { perTenSeconds: 190, daily: 625_000 },
  privateAppEnterprise: { perTenSeconds: 190, daily: 1_000_000 },
  privateAppApiLimitIncrease: { perTenSeconds: 250, daily: 1_000_000 },
} as const satisfies Record<string, RateLimitOptions>;

const WINDOW_MS = 10_000;

/** What the limiter decided for one request, with the values of HubSpot's rate-limit headers. */
export interface RateLimitDecision {
  allowed: boolean;
  policy?: RateLimitPolicy;
  headers: Record<string, string>;
}

/**
 * A rolling 10-second window plus a daily counter reset at midnight in the portal's time zone, as
 * HubSpot does. Rejected requests do not count against the window.
 */
export class RateLimiter {
  private readonly times: number[] = [];
  private readonly searchTimes: number[] = [];
  private dayStart = 0;
  private dayCount = 0;

  constructor(
    private readonly limits: RateLimitOptions,
    private readonly now: () => number = Date.now,
    private readonly timeZone = 'UTC',
  ) {}

  /** Counts one search request against the per-second search limit; false when over it. */
  takeSearch(): boolean {
    const limit = this.limits.searchPerSecond;
    if (limit === undefined) return true;
    const t = this.now();
    while (this.searchTimes.length > 0 && this.searchTimes[0]! <= t - 1000) this.searchTimes.shift();
    if (this.searchTimes.length >= limit) return false;
    this.searchTimes.push(t);
    return true;
  }

  /** Counts one request if it is allowed and says which policy rejected it otherwise. */
  take(): RateLimitDecision {
    const t = this.now();
    while (this.times.length > 0 && this.times[0]! <= t - WINDOW_MS) this.times.shift();
    const day = portalDayStart(t, this.timeZone);
    if (day !== this.dayStart) {
      this.dayStart = day;
      this.dayCount = 0;
    }
    const { perTenSeconds, daily } = this.limits;
    let policy: RateLimitPolicy | undefined;
    if (daily !== null && this.dayCount >= daily) policy = RATE_LIMIT_POLICIES.daily;
    else if (this.times.length >= perTenSeconds) policy = RATE_LIMIT_POLICIES.tenSecondly;
    if (!policy) {
      this.times.push(t);
      this.dayCount++;
    }
    const headers: Record<string, string> = {
      'X-HubSpot-RateLimit-Interval-Milliseconds': String(WINDOW_MS),
      'X-HubSpot-RateLimit-Max': String(perTenSeconds),
      'X-HubSpot-RateLimit-Remaining': String(Math.max(0, perTenSeconds - this.times.length)),
    };
    if (daily !== null) {
      headers['X-HubSpot-RateLimit-Daily'] = String(daily);
      headers['X-HubSpot-RateLimit-Daily-Remaining'] = String(Math.max(0, daily - this.dayCount));
    }
    return policy ? { allowed: false, policy, headers } : { allowed: true, headers };
  }
}
