import { z } from 'zod';
import { IdSchema, ResponseSchema, SurveyDefinitionSchema, VersionNumberSchema } from '@cxkit/core';
import type { Feature } from '../app-context.js';
import { identityOf } from '../auth.js';
import { AcceptedSchema, ResponsesBatchSchema, acceptResponses, parseResponsesBody } from './collector.js';
import { EligibilityQuerySchema, EligibilitySchema } from './eligibility.js';
import { HttpError } from '../http-error.js';
import { assertOwnIdentity, requireSurvey, respondentEligibility } from './eligibility-request.js';
import { readJsonBody } from '../json-body.js';
import { defineRoute } from '../route-definition.js';

const SurveyParamsSchema = z.strictObject({ id: IdSchema });
const SurveyQuerySchema = z.strictObject({ version: z.coerce.number().pipe(VersionNumberSchema).optional() });

/** The widget-facing collector: responses, survey definitions, eligibility. */
export const collectorFeature: Feature = {
  name: 'collector',
  mount(app, s) {
    // CORS is mounted by the app before the rate and body limits (collector-cors.ts).
    defineRoute(
      app,
      s,
      {
        method: 'post',
        path: '/v1/responses',
        summary: 'Submit one response or a batch; idempotent by response id, acknowledged after commit.',
        tag: 'collector',
        auth: 'siteKey+identity',
        body: z.union([ResponseSchema, ResponsesBatchSchema]),
        // The batch limit is configured, and each response's issues are prefixed with its index.
        readBody: async (c) => {
          const body = await readJsonBody(c);
          return {
            responses: parseResponsesBody(body, s.config.MAX_BATCH),
            batched: typeof body === 'object' && body !== null && 'responses' in body,
          };
        },
        responses: { 200: { description: 'Stored (or already stored) responses', schema: AcceptedSchema } },
      },
      async (c, { body: { responses, batched } }) => {
        const identity = await identityOf(c, s.now());
        const accepted = await acceptResponses(
          s.db,
          s.surveys,
          c.get('tenant').id,
          identity,
          responses,
          batched,
          s.now(),
        );
        return c.json({ accepted }, 200);
      },
    );

    defineRoute(
      app,
      s,
      {
        method: 'get',
        path: '/v1/surveys/:id',
        summary: 'The survey definition the widget renders (latest version unless `version` is given).',
        tag: 'collector',
        auth: 'siteKey',
        params: SurveyParamsSchema,
        query: SurveyQuerySchema,
        responses: { 200: { description: 'Survey definition', schema: SurveyDefinitionSchema } },
      },
      async (c, { params: { id }, query: { version } }) => {
        const survey = await requireSurvey(s, c.get('tenant').id, id, version);
        // The body depends on the site key: a shared cache must not serve one tenant's survey to
        // another, so only the browser may keep it, per site key.
        c.header('Cache-Control', 'private, max-age=60');
        c.header('Vary', 'X-Cx-Site-Key', { append: true });
        return c.json(survey, 200);
      },
    );

    defineRoute(
      app,
      s,
      {
        method: 'get',
        path: '/v1/eligibility',
        summary: 'Server-side fatigue veto: may this survey be shown to this person of this account now?',
        tag: 'collector',
        auth: 'siteKey+identity',
        query: EligibilityQuerySchema,
        responses: { 200: { description: 'Eligibility', schema: EligibilitySchema } },
      },
      async (c, { query: q }) => {
        const tenant = c.get('tenant');
        const survey = await requireSurvey(s, tenant.id, q.survey);
        const identity = await identityOf(c, s.now());
        // Asking about a person or a named account reveals their history: only with a matching token,
        // except on anonymous surveys, where no respondent is tracked.
        if (identity) {
          assertOwnIdentity(identity, q.account, q.respondent);
        } else if (!survey.anonymous) {
          throw new HttpError(
            401,
            'identity/required',
            `survey "${survey.id}" needs a signed identity token`,
          );
        }
        return c.json(
          await respondentEligibility(s, tenant.id, survey, q.account, identity, q.respondent),
          200,
        );
      },
    );
  },
};
