import { z } from 'zod';
import { IdSchema, SurveyDefinitionSchema } from '@cxkit/core';
import type { Feature } from '../app-context.js';
import {
  SETTINGS,
  SettingNameSchema,
  getSetting,
  history,
  latestVersion,
  listSurveys,
  saveVersion,
} from './config-store.js';
import { HttpError } from '../http-error.js';
import { readJsonBody } from '../json-body.js';
import { OriginSchema } from '../tenants/tenants.js';
import { recomputeSoon } from '../insights/recompute-soon.js';
import { parseOrThrow } from '../validation.js';
import { adminRouteDefiner } from '../route-definition.js';
import { actorOf } from '../actor.js';
import { ReanalysisStatusSchema, requestVerbatimReanalysis } from '../verbatims/verbatim-reanalysis.js';
import { reanalysisStatus } from '../verbatims/verbatim-reanalysis-store.js';
import { verbatimWorkerOf } from '../verbatims/verbatims-feature.js';
import { saveAccountName, saveAllowedOrigins } from './admin-store.js';

const SurveyParamsSchema = z.strictObject({ id: IdSchema });
const SettingParamsSchema = z.strictObject({ name: SettingNameSchema });
const AccountParamsSchema = z.strictObject({ id: z.string().min(1).max(128) });
const HistoryQuerySchema = z.strictObject({
  entity: z.string().max(64).optional(),
  entityId: z.string().max(128).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
const OriginsBodySchema = z.strictObject({ allowedOrigins: z.array(OriginSchema).max(50) });
const AccountBodySchema = z.strictObject({ name: z.string().min(1).max(200).nullable() });

const VersionSchema = z.strictObject({
  entity: z.string(),
  entityId: z.string(),
  version: z.int(),
  value: z.unknown(),
  actor: z.string(),
  changedAt: z.string(),
});

/**
 * Admin API: surveys, role weights, health-score weights and bands, fatigue caps, theme dictionary and
 * re-analysis of open answers, origins, history.
 */
export const adminFeature: Feature = {
  name: 'admin',
  mount(app, s) {
    const route = adminRouteDefiner(app, s, 'admin');

    route(
      {
        method: 'get',
        path: '/v1/admin/surveys',
        summary: "The tenant's surveys with their latest version.",
        responses: {
          200: {
            description: 'Surveys',
            schema: z.object({ surveys: z.array(z.object({ id: z.string(), version: z.int() })) }),
          },
        },
      },
      async (c) => c.json({ surveys: await listSurveys(s.db, c.get('tenant').id) }, 200),
    );

    route(
      {
        method: 'put',
        path: '/v1/admin/surveys/:id',
        summary:
          'Publish a new version of a survey. A `version` in the body must be the next one (optimistic concurrency).',
        params: SurveyParamsSchema,
        body: SurveyDefinitionSchema,
        // Whether the body named a version at all decides the concurrency check.
        readBody: async (c) => {
          const raw = await readJsonBody(c);
          return {
            survey: parseOrThrow(SurveyDefinitionSchema, raw, 'body'),
            versioned: typeof raw === 'object' && raw !== null && 'version' in raw,
          };
        },
        responses: { 200: { description: 'The stored version', schema: SurveyDefinitionSchema } },
      },
      async (c, { params: { id }, body: { survey, versioned } }) => {
        if (survey.id !== id)
          throw new HttpError(400, 'validation/body', 'invalid body', {
            issues: [{ path: 'id', rule: 'mismatch', message: `must equal the path id "${id}"` }],
          });
        const tenantId = c.get('tenant').id;
        const expected = versioned ? survey.version : undefined;
        const current = await latestVersion(s.db, tenantId, 'survey', id);
        const next = (current?.version ?? 0) + 1;
        if (expected !== undefined && expected !== next)
          throw new HttpError(
            409,
            'survey/version-conflict',
            `survey "${id}" is at version ${current?.version ?? 0}; send version ${next} or omit it`,
          );
        const saved = await saveVersion(s.db, tenantId, 'survey', id, survey, actorOf(c), (version) => ({
          ...survey,
          version,
        }));
        s.surveys.invalidate();
        return c.json(saved.value, 200);
      },
    );

    route(
      {
        method: 'get',
        path: '/v1/admin/surveys/:id',
        summary: 'The latest version of a survey.',
        params: SurveyParamsSchema,
        responses: { 200: { description: 'Survey', schema: SurveyDefinitionSchema } },
      },
      async (c, { params: { id } }) => {
        const survey = await s.surveys.get(c.get('tenant').id, id);
        if (!survey) throw new HttpError(404, 'survey/not-found', `no survey "${id}"`);
        return c.json(survey, 200);
      },
    );

    route(
      {
        method: 'get',
        path: '/v1/admin/settings/:name',
        summary:
          'A setting: role-weights, health (components, weights, bands), fatigue or themes (the theme dictionary of open answers); the default when never set.',
        params: SettingParamsSchema,
        responses: { 200: { description: 'The current value' } },
      },
      async (c, { params: { name } }) => {
        return c.json(await getSetting(s.db, c.get('tenant').id, name), 200);
      },
    );

    route(
      {
        method: 'put',
        path: '/v1/admin/settings/:name',
        summary:
          'Set a new version of a setting (validated by its schema). A new `themes` dictionary tags answers analysed from now on; `POST /v1/admin/verbatims/reanalyze` re-tags the past ones.',
        params: SettingParamsSchema,
        body: z.union(Object.values(SETTINGS).map((x) => x.schema)),
        // Each setting has its own schema.
        readBody: async (c, { name }) => parseOrThrow(SETTINGS[name].schema, await readJsonBody(c), 'body'),
        responses: { 200: { description: 'The stored version', schema: VersionSchema } },
      },
      async (c, { params: { name }, body: value }) => {
        const saved = await saveVersion(s.db, c.get('tenant').id, name, '', value, actorOf(c));
        if (name === 'health' || name === 'churn') recomputeSoon(s, c.get('tenant').id, 'settings');
        return c.json(saved, 200);
      },
    );

    route(
      {
        method: 'post',
        path: '/v1/admin/verbatims/reanalyze',
        summary:
          'Re-analyse every stored open answer of the tenant with its current theme dictionary, in the background and in batches (versioned: the history says who asked). Previous tags stay visible until each answer is redone; `remaining` counts down to 0.',
        responses: { 202: { description: 'Accepted, with progress', schema: ReanalysisStatusSchema } },
      },
      async (c) => {
        const status = await requestVerbatimReanalysis(s.db, c.get('tenant').id, actorOf(c));
        verbatimWorkerOf(s)?.job.trigger();
        return c.json(status, 202);
      },
    );

    route(
      {
        method: 'get',
        path: '/v1/admin/verbatims/reanalyze',
        summary: "Progress of the tenant's latest re-analysis request.",
        responses: { 200: { description: 'Progress', schema: ReanalysisStatusSchema } },
      },
      async (c) => c.json(await reanalysisStatus(s.db, c.get('tenant').id), 200),
    );

    route(
      {
        method: 'put',
        path: '/v1/admin/origins',
        summary: 'Replace the browser origins allowed to call the collector (versioned).',
        body: OriginsBodySchema,
        responses: { 200: { description: 'The stored version', schema: VersionSchema } },
      },
      async (c, { body }) => {
        const tenantId = c.get('tenant').id;
        const saved = await saveAllowedOrigins(s.db, tenantId, body, actorOf(c));
        s.tenants.clear();
        return c.json(saved, 200);
      },
    );

    route(
      {
        method: 'put',
        path: '/v1/admin/accounts/:id',
        summary: "Set an account's display name (versioned).",
        params: AccountParamsSchema,
        body: AccountBodySchema,
        responses: { 200: { description: 'The stored version', schema: VersionSchema } },
      },
      async (c, { params: { id }, body }) => {
        const tenantId = c.get('tenant').id;
        const saved = await saveAccountName(s.db, tenantId, id, body, actorOf(c));
        return c.json(saved, 200);
      },
    );

    route(
      {
        method: 'get',
        path: '/v1/admin/history',
        summary: 'Who changed what, when: every configuration version, newest first.',
        query: HistoryQuerySchema,
        responses: {
          200: { description: 'Versions', schema: z.object({ changes: z.array(VersionSchema) }) },
        },
      },
      async (c, { query: q }) => {
        return c.json({ changes: await history(s.db, c.get('tenant').id, q) }, 200);
      },
    );
  },
};
