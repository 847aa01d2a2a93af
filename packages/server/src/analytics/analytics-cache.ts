/** One cached analytics view: the data version it was computed from, when it expires, the JSON body. */
interface Entry {
  version: string;
  /** The app clock when it was computed. */
  computedAt: number;
  body: unknown;
}

/** Views kept per server process (least recently used dropped first). */
const CAPACITY = 500;
/**
 * How long a view may be served while the data version is unchanged: the views also depend on the clock
 * (the window's bounds, accounts that left by a future date), which the version does not see.
 */
export const ANALYTICS_CACHE_TTL_MS = 5 * 60_000;

/**
 * A per-process cache of analytics views, keyed by tenant, route and query, and valid for one tenant data
 * version ({@link analyticsDataVersion}): a write the routes would see changes the version, so the next read
 * recomputes. Repeat reads of an unchanged tenant cost the version's check, not the route.
 */
export class AnalyticsCache {
  private readonly entries = new Map<string, Entry>();

  /**
   * The cached body for `key` at `version` computed less than the TTL before `nowMs` (the app's clock),
   * or computes, stores and returns it (`hit` says which).
   */
  async get(
    key: string,
    version: string,
    nowMs: number,
    compute: () => Promise<unknown>,
  ): Promise<{ body: unknown; hit: boolean }> {
    const e = this.entries.get(key);
    if (
      e &&
      e.version === version &&
      nowMs >= e.computedAt &&
      nowMs < e.computedAt + ANALYTICS_CACHE_TTL_MS
    ) {
      // Re-inserted: Map order is the recency order.
      this.entries.delete(key);
      this.entries.set(key, e);
      return { body: e.body, hit: true };
    }
    const body = await compute();
    this.entries.delete(key);
    this.entries.set(key, { version, computedAt: nowMs, body });
    while (this.entries.size > CAPACITY) this.entries.delete(this.entries.keys().next().value!);
    return { body, hit: false };
  }
}
