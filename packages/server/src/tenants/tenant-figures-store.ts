import type { Queryable } from '../db/database.js';

/** The kinds the tenant-level figures cover. */
export type TenantKind = 'nps' | 'csat' | 'ces';

/** A tenant's answer counts of one kind and scale, vouched or not (`c0`..`c10`: answers per value). */
export interface TenantScoreRow {
  vouched: boolean;
  kind: TenantKind;
  scale_min: number;
  scale_max: number;
  polarity: 'higher-is-better' | 'higher-is-worse';
  cant_recommend: number;
  skipped: number;
  [count: `c${number}`]: number;
}

const SUMS = [...Array.from({ length: 11 }, (_, i) => `c${i}`), 'cant_recommend', 'skipped']
  .map((c) => `sum(${c})::int AS ${c}`)
  .join(', ');

/**
 * A tenant's NPS, CSAT and CES answer counts from `fromMonth` to `toMonth`, per kind and scale:
 * vouched answers (signed identity) and unvouched ones in separate rows.
 */
export async function tenantScoreAggregates(
  db: Queryable,
  tenantId: string,
  fromMonth: string,
  toMonth: string,
): Promise<TenantScoreRow[]> {
  const r = await db.query<TenantScoreRow>(
    `SELECT true AS vouched, kind, scale_min, scale_max, polarity, ${SUMS}
     FROM score_aggregates WHERE tenant_id = $1 AND month >= $2 AND month <= $3 AND kind IN ('nps', 'csat', 'ces')
     GROUP BY kind, scale_min, scale_max, polarity
     UNION ALL
     SELECT false AS vouched, kind, scale_min, scale_max, polarity, ${SUMS}
     FROM unvouched_score_aggregates WHERE tenant_id = $1 AND month >= $2 AND month <= $3
       AND kind IN ('nps', 'csat', 'ces')
     GROUP BY kind, scale_min, scale_max, polarity`,
    [tenantId, fromMonth, toMonth],
  );
  return r.rows;
}
