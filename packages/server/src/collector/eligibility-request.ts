import type { SurveyDefinition } from '@cxkit/core';
import { getSetting } from '../admin/config-store.js';
import type { AppServices } from '../app-context.js';
import { HttpError } from '../http-error.js';
import type { IdentityClaims } from '../tenants/identity-token.js';
import { checkEligibility, type Eligibility } from './eligibility.js';

/** The tenant's survey (a version of it when given), or the collector's 404 `survey/not-found`. */
export async function requireSurvey(
  s: AppServices,
  tenantId: string,
  id: string,
  version?: number,
): Promise<SurveyDefinition> {
  const survey = await s.surveys.get(tenantId, id, version);
  if (!survey) throw new HttpError(404, 'survey/not-found', `no survey "${id}"`);
  return survey;
}

/**
 * Checks that a signed identity is the asked account's (and respondent's): asking about a person or a named account
 * reveals their history, so only their own token may (403 `identity/mismatch`).
 */
export function assertOwnIdentity(
  identity: IdentityClaims,
  account: string,
  respondent: string | undefined,
): void {
  if (identity.acc !== account || (respondent !== undefined && respondent !== identity.sub))
    throw new HttpError(403, 'identity/mismatch', 'account or respondent does not match the identity token');
}

/**
 * The eligibility of the account (and its respondent: the token's, else the asked one) under the tenant's fatigue
 * caps; an anonymous survey tracks no respondent, so only the account's history counts.
 */
export async function respondentEligibility(
  s: AppServices,
  tenantId: string,
  survey: SurveyDefinition,
  account: string,
  identity: IdentityClaims | undefined,
  askedRespondent: string | undefined,
): Promise<Eligibility> {
  const respondent = survey.anonymous ? undefined : (identity?.sub ?? askedRespondent);
  const caps = await getSetting(s.db, tenantId, 'fatigue');
  return checkEligibility(s.db, tenantId, survey, account, respondent, caps, s.now());
}
