import { localStorageStore, type OutboxEntry, type OutboxStore } from './outbox-store.js';

// Held answers are written here too, synchronously: a page being closed or reloaded may never
// finish an IndexedDB transaction, and a held answer has no keepalive request to save it.
const held = localStorageStore();

/** What the queue tells its owner. */
export interface DeliveryListener {
  /** The collector acknowledged `entry` (created now, or a duplicate of an earlier delivery). */
  sent(entry: OutboxEntry, status: string): void;
  /** The collector refused `entry` for good (400, 413, 422, or 401/403 on an anonymous one): it is dropped. */
  rejected(entry: OutboxEntry, status: number): void;
  /**
   * The identity token to send `entry` with now: undefined for anonymous entries, null while the
   * entry's own person has no token on this page (it then waits; it is never sent with another's).
   */
  token(entry: OutboxEntry): string | undefined | null;
  /** True when `entry` belongs to a person signed in on this page (or is anonymous). */
  mine(entry: OutboxEntry): boolean;
  /** The collector refused `token` (401/403) and no fresher one is known: `entry` waits for a new token. */
  refused(entry: OutboxEntry, status: number): void;
}

/** Statuses that say the body itself is wrong, so resending the same response cannot succeed. */
const PERMANENT = [400, 413, 422];
const MAX_BATCH = 20;
const MAX_DELAY = 300_000;

/**
 * The durable outbox. Every response stays in memory and, once storage is allowed, in `store`
 * until the collector acknowledges its id; failures are retried with exponential backoff and
 * jitter, at once when the network comes back, on the next page load, and with `keepalive`
 * when the page is hidden or closing. The collector deduplicates by id, so resending is safe.
 * Each request carries the identity token current at send time; an answer whose token the
 * collector refuses waits, kept, until a new token is set.
 */
export class DeliveryQueue {
  /** Every entry this page knows of, by id. */
  private readonly _entries = new Map<string, OutboxEntry>();
  /** Ids that must not reach storage (their widget still waits for consent). */
  private readonly _volatile = new Set<string>();
  private readonly _solo = new Set<string>();
  /** The token the collector last refused, so a refusal is reported once per token. */
  private _refused: string | undefined | null = null;
  private _store: OutboxStore | undefined;
  private _enabling: Promise<void> | undefined;
  private _busy: Promise<void> | undefined;
  private _timer: ReturnType<typeof setTimeout> | undefined;
  /** Called before the keepalive flush when the page is closing, so widgets can enqueue answers in progress. */
  readonly beforeHide = new Set<() => void>();

  constructor(
    private readonly _listener: DeliveryListener,
    private readonly _openStore: () => OutboxStore,
  ) {
    addEventListener('online', () => this.retryNow());
    addEventListener('pagehide', () => this._hide(true));
    document.addEventListener(
      'visibilitychange',
      () => document.visibilityState === 'hidden' && this._hide(false),
    );
  }

  /** Every entry waiting for the collector. */
  entries(): OutboxEntry[] {
    return [...this._entries.values()];
  }

  /**
   * Someone else signed in: the free text of answers waiting for another person is removed from
   * storage (kept in this page's memory), so it is not left on a shared browser for the next person.
   */
  async hideOthers(): Promise<void> {
    for (const e of this._entries.values())
      if (this._store && !this._volatile.has(e.id) && !this._listener.mine(e)) {
        const r = {
          ...e,
          response: {
            ...e.response,
            answers: e.response.answers.map((a) => (a.kind === 'text' ? { ...a, value: null } : a)),
          },
        };
        await this._store.put(r);
        if (e.hold) await held.put(r);
      }
  }

  /** Storage is allowed from now on: persist what is pending and load what earlier pages left. */
  enableStorage(): Promise<void> {
    return (this._enabling ??= this._enable().catch((err: unknown) => {
      this._enabling = undefined;
      throw err;
    }));
  }

  /**
   * Takes back the answer this page's person left in progress (held, see `hold`) to survey
   * `survey`, once storage is loaded: it is resumed instead of sent. An expired hold is not taken.
   */
  async claim(survey: string, mine: (e: OutboxEntry) => boolean): Promise<OutboxEntry | undefined> {
    await this._enabling?.catch(() => undefined);
    const e = [...this._entries.values()].find(
      (x) => x.hold && x.due > Date.now() && x.response.surveyId === survey && mine(x),
    );
    if (e) {
      this._entries.delete(e.id);
      await held.delete(e.id).catch(() => undefined);
      await this._store?.delete(e.id).catch(() => undefined);
    }
    return e;
  }

  private async _enable(): Promise<void> {
    if (this._store) return;
    const store = (this._store = this._openStore());
    try {
      for (const e of this._entries.values()) if (!this._volatile.has(e.id)) await store.put(e);
      for (const e of [...(await held.all()), ...(await store.all())])
        if (!this._entries.has(e.id)) this._entries.set(e.id, { ...e, due: e.hold ? e.due : 0 });
      await this.hideOthers();
    } catch (err) {
      // Storage refused (private mode, quota): keep working from memory.
      this._store = undefined;
      throw err;
    } finally {
      void this.flush();
    }
  }

  /** Queues a response; `persist` is false while its widget waits for consent. */
  async add(e: OutboxEntry, persist: boolean): Promise<void> {
    this._entries.set(e.id, e);
    // Synchronous (see `held`): the page may be gone before anything awaited here completes.
    if (e.hold && persist) void held.put(e).catch(() => undefined);
    try {
      if (!persist) this._volatile.add(e.id);
      else if (this._store) await this._store.put(e);
    } finally {
      // Sent from memory even when storage just failed.
      void this.flush();
    }
  }

  /** Consent arrived for these ids: they may now be written to storage. */
  async persist(ids: Iterable<string>): Promise<void> {
    for (const id of ids) {
      this._volatile.delete(id);
      const e = this._entries.get(id);
      if (e && this._store) await this._store.put(e);
    }
  }

  /** Forget backoff delays and send everything now (the network came back, or a new token was set). */
  retryNow(): void {
    // A held answer keeps its hold: its person may still come back to finish it.
    for (const e of this._entries.values()) if (!e.hold) e.due = 0;
    void this.flush();
  }

  /**
   * The page is hidden (maybe for good: mobile browsers may never fire pagehide) or closing.
   * Only a closing page cuts surveys in progress short; switching tabs must not end them.
   */
  private _hide(closing: boolean): void {
    if (closing) for (const f of this.beforeHide) f();
    void this._send(
      [...this._entries.values()].filter((e) => !e.hold || e.due <= Date.now()),
      true,
    );
  }

  /** Sends every due entry; resolves when this round is over. */
  flush(): Promise<void> {
    // One round at a time; a flush asked for during a round runs right after it.
    return (this._busy ??= (async () => {
      clearTimeout(this._timer);
      const now = Date.now();
      try {
        await this._send(
          [...this._entries.values()].filter((e) => e.due <= now),
          false,
        );
      } finally {
        this._busy = undefined;
        this._schedule();
      }
    })().catch(() => undefined));
  }

  private _schedule(): void {
    let next = Infinity;
    for (const e of this._entries.values()) next = Math.min(next, e.due);
    if (next < Infinity) this._timer = setTimeout(() => void this.flush(), Math.max(0, next - Date.now()));
  }

  private async _send(due: OutboxEntry[], keepalive: boolean): Promise<void> {
    const open = new Map<string, OutboxEntry[]>();
    const batches: [OutboxEntry[], string | undefined][] = [];
    for (const e of due) {
      // The token is the live one, never one stored with the entry: tokens expire within hours.
      const t = this._listener.token(e);
      if (t === null) {
        // Its person is not signed in here: wait for their token (retryNow), never send another's.
        e.due = Infinity;
        continue;
      }
      const key = e.url + JSON.stringify(e.headers) + t + (this._solo.has(e.id) ? e.id : '');
      let g = open.get(key);
      if (!g || g.length === MAX_BATCH) {
        batches.push([(g = []), t]);
        open.set(key, g);
      }
      g.push(e);
    }
    await Promise.all(batches.map(([g, t]) => this._post(g, t, keepalive)));
  }

  private async _post(group: OutboxEntry[], token: string | undefined, keepalive: boolean): Promise<void> {
    if (!group.length) return;
    const first = group[0]!;
    try {
      const res = await fetch(first.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...first.headers,
          ...(token && { Authorization: `Bearer ${token}` }),
        },
        body: JSON.stringify({ responses: group.map((e) => e.response) }),
        keepalive,
        credentials: 'omit',
      });
      const refused = res.status === 401 || res.status === 403;
      if (res.ok) {
        const body = (await res.json()) as { accepted?: { id: string; status: string }[] };
        for (const a of body.accepted ?? []) {
          const e = this._entries.get(a.id);
          if (e) await this._remove(e, () => this._listener.sent(e, a.status));
        }
        // Anything the collector did not list is retried.
        this._backoff(group.filter((e) => this._entries.has(e.id)));
      } else if (PERMANENT.includes(res.status) || refused) {
        // One bad response must not sink the batch: split it and retry each alone.
        if (group.length > 1)
          for (const e of group) {
            this._solo.add(e.id);
            e.due = 0;
          }
        // An anonymous answer to a survey that needs identity can never be accepted.
        else if (!refused || first.anonymous)
          await this._remove(first, () => this._listener.rejected(first, res.status));
        // The token was refused: wait for a new one rather than retry it, and never drop the answer.
        else if (this._listener.token(first) !== token) first.due = 0;
        else {
          first.due = Infinity;
          if (this._refused !== token) this._listener.refused(first, res.status);
          this._refused = token;
        }
      } else this._backoff(group);
    } catch {
      this._backoff(group);
    }
  }

  private async _remove(e: OutboxEntry, then: () => void): Promise<void> {
    this._entries.delete(e.id);
    this._volatile.delete(e.id);
    this._solo.delete(e.id);
    then();
    if (e.hold) await held.delete(e.id).catch(() => undefined);
    await this._store?.delete(e.id).catch(() => undefined);
  }

  private _backoff(group: OutboxEntry[]): void {
    for (const e of group) {
      e.tries++;
      e.due = Date.now() + Math.min(MAX_DELAY, 1000 * 2 ** e.tries) * (0.5 + Math.random() / 2);
      if (!this._volatile.has(e.id)) this._store?.put(e).catch(() => undefined);
    }
  }
}
