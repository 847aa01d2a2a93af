import { durationStats, type DurationDetails } from './duration-stats.js';
import type { KpiResult } from './kpi-result.js';

/**
 * Time to first response (seed 001): how long customers wait for the first human answer to a request.
 *
 * mean = Σ durations / n with a t interval; median and p90 in `details` (durations in one unit, e.g. hours).
 * @throws CxError `timeToFirstResponse/invalid-duration` naming `durations[i]`.
 * @example timeToFirstResponse([1, 2, 3, 10]).value // 4 (median 2.5)
 */
export function timeToFirstResponse(
  durations: readonly number[],
  o: { level?: number } = {},
): KpiResult<DurationDetails> {
  return durationStats('timeToFirstResponse', durations, o);
}
