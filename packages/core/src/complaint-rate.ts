import { eventRate, type RateDetails } from './rate.js';
import type { KpiResult } from './kpi-result.js';

/**
 * Complaint rate (seeds 001, 003): complaints per 100 orders or customers in the period (`base` is whichever the company counts against).
 *
 * rate = complaints / base × 100; n = base; can exceed 100 when a unit has several events, so no proportion interval is given;
 * insufficient when base is 0.
 * @throws CxError `complaintRate/invalid-count`.
 * @example complaintRate({ complaints: 6, base: 400 }).value // 1.5
 */
export function complaintRate(input: { complaints: number; base: number }): KpiResult<RateDetails> {
  return eventRate(
    'complaintRate',
    { field: 'complaints', value: input.complaints },
    { field: 'base', value: input.base },
  );
}
