import type { Database } from './database.js';
import { openPgDatabase } from './pg-database.js';
import { openPgliteDatabase } from './pglite-database.js';
import { migrate } from './migrate.js';

/** Where the data lives: a PostgreSQL URL, or a PGlite data directory. */
export interface StorageOptions {
  /** PostgreSQL connection string; when set, PGlite is not used. */
  databaseUrl?: string | undefined;
  /** PGlite data directory (ignored with `databaseUrl`); undefined keeps data in memory. */
  dataDir?: string | undefined;
  /** PostgreSQL pool size. */
  poolSize?: number | undefined;
  /** PostgreSQL schema (default `public`). */
  schema?: string | undefined;
}

/** Opens the configured database and applies pending migrations. */
export async function openDatabase(options: StorageOptions): Promise<Database> {
  const db = options.databaseUrl
    ? await openPgDatabase({
        connectionString: options.databaseUrl,
        ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
        ...(options.schema === undefined ? {} : { schema: options.schema }),
      })
    : await openPgliteDatabase(options.dataDir);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
