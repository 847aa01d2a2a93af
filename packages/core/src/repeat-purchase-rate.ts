import { proportion, type RateDetails, type RateOptions } from './rate.js';
import type { KpiResult } from './kpi-result.js';

/**
 * Repeat purchase rate (seed 000): the share of customers who bought more than once in the period.
 *
 * rate = customers with more than one purchase / all customers × 100; n = customers; Wilson interval; insufficient when customers is 0.
 * @throws CxError `repeatPurchaseRate/invalid-count`, `repeatPurchaseRate/exceeds-total` when repeatCustomers > customers.
 * @example repeatPurchaseRate({ repeatCustomers: 30, customers: 120 }).value // 25
 */
export function repeatPurchaseRate(
  input: { repeatCustomers: number; customers: number },
  o: RateOptions = {},
): KpiResult<RateDetails> {
  return proportion(
    'repeatPurchaseRate',
    { field: 'repeatCustomers', value: input.repeatCustomers },
    { field: 'customers', value: input.customers },
    o,
  );
}
