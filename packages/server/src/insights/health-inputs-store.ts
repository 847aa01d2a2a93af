import type { ScoredKind } from '@cxkit/core';
import type { Queryable } from '../db/database.js';
import { scoreSumColumns, type ScoreSums } from '../db/score-sums-store.js';

/** One account's monthly survey totals of one kind and scale (roles and questions summed). */
export interface SurveyAggregateRow extends ScoreSums {
  /** The account. */
  account_id: string;
  /** YYYY-MM. */
  month: string;
  /** NPS, CSAT or CES. */
  kind: ScoredKind;
}

/** A former customer's monthly survey totals, with its current churn date. */
export interface LeaverAggregateRow extends SurveyAggregateRow {
  /** When the account churned. */
  churned_at: Date | string;
}

/** Every account's NPS, CSAT and CES monthly totals of the tenant from `fromMonth` to `toMonth` (YYYY-MM, inclusive). */
export async function loadSurveyAggregates(
  db: Queryable,
  tenantId: string,
  fromMonth: string,
  toMonth: string,
): Promise<SurveyAggregateRow[]> {
  const r = await db.query<SurveyAggregateRow>(
    `SELECT account_id, month, kind, scale_min, scale_max, polarity, ${scoreSumColumns()}
     FROM score_aggregates WHERE tenant_id = $1 AND month >= $2 AND month <= $3 AND kind IN ('nps', 'csat', 'ces')
     GROUP BY account_id, month, kind, scale_min, scale_max, polarity`,
    [tenantId, fromMonth, toMonth],
  );
  return r.rows;
}

/**
 * The survey totals of accounts that churned before `before`, over their last `monthsBefore` + 1
 * months as customers (the churn month and the ones before it).
 */
export async function loadLeaverAggregates(
  db: Queryable,
  tenantId: string,
  before: Date,
  monthsBefore: number,
): Promise<LeaverAggregateRow[]> {
  const r = await db.query<LeaverAggregateRow>(
    `SELECT a.account_id, s.churned_at, a.month, a.kind, a.scale_min, a.scale_max, a.polarity, ${scoreSumColumns('a')}
     FROM score_aggregates a
     JOIN account_signals s ON s.tenant_id = a.tenant_id AND s.account_id = a.account_id
     WHERE a.tenant_id = $1 AND s.churned_at IS NOT NULL AND s.churned_at < $2::timestamptz
       AND a.kind IN ('nps', 'csat', 'ces')
       AND a.month <= to_char(s.churned_at AT TIME ZONE 'UTC', 'YYYY-MM')
       AND a.month >= to_char(date_trunc('month', s.churned_at AT TIME ZONE 'UTC') - make_interval(months => $3), 'YYYY-MM')
     GROUP BY a.account_id, s.churned_at, a.month, a.kind, a.scale_min, a.scale_max, a.polarity`,
    [tenantId, before.toISOString(), monthsBefore],
  );
  return r.rows;
}

/** An account's display name and last survey answer. */
export interface AccountAnswerRow {
  /** The account. */
  accountId: string;
  /** Display name, if known. */
  name: string | null;
  /** Last answer, if any. */
  lastAnsweredAt: Date | null;
}

/** Every account of the tenant with its name and last answer (today's). */
export async function loadAccountAnswers(db: Queryable, tenantId: string): Promise<AccountAnswerRow[]> {
  const r = await db.query<{
    account_id: string;
    name: string | null;
    last_answered_at: Date | string | null;
  }>('SELECT account_id, name, last_answered_at FROM accounts WHERE tenant_id = $1', [tenantId]);
  return r.rows.map((row) => ({
    accountId: row.account_id,
    name: row.name,
    lastAnsweredAt: row.last_answered_at ? new Date(row.last_answered_at) : null,
  }));
}

/** An account's last vouched answer within one interval between cut-offs. */
export interface AnswerBucketRow {
  /** The account. */
  accountId: string;
  /** Display name, if known. */
  name: string | null;
  /** 0: before the first cut-off; k: from cut-off k - 1 (inclusive) to cut-off k (exclusive), 0-based cut-offs. */
  bucket: number;
  /** The last answer in that interval. */
  lastAnsweredAt: Date;
}

/**
 * The last vouched answer of every account in each interval between the ascending `cutoffs`
 * (answers from the last cut-off on are not read): one grouped scan of the answers instead of one
 * per cut-off. The last answer before cut-off k is the latest of buckets 0..k.
 */
export async function loadAnswerBuckets(
  db: Queryable,
  tenantId: string,
  cutoffs: readonly Date[],
): Promise<AnswerBucketRow[]> {
  const last = cutoffs[cutoffs.length - 1];
  if (!last) return [];
  const r = await db.query<{
    account_id: string;
    name: string | null;
    bucket: number;
    last_answered_at: Date | string;
  }>(
    `SELECT a.account_id, a.name, b.bucket, b.last_answered_at FROM accounts a
     JOIN (SELECT account_id, width_bucket(answered_at, $2::timestamptz[]) AS bucket, max(answered_at) AS last_answered_at
           FROM responses WHERE tenant_id = $1 AND answered_at < $3 AND vouched
           GROUP BY account_id, bucket) b ON b.account_id = a.account_id
     WHERE a.tenant_id = $1`,
    [tenantId, cutoffs.map((c) => c.toISOString()), last.toISOString()],
  );
  return r.rows.map((row) => ({
    accountId: row.account_id,
    name: row.name,
    bucket: Number(row.bucket),
    lastAnsweredAt: new Date(row.last_answered_at),
  }));
}
