import { CxError } from './cx-error.js';
import type { KpiResult } from './kpi-result.js';
import { proportion, type RateDetails, type RateOptions } from './rate.js';
import { assertCount } from './validate.js';

/**
 * Retention rate (seeds 000, 004): the share of the customers present at the start who are still customers
 * at the end, not counting the customers acquired during the period.
 *
 * retention = (customersAtEnd − newCustomers) / customersAtStart × 100; n = customersAtStart; Wilson interval.
 * @throws CxError `retentionRate/invalid-count`, `retentionRate/inconsistent-counts` when
 *   customersAtEnd − newCustomers is negative or exceeds customersAtStart.
 * @example retentionRate({ customersAtStart: 200, customersAtEnd: 210, newCustomers: 30 }).value // 90
 */
export function retentionRate(
  input: { customersAtStart: number; customersAtEnd: number; newCustomers: number },
  o: RateOptions = {},
): KpiResult<RateDetails> {
  const fn = 'retentionRate';
  assertCount(fn, 'customersAtStart', input.customersAtStart);
  assertCount(fn, 'customersAtEnd', input.customersAtEnd);
  assertCount(fn, 'newCustomers', input.newCustomers);
  const retained = input.customersAtEnd - input.newCustomers;
  if (retained < 0 || retained > input.customersAtStart)
    throw new CxError(
      `${fn}/inconsistent-counts`,
      `customersAtEnd − newCustomers (${retained}) must lie between 0 and customersAtStart (${input.customersAtStart})`,
      { field: 'customersAtEnd' },
    );
  return proportion(
    fn,
    { field: 'retained', value: retained },
    { field: 'customersAtStart', value: input.customersAtStart },
    o,
  );
}
