import { eventRate, type RateDetails } from './rate.js';
import type { KpiResult } from './kpi-result.js';

/**
 * Product return rate (seeds 001, 003): returns per 100 orders in the period.
 *
 * rate = returns / orders × 100; n = orders; can exceed 100 when a unit has several events, so no proportion interval is given;
 * insufficient when orders is 0.
 * @throws CxError `productReturnRate/invalid-count`.
 * @example productReturnRate({ returns: 8, orders: 400 }).value // 2
 */
export function productReturnRate(input: { returns: number; orders: number }): KpiResult<RateDetails> {
  return eventRate(
    'productReturnRate',
    { field: 'returns', value: input.returns },
    { field: 'orders', value: input.orders },
  );
}
