import { emptySummary, scoredCount, type AccountMonthSummary, type ScoredAlertMetric } from '@cxkit/core';
import type { Queryable } from '../db/database.js';
import { scoreSumColumns, type ScoreSums } from '../db/score-sums-store.js';

interface HistoryRow extends ScoreSums {
  account_id: string;
  role: string;
  month: string;
  kind: ScoredAlertMetric;
}

/**
 * A tenant's monthly answers per account, role and metric from `first` to `last` (month keys), from the monthly
 * aggregates (never the raw answers), as a replay of alert rules reads them. Each metric keeps the scale most
 * of its answers used: summaries on different scales cannot merge, as in the live evaluation.
 */
export async function loadAccountMonthSummaries(
  db: Queryable,
  tenantId: string,
  metrics: readonly ScoredAlertMetric[],
  first: string,
  last: string,
): Promise<AccountMonthSummary[]> {
  if (metrics.length === 0) return [];
  const r = await db.query<HistoryRow>(
    `SELECT account_id, role, month, kind, scale_min, scale_max, polarity, ${scoreSumColumns()}
     FROM score_aggregates WHERE tenant_id = $1 AND kind = ANY($2::text[]) AND month >= $3 AND month <= $4
     GROUP BY account_id, role, month, kind, scale_min, scale_max, polarity
     ORDER BY kind, account_id, role, month`,
    [tenantId, metrics, first, last],
  );
  const rows = r.rows.map((row) => {
    const s = emptySummary(row.kind, { min: row.scale_min, max: row.scale_max, polarity: row.polarity });
    for (let v = row.scale_min; v <= row.scale_max; v++)
      s.counts[v - row.scale_min] = Number(row[`c${v}`] ?? 0);
    s.cantRecommend = Number(row.cant_recommend);
    s.skipped = Number(row.skipped);
    return { row, summary: s, scale: `${row.kind}|${row.scale_min}|${row.scale_max}|${row.polarity}` };
  });
  const weight = new Map<string, number>();
  for (const x of rows) weight.set(x.scale, (weight.get(x.scale) ?? 0) + scoredCount(x.summary));
  const best = new Map<string, string>();
  for (const [scale, n] of [...weight].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
    const kind = scale.split('|')[0]!;
    if (!best.has(kind) && n >= 0) best.set(kind, scale);
  }
  return rows
    .filter((x) => best.get(x.row.kind) === x.scale)
    .map(({ row, summary }) => ({
      accountId: row.account_id,
      ...(row.role === '' ? {} : { role: row.role }),
      metric: row.kind,
      month: row.month,
      summary,
    }));
}
