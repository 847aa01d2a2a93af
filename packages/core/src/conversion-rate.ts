import { proportion, type RateDetails, type RateOptions } from './rate.js';
import type { KpiResult } from './kpi-result.js';

/**
 * Conversion rate (seeds 002, 004): visitors or prospects completing the target action over all of them; also offers won over offers sent.
 *
 * conversion = conversions / opportunities × 100; n = opportunities; Wilson interval; insufficient when opportunities is 0.
 * @throws CxError `conversionRate/invalid-count`, `conversionRate/exceeds-total` when conversions > opportunities.
 * @example conversionRate({ conversions: 9, opportunities: 300 }).value // 3
 */
export function conversionRate(
  input: { conversions: number; opportunities: number },
  o: RateOptions = {},
): KpiResult<RateDetails> {
  return proportion(
    'conversionRate',
    { field: 'conversions', value: input.conversions },
    { field: 'opportunities', value: input.opportunities },
    o,
  );
}
