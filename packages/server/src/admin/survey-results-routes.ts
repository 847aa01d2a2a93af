import { z } from 'zod';
import { IdSchema } from '@cxkit/core';
import type { Feature } from '../app-context.js';
import { HttpError } from '../http-error.js';
import { defineRoute } from '../route-definition.js';
import { SurveyResultsSchema, surveyResults } from './survey-results.js';
import { surveyAnswerCounts } from './survey-results-store.js';

const ParamsSchema = z.strictObject({ id: IdSchema });
const QuerySchema = z.strictObject({ version: z.coerce.number().int().min(1).max(2_147_483_647).optional() });

/**
 * `GET /v1/admin/surveys/:id/results`: per-question results of a survey version's single-choice,
 * multi-choice, ranking and matrix questions, each with its n.
 */
export const surveyResultsFeature: Feature = {
  name: 'survey-results',
  mount(app, s) {
    defineRoute(
      app,
      s,
      {
        method: 'get',
        path: '/v1/admin/surveys/:id/results',
        tag: 'admin',
        auth: 'adminKey',
        summary:
          'Results of a survey version (the latest by default): per single-choice and multi-choice option the count and share of respondents (Wilson), per ranking option the mean rank (t), share ranked first and Borda score, per matrix item n, mean (t) and top-box share; each with its n.',
        params: ParamsSchema,
        query: QuerySchema,
        responses: { 200: { description: 'Results', schema: SurveyResultsSchema } },
      },
      async (c, { params: { id }, query: { version } }) => {
        const tenantId = c.get('tenant').id;
        const survey = await s.surveys.get(tenantId, id, version);
        if (!survey)
          throw new HttpError(
            404,
            'survey/not-found',
            `no survey "${id}"${version ? ` version ${version}` : ''}`,
          );
        const counts = await surveyAnswerCounts(s.db, tenantId, id, survey.version);
        return c.json(surveyResults(survey, counts), 200);
      },
    );
  },
};
