import { randomUUID } from 'node:crypto';
import type { ResponseInput, SurveyDefinitionInput } from '@cxkit/core';
import {
  createApp,
  createTenant,
  loadConfig,
  mintIdentityToken,
  saveVersion,
  type Config,
  type CreatedTenant,
  type Database,
} from '@cxkit/server';
import { pino } from 'pino';

/** A relationship survey with NPS, a why? follow-up, CSAT 1-5 and CES 1-7. */
export const RELATIONSHIP_SURVEY: SurveyDefinitionInput = {
  id: 'relationship',
  title: { en: 'How are we doing?' },
  questions: [
    { id: 'nps', kind: 'nps', text: { en: 'How likely are you to recommend us?' } },
    { id: 'why', kind: 'text', text: { en: 'Why?' }, maxLength: 500 },
    { id: 'csat', kind: 'csat', text: { en: 'How satisfied are you?' } },
    { id: 'ces', kind: 'ces', text: { en: 'We made it easy.' } },
  ],
};

/** An anonymous one-click pulse (seed 003). */
export const PULSE_SURVEY: SurveyDefinitionInput = {
  id: 'pulse',
  anonymous: true,
  questions: [
    { id: 'mood', kind: 'csat', display: 'smileys', scale: { min: 1, max: 3 }, text: { en: 'Today?' } },
  ],
};

/** Configuration for in-process tests: quiet, generous limits unless overridden. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return loadConfig(
    {},
    {
      LOG_LEVEL: 'silent',
      RATE_LIMIT_IP_PER_SEC: 100_000,
      RATE_LIMIT_IP_BURST: 100_000,
      RATE_LIMIT_SITE_PER_SEC: 100_000,
      RATE_LIMIT_SITE_BURST: 100_000,
      // Tests that want the recomputation after answers ask for it.
      INSIGHTS_AFTER_ANSWER_MS: 0,
      ...overrides,
    },
  );
}

/** A tenant with the two surveys published. */
export async function seedTenant(
  db: Database,
  id = 'acme',
  origins = ['https://app.acme.test'],
): Promise<CreatedTenant> {
  const t = await createTenant(db, { id, name: id.toUpperCase(), allowedOrigins: origins });
  for (const s of [RELATIONSHIP_SURVEY, PULSE_SURVEY])
    await saveVersion(db, t.id, 'survey', s.id, { ...s, version: 1 }, 'test');
  return t;
}

/** An in-process app with a quiet logger. */
export function testApp(db: Database, overrides: Partial<Config> = {}, now?: () => Date) {
  return createApp({
    db,
    config: testConfig(overrides),
    logger: pino({ level: 'silent' }),
    ...(now ? { now } : {}),
  });
}

/** A response to the relationship survey. */
export function npsResponse(
  accountId: string,
  respondentId: string,
  score: number | 'cant-recommend' | null,
  extra: Partial<ResponseInput> & { why?: string; csat?: number; ces?: number } = {},
): ResponseInput {
  const { why, csat, ces, ...rest } = extra;
  return {
    id: randomUUID(),
    surveyId: 'relationship',
    accountId,
    respondentId,
    answeredAt: new Date().toISOString(),
    answers: [
      { kind: 'nps', questionId: 'nps', value: score },
      ...(why === undefined ? [] : [{ kind: 'text' as const, questionId: 'why', value: why }]),
      ...(csat === undefined ? [] : [{ kind: 'csat' as const, questionId: 'csat', value: csat }]),
      ...(ces === undefined ? [] : [{ kind: 'ces' as const, questionId: 'ces', value: ces }]),
    ],
    ...rest,
  };
}

/** Headers of a widget request for `respondent` of `account`. */
export function widgetHeaders(
  t: CreatedTenant,
  identity?: { account: string; respondent: string; role?: string },
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-cx-site-key': t.siteKey,
    ...(identity
      ? {
          authorization: `Bearer ${mintIdentityToken(
            {
              accountId: identity.account,
              respondentId: identity.respondent,
              ...(identity.role ? { role: identity.role } : {}),
            },
            t.signingSecret,
          )}`,
        }
      : {}),
    ...extra,
  };
}

/** Headers of an admin request. */
export const adminHeaders = (t: CreatedTenant, extra: Record<string, string> = {}) => ({
  'content-type': 'application/json',
  authorization: `Bearer ${t.adminKey}`,
  ...extra,
});

/** A reply's JSON body; tests inspect arbitrary shapes, so it is untyped on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const json = (res: Response): Promise<any> => res.json();
