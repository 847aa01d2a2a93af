import { durationStats, type DurationDetails } from './duration-stats.js';
import type { KpiResult } from './kpi-result.js';

/** Seed 002: under a minute on site signals a problem, under 30 seconds a serious one. */
export type TimeOnSiteSignal = 'ok' | 'short' | 'very-short';

/**
 * Time on site (seed 002): mean session duration in seconds, with a t interval, median and p90, and the
 * seed's reading of it: under 60 s is `short`, under 30 s `very-short`.
 *
 * mean = Σ session seconds / sessions.
 * @throws CxError `timeOnSite/invalid-duration` naming `durations[i]`.
 * @example timeOnSite([20, 45, 70]).value // 45, details.signal 'short'
 */
export function timeOnSite(
  sessionSeconds: readonly number[],
  o: { level?: number } = {},
): KpiResult<DurationDetails & { signal: TimeOnSiteSignal | null }> {
  const r = durationStats('timeOnSite', sessionSeconds, o);
  const signal: TimeOnSiteSignal | null =
    r.status !== 'ok' ? null : r.value < 30 ? 'very-short' : r.value < 60 ? 'short' : 'ok';
  return { ...r, details: { ...r.details, signal } };
}
