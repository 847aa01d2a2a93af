import { proportion, type RateDetails, type RateOptions } from './rate.js';
import type { KpiResult } from './kpi-result.js';

/**
 * Adoption rate (seed 000): the share of the targeted customers who adopted a product or feature.
 *
 * adoption = adopters / customers targeted × 100; n = targeted; Wilson interval; insufficient when targeted is 0.
 * @throws CxError `adoptionRate/invalid-count`, `adoptionRate/exceeds-total` when adopters > targeted.
 * @example adoptionRate({ adopters: 18, targeted: 60 }).value // 30
 */
export function adoptionRate(
  input: { adopters: number; targeted: number },
  o: RateOptions = {},
): KpiResult<RateDetails> {
  return proportion(
    'adoptionRate',
    { field: 'adopters', value: input.adopters },
    { field: 'targeted', value: input.targeted },
    o,
  );
}
