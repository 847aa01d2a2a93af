import type { Feature } from '../app-context.js';
import { PeriodicJob } from '../verbatims/periodic-job.js';
import { recomputeInsights } from './recompute-insights.js';

/**
 * Recomputes a tenant's health and churn `INSIGHTS_AFTER_ANSWER_MS` after it accepted answers (a
 * burst makes one run), so new answers move NPS, CSAT and the silence component within a minute
 * rather than at the next scheduled run. Mounted before the collector, whose route ends the chain.
 */
export const insightsAfterAnswersFeature: Feature = {
  name: 'insights-after-answers',
  mount(app, s) {
    const delay = s.config.INSIGHTS_AFTER_ANSWER_MS;
    if (delay <= 0) return;
    const perTenant = new Map<string, PeriodicJob>();
    app.use('/v1/responses', async (c, next) => {
      await next();
      const tenant = c.get('tenant');
      if (c.req.method !== 'POST' || c.res.status >= 300 || !tenant) return;
      let job = perTenant.get(tenant.id);
      if (!job) {
        const created = new PeriodicJob(() => recomputeInsights(s.db, tenant.id, { now: s.now() }), {
          name: `insights:${tenant.id}`,
          intervalMs: 0,
          debounceMs: delay,
          logger: s.logger,
        });
        perTenant.set(tenant.id, (job = created));
        s.background.push(() => created.stop());
      }
      job.trigger();
    });
  },
};
