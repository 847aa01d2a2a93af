import type { Feature } from '../app-context.js';
import { recomputeSoon } from './recompute-soon.js';

/**
 * Recomputes a tenant's health and churn `INSIGHTS_AFTER_ANSWER_MS` after it accepted answers (a
 * burst makes one run), so new answers move NPS, CSAT and the silence component within a minute
 * rather than at the next scheduled run. Mounted before the collector, whose route ends the chain.
 */
export const insightsAfterAnswersFeature: Feature = {
  name: 'insights-after-answers',
  mount(app, s) {
    if (s.config.INSIGHTS_AFTER_ANSWER_MS <= 0) return;
    app.use('/v1/responses', async (c, next) => {
      await next();
      const tenant = c.get('tenant');
      if (c.req.method !== 'POST' || c.res.status >= 300 || !tenant) return;
      recomputeSoon(s, tenant.id, 'answers');
    });
  },
};
