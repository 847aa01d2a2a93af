import { portalDayStart, portalNextMidnight } from './portal-day.js';

/** A portal's HubSpot limits: requests per rolling 10 seconds and per day (null: none). */
export interface PortalLimits {
  perTenSeconds: number;
  daily: number | null;
  /** The portal's time zone setting: its day, and so its daily limit, runs from midnight there. Null: unknown. */
  timeZone?: string | null;
}

const WINDOW_MS = 10_000;
/** After a DAILY 429 in a portal whose time zone is unknown, one request an hour probes for the reset. */
const UNKNOWN_RESET_PROBE_MS = 3_600_000;

interface PortalState {
  limits: PortalLimits;
  /** Start times of requests within the rolling window, oldest first. */
  times: number[];
  day: number;
  dayCount: number;
  /** No request before this time (a 429 asked us to wait). */
  blockedUntil: number;
  /** 429 TEN_SECONDLY_ROLLING answers in a row (reset by a success). */
  consecutive429: number;
  /** Requests wait in line so each portal's calls go out in order. */
  queue: Promise<void>;
  /** What HubSpot last stated in its `X-HubSpot-RateLimit-*` headers, and when. */
  stated: StatedLimit | null;
}

/**
 * HubSpot's rate-limit headers on an answer (https://developers.hubspot.com/docs/guides/apps/api-usage/usage-details,
 * "Rate limits"): `X-HubSpot-RateLimit-Max` (requests allowed per interval), `-Remaining` (still allowed
 * in the current one) and `-Interval-Milliseconds` (the interval, 10,000).
 */
export interface StatedLimit {
  max: number | null;
  remaining: number | null;
  intervalMs: number | null;
  /** When it was read. */
  at: number;
}

/** Reads HubSpot's `X-HubSpot-RateLimit-*` headers (any case); null when there are none. */
export function statedLimit(
  headers: Record<string, string | string[] | undefined>,
  at: number,
): StatedLimit | null {
  const get = (name: string) => {
    const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
    const v = key === undefined ? undefined : headers[key];
    const n = Number(Array.isArray(v) ? v[0] : v);
    return v === undefined || !Number.isFinite(n) || n < 0 ? null : n;
  };
  const max = get('x-hubspot-ratelimit-max');
  const remaining = get('x-hubspot-ratelimit-remaining');
  const intervalMs = get('x-hubspot-ratelimit-interval-milliseconds');
  return max === null && remaining === null ? null : { max, remaining, intervalMs, at };
}

/** Thrown when a portal's daily budget is spent: work is parked until `resetAt`. */
export class DailyLimitReached extends Error {
  /** Stable code. */
  readonly code = 'hubspot/daily-limit';
  constructor(
    /** The portal. */
    readonly portalId: number,
    /** When the daily budget resets. */
    readonly resetAt: Date,
  ) {
    super(`HubSpot daily limit reached for portal ${portalId}; parked until ${resetAt.toISOString()}`);
    this.name = 'DailyLimitReached';
  }
}

/**
 * Our own per-portal limiter (the SDK's Bottleneck settings are one process-wide singleton):
 * a rolling 10-second window sized to the app's limit, a daily budget, and the waits a 429
 * imposes. `acquire` resolves when a request may start and counts it.
 */
export class PortalRateLimiter {
  private readonly portals = new Map<number, PortalState>();
  /** Milliseconds requests spent waiting for a slot, a 429's pause or a parked portal (for the benchmark). */
  waitedMs = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  private state(portalId: number, limits: PortalLimits): PortalState {
    let s = this.portals.get(portalId);
    if (!s) {
      s = {
        limits,
        times: [],
        day: 0,
        dayCount: 0,
        blockedUntil: 0,
        consecutive429: 0,
        queue: Promise.resolve(),
        stated: null,
      };
      this.portals.set(portalId, s);
    }
    s.limits = limits;
    return s;
  }

  /**
   * Waits for a slot in the portal's window and counts the request.
   * @throws DailyLimitReached when the daily budget is spent (or a DAILY 429 parked the portal).
   */
  acquire(portalId: number, limits: PortalLimits): Promise<void> {
    const s = this.state(portalId, limits);
    const turn = s.queue.then(() => this.take(portalId, s));
    s.queue = turn.catch(() => undefined);
    return turn;
  }

  private async take(portalId: number, s: PortalState): Promise<void> {
    for (;;) {
      const t = this.now();
      const timeZone = s.limits.timeZone ?? null;
      const day = portalDayStart(t, timeZone);
      if (day !== s.day) {
        s.day = day;
        s.dayCount = 0;
      }
      if (s.blockedUntil > t && s.blockedUntil - t > WINDOW_MS)
        throw new DailyLimitReached(portalId, new Date(s.blockedUntil));
      if (s.limits.daily !== null && s.dayCount >= s.limits.daily)
        throw new DailyLimitReached(portalId, new Date(portalNextMidnight(t, timeZone)));
      while (s.times.length > 0 && s.times[0]! <= t - WINDOW_MS) s.times.shift();
      let wait = s.blockedUntil - t;
      // HubSpot's stated limit wins over a configured one set too high (a Free portal at 110).
      const max = Math.min(s.limits.perTenSeconds, s.stated?.max || Infinity);
      if (s.times.length >= max) wait = Math.max(wait, s.times[s.times.length - max]! + WINDOW_MS - t + 1);
      if (wait <= 0) {
        s.times.push(t);
        s.dayCount++;
        return;
      }
      this.waitedMs += wait;
      await this.sleep(wait);
    }
  }

  /** What HubSpot last stated for a portal, or null. */
  stated(portalId: number): StatedLimit | null {
    return this.portals.get(portalId)?.stated ?? null;
  }

  /** Records the `X-HubSpot-RateLimit-*` headers of an answer: the pace follows what HubSpot states. */
  observe(portalId: number, stated: StatedLimit | null): void {
    const s = this.portals.get(portalId);
    if (s && stated) s.stated = stated;
  }

  /**
   * HubSpot answered 429 `TEN_SECONDLY_ROLLING`. The refused request does not count in HubSpot's
   * window, so it leaves ours. When HubSpot's last answer (within the window) still had requests
   * remaining, the window is not full: the 429 is a blip or another integration's burst, and a short
   * pause follows (250 ms, doubling with each 429 in a row). Otherwise nothing goes out for 1 s,
   * doubling, never longer than until the oldest request we sent leaves the window (when a slot is
   * sure to be free): a window that stays full converges on the full wait.
   */
  tenSecondlyExceeded(portalId: number, stated: StatedLimit | null = null): void {
    const s = this.portals.get(portalId);
    if (!s) return;
    const t = this.now();
    s.times.pop();
    if (stated) s.stated = stated;
    const fresh = s.stated !== null && t - s.stated.at < WINDOW_MS ? s.stated : null;
    const room = stated?.remaining ?? fresh?.remaining ?? 0;
    const oldest = s.times.find((x) => x > t - WINDOW_MS);
    const untilFree = oldest === undefined ? WINDOW_MS : oldest + WINDOW_MS - t;
    const first = room > 1 ? 250 : 1000;
    const wait = Math.min(first * 2 ** s.consecutive429, Math.max(untilFree, first));
    s.consecutive429++;
    s.blockedUntil = Math.max(s.blockedUntil, t + wait);
  }

  /** A request went through: the next 429 starts the back-off again from one second. */
  succeeded(portalId: number): void {
    const s = this.portals.get(portalId);
    if (s) s.consecutive429 = 0;
  }

  /**
   * HubSpot answered 429 `DAILY`: the portal is parked until the next midnight in its time zone, when
   * HubSpot resets the count. With the zone unknown the reset could be any hour (UTC midnight would
   * be up to 14 hours early, and a second DAILY there would park a whole day), so an hour, then a probe.
   */
  dailyExceeded(portalId: number): Date {
    const s = this.portals.get(portalId);
    const t = this.now();
    const timeZone = s?.limits.timeZone ?? null;
    const reset = timeZone === null ? t + UNKNOWN_RESET_PROBE_MS : portalNextMidnight(t, timeZone);
    if (s) s.blockedUntil = Math.max(s.blockedUntil, reset);
    return new Date(reset);
  }

  /** When a parked portal may send again, or null when it is not parked. */
  parkedUntil(portalId: number): Date | null {
    const s = this.portals.get(portalId);
    return s && s.blockedUntil - this.now() > WINDOW_MS ? new Date(s.blockedUntil) : null;
  }
}
