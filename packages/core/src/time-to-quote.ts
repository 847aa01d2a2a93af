import { durationStats, type DurationDetails } from './duration-stats.js';
import type { KpiResult } from './kpi-result.js';

/**
 * Time-to-quote (seed 001): how long a prospect or customer waits from request to quote.
 *
 * mean = Σ durations / n with a t interval; median and p90 in `details` (durations in one unit, e.g. hours).
 * @throws CxError `timeToQuote/invalid-duration` naming `durations[i]`.
 * @example timeToQuote([1, 2, 3, 10]).value // 4 (median 2.5)
 */
export function timeToQuote(
  durations: readonly number[],
  o: { level?: number } = {},
): KpiResult<DurationDetails> {
  return durationStats('timeToQuote', durations, o);
}
