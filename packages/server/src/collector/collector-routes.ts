import { z } from 'zod';
import { IdSchema, ResponseSchema, SurveyDefinitionSchema, VersionNumberSchema } from '@cxkit/core';
import type { Feature } from '../app-context.js';
import { identityOf } from '../auth.js';
import { AcceptedSchema, ResponsesBatchSchema, acceptResponses, parseResponsesBody } from './collector.js';
import { getSetting } from '../admin/config-store.js';
import { EligibilityQuerySchema, EligibilitySchema, checkEligibility } from './eligibility.js';
import { HttpError } from '../http-error.js';
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
        const survey = await s.surveys.get(c.get('tenant').id, id, version);
        if (!survey) throw new HttpError(404, 'survey/not-found', `no survey "${id}"`);
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
        const survey = await s.surveys.get(tenant.id, q.survey);
        if (!survey) throw new HttpError(404, 'survey/not-found', `no survey "${q.survey}"`);
        const identity = await identityOf(c, s.now());
        // Asking about a person or a named account reveals their history: only with a matching token,
        // except on anonymous surveys, where no respondent is tracked.
        if (identity) {
          if (identity.acc !== q.account || (q.respondent !== undefined && q.respondent !== identity.sub))
            throw new HttpError(
              403,
              'identity/mismatch',
              'account or respondent does not match the identity token',
            );
        } else if (!survey.anonymous) {
          throw new HttpError(
            401,
            'identity/required',
            `survey "${survey.id}" needs a signed identity token`,
          );
        }
        const respondent = survey.anonymous ? undefined : (identity?.sub ?? q.respondent);
        const caps = await getSetting(s.db, tenant.id, 'fatigue');
        return c.json(
          await checkEligibility(s.db, tenant.id, survey, q.account, respondent, caps, s.now()),
          200,
        );
      },
    );
  },
};
