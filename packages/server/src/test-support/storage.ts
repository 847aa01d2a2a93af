import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '@cxkit/server';

/** A storage backend the suites run on: PGlite always, PostgreSQL when CX_TEST_DATABASE_URL is set. */
export interface StorageTarget {
  /** `pglite` or `postgres`. */
  name: string;
  /** Opens a fresh, migrated, empty database (its own schema on PostgreSQL). */
  open(): Promise<Database>;
  /** Options for a child process to open the same kind of storage (data dir or URL + schema). */
  childEnv(): Promise<{ env: Record<string, string>; cleanup(): Promise<void> }>;
}

const url = process.env['CX_TEST_DATABASE_URL'];

const schemaName = () => `cx_test_${randomBytes(6).toString('hex')}`;

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** Every storage target available here, for `describe.each`. */
export const STORAGE_TARGETS: StorageTarget[] = [
  {
    name: 'pglite',
    open: () => openDatabase({}),
    async childEnv() {
      const { mkdtemp, rm } = await import('node:fs/promises');
      const { tmpdir } = await import('node:os');
      const { join } = await import('node:path');
      const dir = await mkdtemp(join(tmpdir(), 'cxkit-test-'));
      return { env: { CXKIT_DATA_DIR: dir }, cleanup: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  ...(url
    ? [
        {
          name: 'postgres',
          async open() {
            const schema = schemaName();
            const db = await openDatabase({ databaseUrl: url, schema, poolSize: 4 });
            const close = db.close.bind(db);
            // The schema is dropped with the database handle, so each test file leaves nothing behind.
            return {
              ...db,
              close: async () => {
                await close();
                await dropSchema(schema);
              },
            } satisfies Database;
          },
          async childEnv() {
            const schema = schemaName();
            return { env: { DATABASE_URL: url, CX_TEST_SCHEMA: schema }, cleanup: () => dropSchema(schema) };
          },
        },
      ]
    : []),
];

/** Opening PGlite compiles its WebAssembly: slow on a busy 2-core machine, so hooks get a minute. */
export const HOOK_TIMEOUT = 60_000;
