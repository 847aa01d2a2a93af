import type { Database, Queryable } from '../db/database.js';

/** HubSpot object types cxkit writes properties to. */
export type OutboxObjectType = 'companies' | 'contacts';

/** One property value to write to one HubSpot record. */
export interface PropertyWrite {
  objectType: OutboxObjectType;
  objectId: string;
  property: string;
  /** HubSpot stores strings; null clears the value. */
  value: string | null;
}

/** A pending write as read from the outbox, with its sequence number. */
export interface PendingWrite extends PropertyWrite {
  seq: string;
}

/** Rows read per record wanted when picking a batch (cxkit writes at most 10 properties per record). */
const SCAN_FACTOR = 20;

/** HubSpot's batch endpoints take at most 100 records. */
export const BATCH_SIZE = 100;

// The writes go to PostgreSQL as one jsonb parameter (read by jsonb_to_recordset), so a batch is one statement.
function writesJson<W extends PropertyWrite>(
  writes: readonly W[],
  extra?: (w: W) => Record<string, unknown>,
): string {
  return JSON.stringify(
    writes.map((w) => ({
      object_type: w.objectType,
      object_id: w.objectId,
      property: w.property,
      value: w.value,
      ...extra?.(w),
    })),
  );
}

/**
 * Queues property values for HubSpot, durably. Only changes are queued: a value equal to the last
 * one HubSpot acknowledged is skipped, unless a different value is still pending (then the new
 * one replaces it). Each queued value takes a new sequence number, so an acknowledgement of an
 * older value never deletes a newer one.
 * @returns how many values were queued.
 */
export async function enqueueWrites(
  db: Queryable,
  tenantId: string,
  writes: readonly PropertyWrite[],
): Promise<number> {
  if (writes.length === 0) return 0;
  const r = await db.query(
    `INSERT INTO hubspot_outbox (tenant_id, object_type, object_id, property, value)
     SELECT $1, x.object_type, x.object_id, x.property, x.value
     FROM jsonb_to_recordset($2::jsonb) AS x(object_type text, object_id text, property text, value text)
     WHERE EXISTS (SELECT 1 FROM hubspot_outbox o WHERE o.tenant_id = $1 AND o.object_type = x.object_type
                     AND o.object_id = x.object_id AND o.property = x.property)
        OR NOT EXISTS (SELECT 1 FROM hubspot_synced s WHERE s.tenant_id = $1 AND s.object_type = x.object_type
                     AND s.object_id = x.object_id AND s.property = x.property
                     AND s.value IS NOT DISTINCT FROM x.value)
     ON CONFLICT (tenant_id, object_type, object_id, property) DO UPDATE
       SET value = excluded.value, seq = excluded.seq, enqueued_at = excluded.enqueued_at,
           failed_at = NULL, error = NULL`,
    [tenantId, writesJson(writes)],
  );
  return r.rowCount;
}

/** How many of `writes` {@link enqueueWrites} would queue (for a dry run; nothing is stored). */
export async function countChanges(
  db: Queryable,
  tenantId: string,
  writes: readonly PropertyWrite[],
): Promise<number> {
  if (writes.length === 0) return 0;
  const r = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n
     FROM jsonb_to_recordset($2::jsonb) AS x(object_type text, object_id text, property text, value text)
     WHERE NOT EXISTS (SELECT 1 FROM hubspot_outbox o WHERE o.tenant_id = $1 AND o.object_type = x.object_type
                     AND o.object_id = x.object_id AND o.property = x.property AND o.failed_at IS NULL
                     AND o.value IS NOT DISTINCT FROM x.value)
       AND NOT EXISTS (SELECT 1 FROM hubspot_synced s WHERE s.tenant_id = $1 AND s.object_type = x.object_type
                     AND s.object_id = x.object_id AND s.property = x.property
                     AND s.value IS NOT DISTINCT FROM x.value
                     AND NOT EXISTS (SELECT 1 FROM hubspot_outbox o2 WHERE o2.tenant_id = $1
                       AND o2.object_type = x.object_type AND o2.object_id = x.object_id AND o2.property = x.property))`,
    [tenantId, writesJson(writes)],
  );
  return r.rows[0]?.n ?? 0;
}

/**
 * The next batch: up to `limit` records whose pending values were queued first, with all their
 * pending values (the latest of each property). Failed values are left out until re-queued.
 */
export async function nextBatch(
  db: Queryable,
  tenantId: string,
  objectType: OutboxObjectType,
  limit = BATCH_SIZE,
): Promise<PendingWrite[]> {
  // The oldest rows come off the seq index; a record has one row per property, so the first
  // SCAN_FACTOR x limit rows hold the `limit` oldest records (a batch with fewer is still correct).
  const head = await db.query<{ object_id: string }>(
    `SELECT object_id FROM hubspot_outbox WHERE tenant_id = $1 AND object_type = $2 AND failed_at IS NULL
     ORDER BY seq LIMIT $3`,
    [tenantId, objectType, limit * SCAN_FACTOR],
  );
  const ids = [...new Set(head.rows.map((r) => r.object_id))].slice(0, limit);
  if (ids.length === 0) return [];
  const r = await db.query<{ object_id: string; property: string; value: string | null; seq: string }>(
    `SELECT object_id, property, value, seq::text AS seq FROM hubspot_outbox
     WHERE tenant_id = $1 AND object_type = $2 AND failed_at IS NULL AND object_id = ANY ($3::text[])
     ORDER BY property`,
    [tenantId, objectType, ids],
  );
  const order = new Map(ids.map((id, i) => [id, i]));
  return r.rows
    .map((row) => ({
      objectType,
      objectId: row.object_id,
      property: row.property,
      value: row.value,
      seq: row.seq,
    }))
    .sort((x, y) => order.get(x.objectId)! - order.get(y.objectId)!);
}

const keyed = (writes: readonly PendingWrite[]) => writesJson(writes, (w) => ({ seq: w.seq }));

/**
 * HubSpot acknowledged these values: they become the synced values, and their outbox rows are
 * deleted, but only when still at the acknowledged sequence (a newer value stays queued).
 */
export async function acknowledge(
  db: Database,
  tenantId: string,
  writes: readonly PendingWrite[],
): Promise<void> {
  if (writes.length === 0) return;
  await db.transaction(async (tx) => {
    await tx.query(
      `DELETE FROM hubspot_outbox o USING jsonb_to_recordset($2::jsonb)
         AS x(object_type text, object_id text, property text, value text, seq bigint)
       WHERE o.tenant_id = $1 AND o.object_type = x.object_type AND o.object_id = x.object_id
         AND o.property = x.property AND o.seq = x.seq`,
      [tenantId, keyed(writes)],
    );
    await tx.query(
      `INSERT INTO hubspot_synced (tenant_id, object_type, object_id, property, value)
       SELECT $1, x.object_type, x.object_id, x.property, x.value
       FROM jsonb_to_recordset($2::jsonb) AS x(object_type text, object_id text, property text, value text, seq bigint)
       ON CONFLICT (tenant_id, object_type, object_id, property) DO UPDATE
         SET value = excluded.value, synced_at = now()`,
      [tenantId, keyed(writes)],
    );
  });
}

/**
 * Sets values aside that HubSpot refused for good (record deleted, value invalid): they stay in
 * the outbox with the reason, and a newer value for the same property queues normally again.
 */
export async function markFailed(
  db: Queryable,
  tenantId: string,
  writes: readonly PendingWrite[],
  error: string,
): Promise<void> {
  if (writes.length === 0) return;
  await db.query(
    `UPDATE hubspot_outbox o SET failed_at = now(), error = $3
     FROM jsonb_to_recordset($2::jsonb) AS x(object_type text, object_id text, property text, value text, seq bigint)
     WHERE o.tenant_id = $1 AND o.object_type = x.object_type AND o.object_id = x.object_id
       AND o.property = x.property AND o.seq = x.seq`,
    [tenantId, keyed(writes), error.slice(0, 500)],
  );
}

/** Pending and failed values of a tenant, per object type. */
export async function outboxStatus(
  db: Queryable,
  tenantId: string,
): Promise<{ pending: number; pendingObjects: number; failed: number }> {
  const r = await db.query<{ pending: number; objects: number; failed: number }>(
    `SELECT count(*) FILTER (WHERE failed_at IS NULL)::int AS pending,
            count(DISTINCT object_type || ':' || object_id) FILTER (WHERE failed_at IS NULL)::int AS objects,
            count(*) FILTER (WHERE failed_at IS NOT NULL)::int AS failed
     FROM hubspot_outbox WHERE tenant_id = $1`,
    [tenantId],
  );
  const row = r.rows[0];
  return { pending: row?.pending ?? 0, pendingObjects: row?.objects ?? 0, failed: row?.failed ?? 0 };
}
