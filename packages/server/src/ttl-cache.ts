/**
 * A small time-bounded cache with a size cap, for hot reads on every request (tenant by site
 * key, latest survey version). Entries expire after `ttlMs` so admin changes show up quickly.
 */
export class TtlCache<V> {
  readonly #entries = new Map<string, { value: V; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** The cached value, or the loader's (cached when not undefined). */
  async get(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const now = Date.now();
    const hit = this.#entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    const value = await load();
    if (value !== undefined) {
      if (this.#entries.size >= this.maxEntries) this.#entries.clear();
      this.#entries.set(key, { value, expires: now + this.ttlMs });
    }
    return value;
  }

  /** Drops everything (after admin writes). */
  clear(): void {
    this.#entries.clear();
  }
}
