import { z } from 'zod';
import { IdSchema, type SurveyDefinition } from '@cxkit/core';
import type { Queryable } from '../db/database.js';
import { countVouchedUpTo, respondentLastAnswers } from './eligibility-store.js';
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
    const row = await respondentLastAnswers(db, tenantId, accountId, respondentId, survey.id);
    const age = (t: Date | string | null | undefined) =>
      t ? now.getTime() - new Date(t).getTime() : Infinity;
    if (age(row?.last_same) < survey.fatigueDays * day)
      return { eligible: false, reason: 'survey-answered-recently' };
    if (age(row?.last_any) < caps.respondentCooldownDays * day)
      return { eligible: false, reason: 'respondent-cooldown' };
  }
  const since = new Date(now.getTime() - caps.accountWindowDays * day).toISOString();
  if (
    (await countVouchedUpTo(db, tenantId, accountId, since, caps.accountMaxResponses)) >=
    caps.accountMaxResponses
  )
    return { eligible: false, reason: 'account-cap' };
  return { eligible: true };
}
