import type { Queryable } from '../db/database.js';

/**
 * Records an OAuth state's nonce as used at `at`; false when it was used before. States used over a
 * day ago are forgotten first (they are expired by then, so they cannot be replayed).
 */
export async function recordOAuthStateUse(db: Queryable, stateId: string, at: Date): Promise<boolean> {
  await db.query("DELETE FROM hubspot_oauth_states WHERE used_at < now() - interval '1 day'");
  const r = await db.query(
    'INSERT INTO hubspot_oauth_states (state_id, used_at) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    [stateId, at.toISOString()],
  );
  return r.rowCount > 0;
}
