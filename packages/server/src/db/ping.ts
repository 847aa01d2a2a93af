import type { Queryable } from './database.js';

/** Runs the cheapest statement, so a dead connection or database throws. */
export async function pingDatabase(db: Queryable): Promise<void> {
  await db.query('SELECT 1');
}
