import { eventRate, type RateDetails } from './rate.js';
import type { KpiResult } from './kpi-result.js';

/**
 * Dispute rate (seed 001): billing or delivery disputes per 100 orders in the period.
 *
 * rate = disputes / orders × 100; n = orders; can exceed 100 when a unit has several events, so no proportion interval is given;
 * insufficient when orders is 0.
 * @throws CxError `disputeRate/invalid-count`.
 * @example disputeRate({ disputes: 3, orders: 150 }).value // 2
 */
export function disputeRate(input: { disputes: number; orders: number }): KpiResult<RateDetails> {
  return eventRate(
    'disputeRate',
    { field: 'disputes', value: input.disputes },
    { field: 'orders', value: input.orders },
  );
}
