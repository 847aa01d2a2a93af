import type { AppServices } from '../app-context.js';
import { PeriodicJob } from '../verbatims/periodic-job.js';
import { recomputeInsights } from './recompute-insights.js';

/** Why a tenant's health and churn are recomputed ahead of the schedule. */
export type RecomputeReason = 'answers' | 'settings';

/** An admin who saved new weights wants to see them at work: a second, not the answers' delay. */
const AFTER_SETTINGS_MS = 1_000;

const jobs = new WeakMap<AppServices, Map<string, PeriodicJob>>();

/**
 * Recomputes a tenant's health and churn soon: `INSIGHTS_AFTER_ANSWER_MS` after accepted answers, a
 * second after its health settings changed (the card, the HubSpot properties and the health alerts
 * then follow the new weights without waiting for the schedule). One job per tenant, so runs never
 * overlap and a burst of calls makes one run (the soonest asked for). Off when
 * `INSIGHTS_AFTER_ANSWER_MS` is 0. The jobs stop with the app's background work.
 */
export function recomputeSoon(s: AppServices, tenantId: string, reason: RecomputeReason): void {
  const afterAnswers = s.config.INSIGHTS_AFTER_ANSWER_MS;
  if (afterAnswers <= 0) return;
  let perTenant = jobs.get(s);
  if (!perTenant) jobs.set(s, (perTenant = new Map()));
  let job = perTenant.get(tenantId);
  if (!job) {
    const created = new PeriodicJob(() => recomputeInsights(s.db, tenantId, { now: s.now() }), {
      name: `insights:${tenantId}`,
      intervalMs: 0,
      debounceMs: afterAnswers,
      logger: s.logger,
    });
    perTenant.set(tenantId, (job = created));
    s.background.push(() => created.stop());
  }
  job.trigger(reason === 'answers' ? afterAnswers : Math.min(afterAnswers, AFTER_SETTINGS_MS));
}
