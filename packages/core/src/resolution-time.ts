import { durationStats, type DurationDetails } from './duration-stats.js';
import type { KpiResult } from './kpi-result.js';

/**
 * Resolution time (seed 001): how long requests take from opening to resolution.
 *
 * mean = Σ durations / n with a t interval; median and p90 in `details` (durations in one unit, e.g. hours).
 * @throws CxError `resolutionTime/invalid-duration` naming `durations[i]`.
 * @example resolutionTime([1, 2, 3, 10]).value // 4 (median 2.5)
 */
export function resolutionTime(
  durations: readonly number[],
  o: { level?: number } = {},
): KpiResult<DurationDetails> {
  return durationStats('resolutionTime', durations, o);
}
