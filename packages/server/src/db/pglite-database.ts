import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable, QueryResult } from './database.js';

type PgliteLike = Pick<PGlite, 'query'>;

function wrap(q: PgliteLike): Queryable {
  return {
    async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      const r = await q.query<R>(sql, params as unknown[]);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
  };
}

/**
 * Opens an embedded PGlite database. `dataDir` undefined keeps it in memory (tests);
 * a path persists it there, so `cxkit serve` needs nothing installed.
 */
export async function openPgliteDatabase(dataDir?: string): Promise<Database> {
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir === undefined ? undefined : { dataDir });
  const self = wrap(pg);
  return {
    dialect: 'pglite',
    query: self.query,
    // PGlite runs one statement at a time; its transaction() holds that lock until COMMIT,
    // so concurrent requests queue instead of interleaving inside a transaction.
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    close: () => pg.close(),
  };
}
