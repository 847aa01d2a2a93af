import { z } from 'zod';
import { IdSchema, type SurveyDefinition } from '@cxkit/core';
import type { Queryable } from '../db/database.js';
import type { FatigueSettings } from '../admin/config-store.js';

/** Query of `GET /v1/eligibility`. */
export const EligibilityQuerySchema = z.strictObject({
  survey: IdSchema,
  account: z.string().min(1).max(128),
  respondent: z.string().min(1).max(128).optional(),
});

/** Reply of `GET /v1/eligibility`. */
export const EligibilitySchema = z.strictObject({
  eligible: z.boolean(),
  reason: z.enum(['survey-answered-recently', 'respondent-cooldown', 'account-cap']).optional(),
});

/** Whether the widget may show a survey now, and why not. */
export type Eligibility = z.infer<typeof EligibilitySchema>;

/**
 * The server-side fatigue veto, across the person's devices (seed 003: listened to, not over-solicited):
 * the same survey not within its `fatigueDays`, no survey at all within the respondent cooldown,
 * and at most `accountMaxResponses` answers per account per `accountWindowDays`.
 */
export async function checkEligibility(
  db: Queryable,
  tenantId: string,
  survey: SurveyDefinition,
  accountId: string,
  respondentId: string | undefined,
  caps: FatigueSettings,
  now: Date = new Date(),
): Promise<Eligibility> {
  const day = 86_400_000;
  if (respondentId !== undefined) {
    const r = await db.query<{ last_same: Date | string | null; last_any: Date | string | null }>(
      `SELECT max(answered_at) FILTER (WHERE survey_id = $4) AS last_same, max(answered_at) AS last_any
       FROM responses WHERE tenant_id = $1 AND account_id = $2 AND respondent_id = $3`,
      [tenantId, accountId, respondentId, survey.id],
    );
    const row = r.rows[0];
    const age = (t: Date | string | null | undefined) =>
      t ? now.getTime() - new Date(t).getTime() : Infinity;
    if (age(row?.last_same) < survey.fatigueDays * day)
      return { eligible: false, reason: 'survey-answered-recently' };
    if (age(row?.last_any) < caps.respondentCooldownDays * day)
      return { eligible: false, reason: 'respondent-cooldown' };
  }
  const since = new Date(now.getTime() - caps.accountWindowDays * day).toISOString();
  const c = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM responses WHERE tenant_id = $1 AND account_id = $2
       AND answered_at >= $3 AND vouched LIMIT $4) AS recent`,
    [tenantId, accountId, since, caps.accountMaxResponses],
  );
  if ((c.rows[0]?.n ?? 0) >= caps.accountMaxResponses) return { eligible: false, reason: 'account-cap' };
  return { eligible: true };
}
