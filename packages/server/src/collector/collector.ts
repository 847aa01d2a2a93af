import { z } from 'zod';
import { ResponseSchema, SurveyDefinitionSchema, type Response, type SurveyDefinition } from '@cxkit/core';
import type { Database } from '../db/database.js';
import { latestVersion } from '../admin/config-store.js';
import { HttpError, type FieldIssue } from '../http-error.js';
import type { IdentityClaims } from '../tenants/identity-token.js';
import { ResponseIdTaken, storeResponses, type Ack, type PreparedResponse } from './responses-store.js';
import { checkAnswersAgainstSurvey } from './survey-rules.js';
import { TtlCache } from '../ttl-cache.js';
import { fieldIssues } from '../validation.js';

/** `POST /v1/responses` body: one response, or `{ responses: [...] }`. */
export const ResponsesBatchSchema = z.strictObject({ responses: z.array(ResponseSchema).min(1) });

/** The acknowledgement of `POST /v1/responses`. */
export const AcceptedSchema = z.strictObject({
  accepted: z.array(z.strictObject({ id: z.string(), status: z.enum(['created', 'duplicate']) })),
});

/** Reads survey versions with a short cache: versions never change, "latest" may. */
export class SurveyRepository {
  readonly #cache = new TtlCache<SurveyDefinition>(5_000);

  constructor(private readonly db: Database) {}

  /** A survey version (the latest when `version` is omitted), or undefined. */
  async get(tenantId: string, surveyId: string, version?: number): Promise<SurveyDefinition | undefined> {
    return this.#cache.get(`${tenantId}\u0000${surveyId}\u0000${version ?? 'latest'}`, async () => {
      const v = await latestVersion(this.db, tenantId, 'survey', surveyId, version);
      return v && SurveyDefinitionSchema.parse(v.value);
    });
  }

  /** Forgets cached versions (after an admin change). */
  invalidate(): void {
    this.#cache.clear();
  }
}

/**
 * Splits a request body into responses, validating each with the core schema and reporting
 * every problem with its full path (`responses.3.answers.0.value`).
 * @throws HttpError 400 with the field issues.
 */
export function parseResponsesBody(body: unknown, maxBatch: number): Response[] {
  const isBatch = typeof body === 'object' && body !== null && !Array.isArray(body) && 'responses' in body;
  if (!isBatch) {
    const r = ResponseSchema.safeParse(body);
    if (!r.success)
      throw new HttpError(400, 'validation/body', 'invalid body', { issues: fieldIssues(r.error) });
    return [r.data];
  }
  const outer = z.strictObject({ responses: z.array(z.unknown()).min(1).max(maxBatch) }).safeParse(body);
  if (!outer.success)
    throw new HttpError(400, 'validation/body', 'invalid body', { issues: fieldIssues(outer.error) });
  const issues: FieldIssue[] = [];
  const out: Response[] = [];
  outer.data.responses.forEach((item, i) => {
    const r = ResponseSchema.safeParse(item);
    if (r.success) out.push(r.data);
    else issues.push(...fieldIssues(r.error, ['responses', i]));
  });
  if (issues.length > 0) throw new HttpError(400, 'validation/body', 'invalid body', { issues });
  return out;
}

/**
 * Binds each response to the caller's identity and its survey, then stores the batch atomically.
 * With a verified token, the account, respondent and role come from the token (a response naming
 * another account, person or role is refused; a role the token does not sign is dropped); without
 * one, only anonymous surveys are accepted, and those unsigned answers are stored unvouched
 * (tenant-level figures only, never an account's). An answer dated more than
 * {@link MAX_ANSWER_CLOCK_SKEW_MS} in the future is dated at receipt. On anonymous
 * surveys the respondent id is never stored.
 * @throws HttpError 400 (answers do not fit the survey), 401 (identity required), 403 (identity
 * mismatch), 409 (a response id another identity already used).
 */
export async function acceptResponses(
  db: Database,
  surveys: SurveyRepository,
  tenantId: string,
  identity: IdentityClaims | undefined,
  responses: readonly Response[],
  batched: boolean,
  now: Date = new Date(),
): Promise<Ack[]> {
  const issues: FieldIssue[] = [];
  const prepared: PreparedResponse[] = [];
  for (const [i, original] of responses.entries()) {
    const prefix = batched ? `responses.${i}.` : '';
    const survey = await surveys.get(tenantId, original.surveyId, original.surveyVersion);
    if (!survey) {
      issues.push({
        path: `${prefix}surveyId`,
        rule: 'unknown_survey',
        message: `no survey "${original.surveyId}"${original.surveyVersion ? ` version ${original.surveyVersion}` : ''}`,
      });
      continue;
    }
    const bound = bindIdentity(original, survey, identity, prefix);
    const response = notAfter(bound.response, now);
    issues.push(...checkAnswersAgainstSurvey(response, survey, prefix));
    prepared.push({ response, survey, vouched: bound.vouched });
  }
  if (issues.length > 0)
    throw new HttpError(400, 'validation/survey', 'answers do not fit the survey', { issues });
  try {
    return await storeResponses(db, tenantId, prepared);
  } catch (e) {
    if (!(e instanceof ResponseIdTaken)) throw e;
    // The same answer for the same identity is a harmless repeat; an id someone else used is
    // refused (never "duplicate", which would silently lose this answer), saying nothing about whose it is.
    throw new HttpError(409, 'response/id-taken', 'response id already used: send the answer with a new id', {
      issues: e.indices.map((i) => ({
        path: batched ? `responses.${i}.id` : 'id',
        rule: 'id_taken',
        message: 'this id is already used; give the response a new id',
      })),
    });
  }
}

/**
 * Binds a response to the caller's identity. An answer is *vouched* when a token the host signed
 * names its account; only vouched answers move an account's figures (summary, health, churn, alerts).
 * Unsigned answers to an anonymous survey are kept and counted at the tenant level only, and keep
 * no role: a role weighs an answer, so only a signed one counts.
 */
function bindIdentity(
  r: Response,
  survey: SurveyDefinition,
  id: IdentityClaims | undefined,
  prefix: string,
): { response: Response; vouched: boolean } {
  if (!id) {
    if (!survey.anonymous)
      throw new HttpError(401, 'identity/required', `survey "${survey.id}" needs a signed identity token`);
    const { respondentId: _dropped, role: _unsigned, ...rest } = r;
    return { response: rest, vouched: false };
  }
  const mismatch = (field: string) =>
    new HttpError(403, 'identity/mismatch', `${prefix}${field} does not match the identity token`);
  if (id.svy !== undefined && r.surveyId !== id.svy) throw mismatch('surveyId');
  if (r.accountId !== id.acc) throw mismatch('accountId');
  if (r.respondentId !== undefined && r.respondentId !== id.sub) throw mismatch('respondentId');
  if (id.role !== undefined && r.role !== undefined && r.role !== id.role) throw mismatch('role');
  // The role weighs the answer, so with a token it counts only when the token signs it: a role the
  // respondent declares would let them raise their own weight.
  const { role: _declared, ...unroled } = r;
  const role = id.role;
  if (survey.anonymous) {
    const { respondentId: _dropped, ...rest } = unroled;
    return { response: { ...rest, ...(role === undefined ? {} : { role }) }, vouched: true };
  }
  if (id.sub === undefined)
    throw new HttpError(
      403,
      'identity/respondent-required',
      `survey "${survey.id}" is not anonymous: the identity token must name the respondent (sub)`,
    );
  return {
    response: { ...unroled, respondentId: id.sub, ...(role === undefined ? {} : { role }) },
    vouched: true,
  };
}

/** Largest clock skew accepted from a device before its answer is dated at receipt instead. */
export const MAX_ANSWER_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * An answer dated in the future (a device clock set wrong) is dated when it was received: kept,
 * since refusing it would lose it, but never allowed to outrank the person's later answers or to
 * stop them being surveyed until that date.
 */
function notAfter(r: Response, now: Date): Response {
  return Date.parse(r.answeredAt) > now.getTime() + MAX_ANSWER_CLOCK_SKEW_MS
    ? { ...r, answeredAt: now.toISOString() }
    : r;
}
