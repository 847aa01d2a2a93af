import { eventRate, type RateDetails } from './rate.js';
import type { KpiResult } from './kpi-result.js';

/**
 * Support contact rate (seeds 001, 003): support contacts per 100 orders or customers in the period.
 *
 * rate = support contacts / base × 100; n = base; can exceed 100 when a unit has several events, so no proportion interval is given;
 * insufficient when base is 0.
 * @throws CxError `supportContactRate/invalid-count`.
 * @example supportContactRate({ contacts: 90, base: 300 }).value // 30
 */
export function supportContactRate(input: { contacts: number; base: number }): KpiResult<RateDetails> {
  return eventRate(
    'supportContactRate',
    { field: 'contacts', value: input.contacts },
    { field: 'base', value: input.base },
  );
}
