import type { ScoredKind } from '@cxkit/core';
import type { Queryable } from '../db/database.js';
import { scoreSumColumns, type ScoreSums } from '../db/score-sums-store.js';

/** Monthly answer counts of one kind, role and scale (`c0`..`c10`: answers per value). */
export interface AggregateRow extends ScoreSums {
  month: string;
  kind: ScoredKind;
  role: string;
}

/** An account's monthly score aggregates from `fromMonth` to `toMonth` (keys as `periodKey` makes them). */
export async function accountScoreAggregates(
  db: Queryable,
  tenantId: string,
  accountId: string,
  fromMonth: string,
  toMonth: string,
): Promise<AggregateRow[]> {
  const r = await db.query<AggregateRow>(
    `SELECT month, kind, role, scale_min, scale_max, polarity, ${scoreSumColumns()}
     FROM score_aggregates WHERE tenant_id = $1 AND account_id = $2 AND month >= $3 AND month <= $4
     GROUP BY month, kind, role, scale_min, scale_max, polarity`,
    [tenantId, accountId, fromMonth, toMonth],
  );
  return r.rows;
}

/** An account's stored record: its name and answer counters. */
export interface AccountRecord {
  /** Display name (HubSpot's company name once linked). */
  name: string | null;
  /** Responses stored. */
  responses: number;
  /** When its latest answer was given. */
  last_answered_at: Date | string | null;
}

/** An account's record, or undefined when it has none. */
export async function findAccount(
  db: Queryable,
  tenantId: string,
  accountId: string,
): Promise<AccountRecord | undefined> {
  const r = await db.query<AccountRecord>(
    'SELECT name, responses, last_answered_at FROM accounts WHERE tenant_id = $1 AND account_id = $2',
    [tenantId, accountId],
  );
  return r.rows[0];
}

/** How many vouched responses of an account were answered since `since`. */
export async function countVouchedResponsesSince(
  db: Queryable,
  tenantId: string,
  accountId: string,
  since: Date,
): Promise<number> {
  const r = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM responses WHERE tenant_id = $1 AND account_id = $2 AND answered_at >= $3 AND vouched',
    [tenantId, accountId, since.toISOString()],
  );
  return r.rows[0]?.n ?? 0;
}

/** A response with open answers, as the account view quotes it. */
export interface VerbatimResponse {
  /** The response id. */
  id: string;
  /** When it was answered. */
  answered_at: Date | string;
  /** The respondent's role. */
  role: string | null;
  /** Its answers, as stored. */
  answers: unknown;
}

/** An account's latest `limit` vouched responses with open answers, newest first. */
export async function latestVerbatimResponses(
  db: Queryable,
  tenantId: string,
  accountId: string,
  limit: number,
): Promise<VerbatimResponse[]> {
  const r = await db.query<VerbatimResponse>(
    `SELECT id::text AS id, answered_at, role, answers FROM responses
     WHERE tenant_id = $1 AND account_id = $2 AND has_text AND vouched ORDER BY answered_at DESC LIMIT $3`,
    [tenantId, accountId, limit],
  );
  return r.rows;
}

/** A respondent's latest score of one kind. */
export interface LatestRow {
  kind: ScoredKind;
  scale_min: number;
  scale_max: number;
  polarity: 'higher-is-better' | 'higher-is-worse';
  respondent_id: string;
  role: string | null;
  value: number | null;
  cant_recommend: boolean;
  answered_at: Date | string;
}

/** Each respondent's latest score of each kind of an account, answered between `from` and `to`. */
export async function latestScoresOfAccount(
  db: Queryable,
  tenantId: string,
  accountId: string,
  from: Date,
  to: Date,
): Promise<LatestRow[]> {
  const r = await db.query<LatestRow>(
    `SELECT kind, respondent_id, role, value, cant_recommend, answered_at, scale_min, scale_max, polarity
     FROM latest_scores
     WHERE tenant_id = $1 AND account_id = $2 AND answered_at >= $3 AND answered_at <= $4`,
    [tenantId, accountId, from.toISOString(), to.toISOString()],
  );
  return r.rows;
}
