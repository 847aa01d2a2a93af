import { z } from 'zod';
import { AccountSummaryViewSchema } from '@cxkit/core';
import type { Feature } from '../app-context.js';
import { AccountSummaryQuerySchema, buildAccountSummary } from './account-summary.js';
import { defineRoute } from '../route-definition.js';

const AccountParamsSchema = z.strictObject({ id: z.string().min(1).max(128) });

/** The account API: the view model the HubSpot card renders. */
export const accountsFeature: Feature = {
  name: 'accounts',
  mount(app, s) {
    defineRoute(
      app,
      s,
      {
        method: 'get',
        path: '/v1/accounts/:id/summary',
        summary:
          "An account's NPS (with interval and trend), CSAT, CES, C2ES, roles, counts, verbatims, health and churn.",
        tag: 'accounts',
        auth: 'adminKey',
        params: AccountParamsSchema,
        query: AccountSummaryQuerySchema,
        responses: { 200: { description: 'Account summary', schema: AccountSummaryViewSchema } },
      },
      async (c, { params: { id }, query: q }) => {
        const view = await buildAccountSummary(s.db, c.get('tenant').id, id, { ...q, now: s.now() });
        return c.json(view, 200);
      },
    );
  },
};
