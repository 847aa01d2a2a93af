import type { Response } from '@cxkit/core';

/** One response waiting for the collector's acknowledgement. */
export interface OutboxEntry {
  /** The response's client-generated id, also the store key. */
  id: string;
  response: Response;
  /** Full URL of the collector's `POST /v1/responses`. */
  url: string;
  /** Headers besides the identity token, which is attached at send time (it expires; the entry may not). */
  headers: Record<string, string>;
  /** Sent without a token whatever the page holds: the respondent stays unidentified. */
  anonymous?: boolean;
  /**
   * An answer left in progress with `resume` set: not sent before `due`, so that its person can
   * finish it after a reload; sent as it is once the hold has passed.
   */
  hold?: boolean;
  /** Failed attempts so far, for the backoff. */
  tries: number;
  /** Epoch ms before which the entry is not retried. */
  due: number;
}

/** Durable storage of outbox entries. */
export interface OutboxStore {
  all(): Promise<OutboxEntry[]>;
  put(e: OutboxEntry): Promise<void>;
  delete(id: string): Promise<void>;
}

const DB = 'cx-survey';
const STORE = 'outbox';
const LS_KEY = 'cx-survey:outbox';

const done = <T>(r: IDBRequest<T> | IDBOpenDBRequest): Promise<T> =>
  new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result as T);
    r.onerror = () => reject(r.error);
  });

/** IndexedDB store: one object store keyed by response id. */
export function indexedDbStore(): OutboxStore {
  let db: Promise<IDBDatabase> | undefined;
  const run = async <T>(mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    db ??= (() => {
      const r = indexedDB.open(DB, 1);
      r.onupgradeneeded = () => r.result.createObjectStore(STORE, { keyPath: 'id' });
      return done<IDBDatabase>(r);
    })();
    const t = (await db).transaction(STORE, mode);
    const req = f(t.objectStore(STORE));
    // Resolve on commit, not on request success, so a put is durable before we rely on it.
    return new Promise((resolve, reject) => {
      t.oncomplete = () => resolve(req.result);
      t.onerror = t.onabort = () => reject(t.error);
    });
  };
  return {
    all: () => run('readonly', (s) => s.getAll() as IDBRequest<OutboxEntry[]>),
    put: (e) => run('readwrite', (s) => s.put(e)).then(() => undefined),
    delete: (id) => run('readwrite', (s) => s.delete(id)).then(() => undefined),
  };
}

/** localStorage store: one JSON object keyed by response id (used where IndexedDB is unavailable). */
export function localStorageStore(): OutboxStore {
  const read = (): Record<string, OutboxEntry> => JSON.parse(localStorage.getItem(LS_KEY) ?? '{}');
  const write = (m: Record<string, OutboxEntry>) => localStorage.setItem(LS_KEY, JSON.stringify(m));
  return {
    all: async () => Object.values(read()),
    put: async (e) => write({ ...read(), [e.id]: e }),
    delete: async (id) => {
      const m = read();
      delete m[id];
      write(m);
    },
  };
}

/** IndexedDB, falling back to localStorage for the rest of the page's life on the first IndexedDB failure. */
export function fallbackStore(primary: OutboxStore, fallback: OutboxStore): OutboxStore {
  let use = primary;
  const call =
    <A extends unknown[], R>(f: (s: OutboxStore) => (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      try {
        return await f(use)(...a);
      } catch (e) {
        if (use === fallback) throw e;
        use = fallback;
        return f(use)(...a);
      }
    };
  return { all: call((s) => s.all), put: call((s) => s.put), delete: call((s) => s.delete) };
}
