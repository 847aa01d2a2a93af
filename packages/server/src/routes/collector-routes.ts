import { cors } from 'hono/cors';
import { z } from 'zod';
import { IdSchema, ResponseSchema, SurveyDefinitionSchema } from '@cxkit/core';
import type { Feature } from '../app-context.js';
import { identityOf, siteAuth } from '../auth.js';
import { AcceptedSchema, ResponsesBatchSchema, acceptResponses, parseResponsesBody } from '../collector.js';
import { getSetting } from '../config-store.js';
import { EligibilityQuerySchema, EligibilitySchema, checkEligibility } from '../eligibility.js';
import { HttpError } from '../http-error.js';
import { readJsonBody } from '../json-body.js';
import { TtlCache } from '../ttl-cache.js';
import { parseOrThrow } from '../validation.js';

const SurveyParamsSchema = z.strictObject({ id: IdSchema });
const SurveyQuerySchema = z.strictObject({ version: z.coerce.number().int().min(1).optional() });

/** The widget-facing collector: responses, survey definitions, eligibility. */
export const collectorFeature: Feature = {
  name: 'collector',
  mount(app, s) {
    const originCache = new TtlCache<boolean>(10_000);
    // A preflight carries no site key, so it is answered for any origin some tenant allows;
    // the actual request is then checked against its own tenant's origins by siteAuth.
    const corsMiddleware = cors({
      origin: async (origin) => {
        const allowed = await originCache.get(origin, async () => {
          const r = await s.db.query('SELECT 1 FROM tenants WHERE $1 = ANY (allowed_origins) LIMIT 1', [
            origin,
          ]);
          return r.rows.length > 0;
        });
        return allowed ? origin : null;
      },
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['Content-Type', 'X-Cx-Site-Key', 'Authorization'],
      exposeHeaders: ['Retry-After', 'X-Request-Id'],
      maxAge: 600,
    });
    for (const path of ['/v1/responses', '/v1/surveys/:id', '/v1/eligibility']) {
      app.use(path, corsMiddleware);
      app.use(path, siteAuth(s));
    }

    s.docs.push({
      method: 'post',
      path: '/v1/responses',
      summary: 'Submit one response or a batch; idempotent by response id, acknowledged after commit.',
      tag: 'collector',
      auth: 'siteKey+identity',
      body: z.union([ResponseSchema, ResponsesBatchSchema]),
      responses: { 200: { description: 'Stored (or already stored) responses', schema: AcceptedSchema } },
    });
    app.post('/v1/responses', async (c) => {
      const identity = identityOf(c, s.now());
      const body = await readJsonBody(c);
      const responses = parseResponsesBody(body, s.config.MAX_BATCH);
      const batched = typeof body === 'object' && body !== null && 'responses' in body;
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
    });

    s.docs.push({
      method: 'get',
      path: '/v1/surveys/:id',
      summary: 'The survey definition the widget renders (latest version unless `version` is given).',
      tag: 'collector',
      auth: 'siteKey',
      params: SurveyParamsSchema,
      query: SurveyQuerySchema,
      responses: { 200: { description: 'Survey definition', schema: SurveyDefinitionSchema } },
    });
    app.get('/v1/surveys/:id', async (c) => {
      const { id } = parseOrThrow(SurveyParamsSchema, c.req.param(), 'params');
      const { version } = parseOrThrow(SurveyQuerySchema, c.req.query(), 'query');
      const survey = await s.surveys.get(c.get('tenant').id, id, version);
      if (!survey) throw new HttpError(404, 'survey/not-found', `no survey "${id}"`);
      c.header('Cache-Control', 'public, max-age=60');
      return c.json(survey, 200);
    });

    s.docs.push({
      method: 'get',
      path: '/v1/eligibility',
      summary: 'Server-side fatigue veto: may this survey be shown to this person of this account now?',
      tag: 'collector',
      auth: 'siteKey+identity',
      query: EligibilityQuerySchema,
      responses: { 200: { description: 'Eligibility', schema: EligibilitySchema } },
    });
    app.get('/v1/eligibility', async (c) => {
      const q = parseOrThrow(EligibilityQuerySchema, c.req.query(), 'query');
      const tenant = c.get('tenant');
      const survey = await s.surveys.get(tenant.id, q.survey);
      if (!survey) throw new HttpError(404, 'survey/not-found', `no survey "${q.survey}"`);
      const identity = identityOf(c, s.now());
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
        throw new HttpError(401, 'identity/required', `survey "${survey.id}" needs a signed identity token`);
      }
      const respondent = survey.anonymous ? undefined : (identity?.sub ?? q.respondent);
      const caps = await getSetting(s.db, tenant.id, 'fatigue');
      return c.json(
        await checkEligibility(s.db, tenant.id, survey, q.account, respondent, caps, s.now()),
        200,
      );
    });
  },
};
