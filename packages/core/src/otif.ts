import { proportion, type RateDetails, type RateOptions } from './rate.js';
import type { KpiResult } from './kpi-result.js';

/**
 * OTIF (seed 001): the share of orders delivered on time and in full.
 *
 * OTIF = orders delivered on time and in full / orders × 100; n = orders; Wilson interval; insufficient when orders is 0.
 * @throws CxError `otif/invalid-count`, `otif/exceeds-total` when onTimeInFull > orders.
 * @example otif({ onTimeInFull: 188, orders: 200 }).value // 94
 */
export function otif(
  input: { onTimeInFull: number; orders: number },
  o: RateOptions = {},
): KpiResult<RateDetails> {
  return proportion(
    'otif',
    { field: 'onTimeInFull', value: input.onTimeInFull },
    { field: 'orders', value: input.orders },
    o,
  );
}
