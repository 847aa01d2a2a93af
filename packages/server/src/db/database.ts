/** The rows and count a statement returned. */
export interface QueryResult<R> {
  /** Result rows (empty for statements without RETURNING). */
  rows: R[];
  /** Rows affected or returned. */
  rowCount: number;
}

/** Anything that runs SQL with `$1`-style parameters: the database or an open transaction. */
export interface Queryable {
  /**
   * Runs one statement; `params` are bound positionally to `$1`, `$2`, ... A `name` lets the
   * driver keep the statement prepared per connection (hot statements skip parse and plan).
   */
  query<R = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    options?: { name?: string },
  ): Promise<QueryResult<R>>;
}

/**
 * The storage seam of the server: PostgreSQL SQL with positional parameters and transactions.
 * Two adapters implement it (embedded PGlite and `pg` against a PostgreSQL server), so every
 * repository is written once, in plain SQL, and runs on both.
 */
export interface Database extends Queryable {
  /** Which adapter this is, for logs and benchmarks. */
  readonly dialect: 'pglite' | 'postgres';
  /**
   * Runs `fn` inside one transaction: committed when `fn` resolves, rolled back when it throws.
   * The returned promise resolves only after COMMIT succeeded, which is what makes an
   * acknowledgement durable.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Closes connections (waits for running statements). */
  close(): Promise<void>;
}
