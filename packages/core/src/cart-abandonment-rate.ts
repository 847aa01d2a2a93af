import { proportion, type RateDetails, type RateOptions } from './rate.js';
import type { KpiResult } from './kpi-result.js';

/**
 * Cart abandonment rate (seed 004): the share of started purchases that were abandoned.
 *
 * abandonment = abandoned carts / purchases started × 100; n = cartsStarted; Wilson interval; insufficient when cartsStarted is 0.
 * @throws CxError `cartAbandonmentRate/invalid-count`, `cartAbandonmentRate/exceeds-total` when abandonedCarts > cartsStarted.
 * @example cartAbandonmentRate({ abandonedCarts: 70, cartsStarted: 100 }).value // 70
 */
export function cartAbandonmentRate(
  input: { abandonedCarts: number; cartsStarted: number },
  o: RateOptions = {},
): KpiResult<RateDetails> {
  return proportion(
    'cartAbandonmentRate',
    { field: 'abandonedCarts', value: input.abandonedCarts },
    { field: 'cartsStarted', value: input.cartsStarted },
    o,
  );
}
