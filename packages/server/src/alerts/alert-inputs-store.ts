import type { AlertScope, ScoredAlertMetric } from '@cxkit/core';
import type { Queryable } from '../db/database.js';
import { scoreSumColumns, type ScoreSums } from '../db/score-sums-store.js';

/** One account's answers to one metric in one month on one scale, summed (`c0`..`c10` count each score). */
export interface AggregateRow extends ScoreSums {
  account_id: string;
  month: string;
}

/** A stored health or churn computation of an account. */
export interface InsightRow {
  account_id: string;
  computed_at: Date | string;
  payload: { score?: unknown; band?: unknown; probability?: unknown };
}

/** An analysed open answer with its response's answers. */
export interface NegativeVerbatimRow {
  response_id: string;
  question_id: string;
  account_id: string;
  answered_at: Date | string;
  sentiment_score: number;
  themes: string[];
  answers: unknown;
}

/** The scope's SQL filters on account and role, as extra conditions and parameters. */
function scopeFilter(scope: AlertScope, params: unknown[], alias = ''): string {
  const p = alias ? `${alias}.` : '';
  let sql = '';
  if (scope.type === 'account' && scope.accountId !== undefined) {
    params.push(scope.accountId);
    sql += ` AND ${p}account_id = $${params.length}`;
  }
  if (scope.type === 'segment' && scope.accountIds) {
    params.push(scope.accountIds);
    sql += ` AND ${p}account_id = ANY($${params.length}::text[])`;
  }
  if (scope.type === 'segment' && scope.role !== undefined) {
    params.push(scope.role);
    sql += ` AND ${p}role = $${params.length}`;
  }
  return sql;
}

/** The monthly score aggregates of a metric from month `first` to `last` (inclusive) in a rule's scope. */
export async function selectScoreAggregates(
  db: Queryable,
  tenantId: string,
  q: { metric: ScoredAlertMetric; first: string; last: string; scope: AlertScope },
): Promise<AggregateRow[]> {
  const params: unknown[] = [tenantId, q.metric, q.first, q.last];
  const filter = scopeFilter(q.scope, params);
  const r = await db.query<AggregateRow>(
    `SELECT account_id, month, scale_min, scale_max, polarity, ${scoreSumColumns()}
     FROM score_aggregates WHERE tenant_id = $1 AND kind = $2 AND month >= $3 AND month <= $4${filter}
     GROUP BY account_id, month, scale_min, scale_max, polarity ORDER BY account_id, month`,
    params,
  );
  return r.rows;
}

/**
 * Health or churn computations in [start, end), plus each such account's last one before `start` (for
 * crossings), in a rule's scope, leaving out accounts that churned by `now`.
 */
export async function selectInsightPoints(
  db: Queryable,
  tenantId: string,
  q: { kind: 'health' | 'churn'; start: Date; end: Date; now: Date; scope: AlertScope },
): Promise<InsightRow[]> {
  const params: unknown[] = [
    tenantId,
    q.kind,
    q.start.toISOString(),
    q.end.toISOString(),
    q.now.toISOString(),
  ];
  // A former customer keeps its last health score, but a CSM has nothing left to act on: no alert.
  const filter =
    scopeFilter(q.scope, params) +
    ` AND account_id NOT IN (SELECT account_id FROM account_signals
                             WHERE tenant_id = $1 AND churned_at <= $5::timestamptz)`;
  const r = await db.query<InsightRow>(
    `SELECT account_id, computed_at, payload FROM account_insights
     WHERE tenant_id = $1 AND kind = $2 AND computed_at >= $3 AND computed_at < $4${filter}
     UNION ALL
     (SELECT DISTINCT ON (account_id) account_id, computed_at, payload FROM account_insights
      WHERE tenant_id = $1 AND kind = $2 AND computed_at < $3${filter}
        AND account_id IN (SELECT account_id FROM account_insights WHERE tenant_id = $1 AND kind = $2
                           AND computed_at >= $3 AND computed_at < $4)
      ORDER BY account_id, computed_at DESC)`,
    params,
  );
  return r.rows;
}

/** Vouched analysed open answers since `since` with sentiment below `maxSentiment`, in a rule's scope. */
export async function selectNegativeVerbatims(
  db: Queryable,
  tenantId: string,
  q: { maxSentiment: number; since: Date; scope: AlertScope },
): Promise<NegativeVerbatimRow[]> {
  const params: unknown[] = [tenantId, q.maxSentiment, q.since.toISOString()];
  const filter = scopeFilter(q.scope, params, 'r');
  const r = await db.query<NegativeVerbatimRow>(
    `SELECT v.response_id::text AS response_id, v.question_id, v.account_id, v.answered_at, v.sentiment_score,
            v.themes, r.answers
     FROM verbatim_analyses v JOIN responses r ON r.tenant_id = v.tenant_id AND r.id = v.response_id
     WHERE v.tenant_id = $1 AND v.sentiment_score < $2 AND v.answered_at >= $3 AND r.vouched${filter}
     ORDER BY v.answered_at, v.response_id, v.question_id`,
    params,
  );
  return r.rows;
}
