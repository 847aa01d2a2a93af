import { proportion, type RateDetails, type RateOptions } from './rate.js';
import type { KpiResult } from './kpi-result.js';

/**
 * Churn rate (seeds 000, 004): the share of the customers present at the start of the period who were lost during it.
 *
 * churn = customersLost / customersAtStart × 100; n = customersAtStart; Wilson interval; insufficient when customersAtStart is 0.
 * @throws CxError `churnRate/invalid-count`, `churnRate/exceeds-total` when customersLost > customersAtStart.
 * @example churnRate({ customersLost: 12, customersAtStart: 200 }).value // 6
 */
export function churnRate(
  input: { customersLost: number; customersAtStart: number },
  o: RateOptions = {},
): KpiResult<RateDetails> {
  return proportion(
    'churnRate',
    { field: 'customersLost', value: input.customersLost },
    { field: 'customersAtStart', value: input.customersAtStart },
    o,
  );
}
