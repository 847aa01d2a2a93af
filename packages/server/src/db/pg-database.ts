import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Database, Queryable, QueryResult } from './database.js';

/** Options of the PostgreSQL adapter. */
export interface PgDatabaseOptions {
  /** A `postgres://` connection string. */
  connectionString: string;
  /** Pool size; the default suits a small machine. */
  poolSize?: number;
  /** Schema to use instead of `public` (tests use one schema per file). */
  schema?: string;
}

// Deadlocks and serialization failures are safe to retry: the transaction was rolled back whole.
const RETRYABLE = new Set(['40001', '40P01']);

// Every query the server runs is one of a fixed set of parameterised statements, so each is
// prepared once per connection under a name derived from its text: hot paths skip parse and plan.
const names = new Map<string, string | null>();
function statementName(sql: string): string | undefined {
  let name = names.get(sql);
  if (name === undefined) {
    name = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i.test(sql)
      ? `cx_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`
      : null;
    if (names.size < 10_000) names.set(sql, name);
  }
  return name ?? undefined;
}

function wrap(q: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<R>(
      sql: string,
      params: readonly unknown[] = [],
      options: { name?: string } = {},
    ): Promise<QueryResult<R>> {
      const values = params as unknown[];
      const name = options.name ?? statementName(sql);
      const r = await (name ? q.query({ name, text: sql, values }) : q.query(sql, values));
      return { rows: r.rows as R[], rowCount: r.rowCount ?? r.rows.length };
    },
  };
}

/** Opens a pooled connection to PostgreSQL through `pg`. */
export async function openPgDatabase(options: PgDatabaseOptions): Promise<Database> {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new Error(`invalid schema name "${schema}"`);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle client's network error must not crash the process; the pool replaces the client.
  pool.on('error', () => undefined);
  const probe = await pool.connect();
  try {
    if (schema !== undefined) await probe.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } finally {
    probe.release();
  }
  const self = wrap(pool);
  return {
    dialect: 'postgres',
    query: self.query,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const out = await fn(wrap(client));
          await client.query('COMMIT');
          return out;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          const code = (error as { code?: unknown }).code;
          if (attempt < 5 && typeof code === 'string' && RETRYABLE.has(code)) continue;
          throw error;
        } finally {
          client.release();
        }
      }
    },
    close: () => pool.end(),
  };
}
