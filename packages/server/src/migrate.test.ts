import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrate, type Database } from '@cxkit/server';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from './test-support/storage.js';

describe.each(STORAGE_TARGETS)('migrations on $name', (target) => {
  let db: Database;
  beforeAll(async () => {
    db = await target.open();
  }, HOOK_TIMEOUT);
  afterAll(() => db.close(), HOOK_TIMEOUT);

  it('are applied once and recorded; re-running applies nothing', async () => {
    const ids = loadMigrations().map((m) => m.id);
    const r = await db.query<{ id: string }>('SELECT id FROM cx_migrations ORDER BY id');
    expect(r.rows.map((x) => x.id)).toEqual(ids);
    expect(await migrate(db)).toEqual([]);
  });

  it('give every tenant-owned table a tenant_id leading its primary key', async () => {
    const tables = [
      'config_versions',
      'accounts',
      'responses',
      'score_aggregates',
      'latest_scores',
      'account_insights',
    ];
    const r = await db.query<{ table_name: string; first: string }>(
      `SELECT tc.table_name, kcu.column_name AS first FROM information_schema.table_constraints tc
       JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name
        AND kcu.table_schema = tc.table_schema AND kcu.ordinal_position = 1
       WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = current_schema()
         AND tc.table_name = ANY ($1) ORDER BY tc.table_name`,
      [tables],
    );
    expect(r.rows).toEqual([...tables].sort().map((table_name) => ({ table_name, first: 'tenant_id' })));
  });
});
