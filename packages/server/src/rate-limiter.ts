/** A token-bucket limit: `perSecond` sustained, bursts up to `burst`. */
export interface RateLimit {
  /** Tokens added per second. */
  perSecond: number;
  /** Bucket size. */
  burst: number;
}

/**
 * In-memory token buckets keyed by site or IP. Per process: behind several instances, each
 * enforces its share (documented in docs/scaling.md).
 */
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly limit: RateLimit) {}

  /**
   * Takes one token for `key`.
   * @returns 0 when allowed, else the seconds to wait before a token is available.
   */
  take(key: string, now: number = Date.now()): number {
    const { perSecond, burst } = this.limit;
    const b = this.#buckets.get(key) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
    b.at = now;
    if (this.#buckets.size > 50_000) this.#prune(now);
    this.#buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / perSecond));
  }

  // Buckets that have refilled completely carry no information.
  #prune(now: number): void {
    for (const [k, b] of this.#buckets)
      if (b.tokens + ((now - b.at) / 1000) * this.limit.perSecond >= this.limit.burst)
        this.#buckets.delete(k);
  }
}
