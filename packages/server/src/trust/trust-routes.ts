import { z } from 'zod';
import { IdSchema } from '@cxkit/core';
import type { Feature } from '../app-context.js';
import { HttpError } from '../http-error.js';
import { mintIdentityToken } from '../tenants/identity-token.js';
import {
  TenantSummaryQuerySchema,
  TenantSummarySchema,
  buildTenantSummary,
} from '../tenants/tenant-figures.js';
import { defineRoute } from '../route-definition.js';
import { ROTATABLE_KEYS } from '../tenants/tenants.js';
import { rotateTenantKey } from '../tenants/tenants-store.js';

/** Body of `POST /v1/admin/survey-links`. */
export const SurveyLinkBodySchema = z.strictObject({
  /** The survey the link opens (the claim is good for it only). */
  surveyId: IdSchema,
  /** The account the answer counts for. */
  accountId: z.string().min(1).max(128),
  /** The person invited, when known (required by non-anonymous surveys). */
  respondentId: z.string().min(1).max(128).optional(),
  /** How long the link stays valid, in days (default 30, at most 90). */
  ttlDays: z.int().min(1).max(90).default(30),
  /** A page embedding `<cx-survey>`: the answer link is this URL with `cx-token` added. */
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
});

/** Body of `POST /v1/admin/keys/rotate`. */
export const RotateKeyBodySchema = z.strictObject({
  /** Which key: the widget's site key, the host backend's signing secret, or this admin key. */
  key: z.enum(ROTATABLE_KEYS),
  /** Hours the previous value keeps working (default 24; 0 revokes it now, for a leaked key). */
  overlapHours: z.number().min(0).max(720).default(24),
});

/** Answer of `POST /v1/admin/keys/rotate`: the new value, shown once. */
export const RotatedKeySchema = z.strictObject({
  key: z.enum(ROTATABLE_KEYS),
  value: z.string(),
  previousValidUntil: z.string(),
});

/** Answer of `POST /v1/admin/survey-links`. */
export const SurveyLinkSchema = z.strictObject({
  token: z.string(),
  expiresAt: z.string(),
  url: z.string().optional(),
});

/**
 * The trust model's admin routes: tenant-level figures (where unsigned anonymous answers count,
 * flagged) and signed survey links (an invitation's own claim on the account it counts for).
 */
export const trustFeature: Feature = {
  name: 'trust',
  mount(app, s) {
    defineRoute(
      app,
      s,
      {
        method: 'get',
        path: '/v1/admin/tenant-summary',
        summary:
          "The tenant's NPS, CSAT and CES: vouched answers, unsigned anonymous answers (counted here only) and both.",
        tag: 'admin',
        auth: 'adminKey',
        query: TenantSummaryQuerySchema,
        responses: { 200: { description: 'Tenant-level figures', schema: TenantSummarySchema } },
      },
      async (c, { query: q }) => {
        return c.json(await buildTenantSummary(s.db, c.get('tenant').id, q.months, s.now()), 200);
      },
    );

    defineRoute(
      app,
      s,
      {
        method: 'post',
        path: '/v1/admin/keys/rotate',
        summary:
          'Rotate the site key, signing secret or admin key; the previous one keeps working for overlapHours.',
        tag: 'admin',
        auth: 'adminKey',
        body: RotateKeyBodySchema,
        responses: { 200: { description: 'The new value, shown once', schema: RotatedKeySchema } },
      },
      async (c, { body: b }) => {
        const rotated = await rotateTenantKey(
          s.db,
          c.get('tenant').id,
          b.key,
          Math.round(b.overlapHours * 3600),
          s.now(),
        );
        // Cached look-ups would keep a revoked key (overlap 0) alive for a few seconds.
        s.tenants.clear();
        return c.json(rotated, 200);
      },
    );

    defineRoute(
      app,
      s,
      {
        method: 'post',
        path: '/v1/admin/survey-links',
        summary:
          'Mint a survey invitation claim: an identity token for one survey and account (and person), for links sent by email.',
        tag: 'admin',
        auth: 'adminKey',
        body: SurveyLinkBodySchema,
        responses: { 200: { description: 'The signed claim, and the link', schema: SurveyLinkSchema } },
      },
      async (c, { body: b }) => {
        const tenant = c.get('tenant');
        const survey = await s.surveys.get(tenant.id, b.surveyId);
        if (!survey) throw new HttpError(404, 'survey/not-found', `no survey "${b.surveyId}"`);
        if (!survey.anonymous && b.respondentId === undefined)
          throw new HttpError(400, 'validation/body', 'invalid body', {
            issues: [
              {
                path: 'respondentId',
                rule: 'required',
                message: `survey "${b.surveyId}" is not anonymous: the link must name the person`,
              },
            ],
          });
        const now = s.now();
        const token = mintIdentityToken(
          {
            accountId: b.accountId,
            surveyId: b.surveyId,
            ...(b.respondentId === undefined ? {} : { respondentId: b.respondentId }),
            ttlSeconds: b.ttlDays * 86_400,
            now,
          },
          tenant.signingSecret,
        );
        const expiresAt = new Date(
          Math.floor(now.getTime() / 1000) * 1000 + b.ttlDays * 86_400_000,
        ).toISOString();
        let url: string | undefined;
        if (b.url !== undefined) {
          const u = new URL(b.url);
          u.searchParams.set('cx-token', token);
          url = u.toString();
        }
        return c.json({ token, expiresAt, ...(url === undefined ? {} : { url }) }, 200);
      },
    );
  },
};
