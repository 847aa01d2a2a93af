import { z } from 'zod';
import { IdSchema, SurveyDefinitionSchema } from '@cxkit/core';
import type { Feature } from '../app-context.js';
import { identityOf, verifyTenantIdentity } from '../auth.js';
import { EligibilitySchema } from './eligibility.js';
import { assertOwnIdentity, requireSurvey, respondentEligibility } from './eligibility-request.js';
import { defineRoute } from '../route-definition.js';

/** Path of the widget's first request. */
export const FIRST_PAINT_PATH = '/v1/first-paint';

/** Query of `GET /v1/first-paint`: everything in the URL, so the request is a CORS "simple" one. */
export const FirstPaintQuerySchema = z.strictObject({
  /** Site key (the `X-Cx-Site-Key` of the other collector routes). */
  site: z.string().min(1).max(200),
  survey: IdSchema,
  account: z.string().min(1).max(128),
  respondent: z.string().min(1).max(128).optional(),
  /** Signed identity token (the `Authorization: Bearer` of the other collector routes). */
  token: z.string().min(1).max(2048).optional(),
});

/** Reply of `GET /v1/first-paint`: `eligibility` is null when it could not be asked (no token on a named survey). */
export const FirstPaintSchema = z.strictObject({
  survey: SurveyDefinitionSchema,
  eligibility: EligibilitySchema.nullable(),
});

/**
 * What the widget's first paint needs in one request: the survey definition and the eligibility
 * check together (they were two requests one after the other, each behind a CORS preflight).
 * A GET without custom headers (site key and token in the query) needs no preflight, so a
 * cross-origin portal pays one round trip. The reply depends on the tenant and the person: only
 * the browser may keep it (`private`), for a minute, under its full URL; `Vary: Origin` because
 * the CORS headers name the calling origin. It answers CORS itself, for the tenant's own origins
 * (a simple request has no preflight to answer; `siteQueryAuth`). The logger records the path only, never the query.
 */
export const firstPaintFeature: Feature = {
  name: 'first-paint',
  mount(app, s) {
    defineRoute(
      app,
      s,
      {
        method: 'get',
        path: FIRST_PAINT_PATH,
        summary: 'Survey definition and eligibility in one simple (preflight-free) GET, for the widget.',
        tag: 'collector',
        auth: 'siteKeyQuery+identity',
        query: FirstPaintQuerySchema,
        responses: { 200: { description: 'Definition and eligibility', schema: FirstPaintSchema } },
      },
      async (c, { query: q }) => {
        const tenant = c.get('tenant');
        const survey = await requireSurvey(s, tenant.id, q.survey);
        // The query's token, else the header's, as on the other collector routes.
        const identity =
          q.token !== undefined
            ? await verifyTenantIdentity(q.token, tenant, s.now())
            : await identityOf(c, s.now());
        let eligibility: z.infer<typeof EligibilitySchema> | null = null;
        // The rules of GET /v1/eligibility: a person's history only with their own token.
        if (identity) assertOwnIdentity(identity, q.account, q.respondent);
        if (identity || survey.anonymous) {
          eligibility = await respondentEligibility(s, tenant.id, survey, q.account, identity, q.respondent);
        }
        c.header('Cache-Control', 'private, max-age=60');
        return c.json({ survey, eligibility }, 200);
      },
    );
  },
};
