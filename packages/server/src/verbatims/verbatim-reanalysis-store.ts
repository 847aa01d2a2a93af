import type { Queryable } from '../db/database.js';
import { type ReanalysisStatus, REANALYSIS_ENTITY } from './verbatim-reanalysis.js';

/** The status of a tenant's latest re-analysis request. */
export async function reanalysisStatus(db: Queryable, tenantId: string): Promise<ReanalysisStatus> {
  const r = await db.query<{ requested_at: Date | string | null; actor: string | null; remaining: number }>(
    `WITH req AS (SELECT changed_at, actor FROM config_versions
                  WHERE tenant_id = $1 AND entity = $2 AND entity_id = '' ORDER BY version DESC LIMIT 1)
     SELECT req.changed_at AS requested_at, req.actor,
            (SELECT count(*)::int FROM verbatim_analyses v
             WHERE v.tenant_id = $1 AND v.analyzed_at < req.changed_at) AS remaining
     FROM (SELECT 1) one LEFT JOIN req ON true`,
    [tenantId, REANALYSIS_ENTITY],
  );
  const row = r.rows[0];
  return {
    requestedAt: row?.requested_at ? new Date(row.requested_at).toISOString() : null,
    requestedBy: row?.actor ?? null,
    remaining: Number(row?.remaining ?? 0),
  };
}

// Each tenant's latest request, as text so the microseconds a JS Date would drop are kept.
const REQUESTS = `
SELECT tenant_id, max(changed_at)::text AS requested_at FROM config_versions
WHERE entity = $1 AND entity_id = '' GROUP BY tenant_id ORDER BY tenant_id`;

/** Each tenant's latest re-analysis request (its time as text, so the microseconds are kept). */
export async function reanalysisRequests(
  db: Queryable,
): Promise<{ tenant_id: string; requested_at: string }[]> {
  const r = await db.query<{ tenant_id: string; requested_at: string }>(REQUESTS, [REANALYSIS_ENTITY]);
  return r.rows;
}
