import type { Queryable } from '../db/database.js';

/** When a respondent of an account last answered: this survey, and any survey. */
export interface LastAnswers {
  /** Latest answer to the survey asked about. */
  last_same: Date | string | null;
  /** Latest answer to any survey. */
  last_any: Date | string | null;
}

/** When a respondent of an account last answered `surveyId`, and any survey. */
export async function respondentLastAnswers(
  db: Queryable,
  tenantId: string,
  accountId: string,
  respondentId: string,
  surveyId: string,
): Promise<LastAnswers | undefined> {
  const r = await db.query<LastAnswers>(
    `SELECT max(answered_at) FILTER (WHERE survey_id = $4) AS last_same, max(answered_at) AS last_any
     FROM responses WHERE tenant_id = $1 AND account_id = $2 AND respondent_id = $3`,
    [tenantId, accountId, respondentId, surveyId],
  );
  return r.rows[0];
}

/** How many vouched responses of an account were answered since `since`, counting up to `cap` only. */
export async function countVouchedUpTo(
  db: Queryable,
  tenantId: string,
  accountId: string,
  since: string,
  cap: number,
): Promise<number> {
  const r = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM responses WHERE tenant_id = $1 AND account_id = $2
       AND answered_at >= $3 AND vouched LIMIT $4) AS recent`,
    [tenantId, accountId, since, cap],
  );
  return r.rows[0]?.n ?? 0;
}
