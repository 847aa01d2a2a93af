import { readdirSync, readFileSync } from 'node:fs';
import type { Database } from './database.js';

// The same files serve src/ (tests, tsx) and dist/ (built package): both sit one level below the package.
const MIGRATIONS_DIR = new URL('../../migrations/', import.meta.url);

/** A migration file: `NNN_name.sql`, applied in name order exactly once. */
export interface Migration {
  /** File name without extension, e.g. `001_initial`. */
  id: string;
  /** The SQL it runs. */
  sql: string;
}

/** Reads the migration files shipped with the package, in order. */
export function loadMigrations(): Migration[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ id: f.replace(/\.sql$/, ''), sql: readFileSync(new URL(f, MIGRATIONS_DIR), 'utf8') }));
}

/**
 * Applies pending migrations, each in its own transaction, recording them in `cx_migrations`.
 * An advisory lock serialises servers starting at once against the same PostgreSQL.
 * @returns the ids applied by this call.
 */
export async function migrate(db: Database, migrations: Migration[] = loadMigrations()): Promise<string[]> {
  await db.query(
    `CREATE TABLE IF NOT EXISTS cx_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  const applied: string[] = [];
  for (const m of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(7431001)');
      const seen = await tx.query('SELECT 1 FROM cx_migrations WHERE id = $1', [m.id]);
      if (seen.rows.length > 0) return false;
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query('INSERT INTO cx_migrations (id) VALUES ($1)', [m.id]);
      return true;
    });
    if (done) applied.push(m.id);
  }
  return applied;
}

// Prepared-statement protocols take one statement at a time; migrations avoid `;` inside literals.
function splitStatements(sql: string): string[] {
  return sql
    .replace(/--[^\n]*/g, '')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
