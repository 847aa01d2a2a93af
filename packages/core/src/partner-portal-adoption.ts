import { proportion, type RateDetails, type RateOptions } from './rate.js';
import type { KpiResult } from './kpi-result.js';

/**
 * Partner-portal adoption (seed 001): the share of partners (resellers, distributors) active on the partner portal.
 *
 * adoption = active partners / all partners × 100; n = partners; Wilson interval; insufficient when partners is 0.
 * @throws CxError `partnerPortalAdoption/invalid-count`, `partnerPortalAdoption/exceeds-total` when activePartners > partners.
 * @example partnerPortalAdoption({ activePartners: 12, partners: 40 }).value // 30
 */
export function partnerPortalAdoption(
  input: { activePartners: number; partners: number },
  o: RateOptions = {},
): KpiResult<RateDetails> {
  return proportion(
    'partnerPortalAdoption',
    { field: 'activePartners', value: input.activePartners },
    { field: 'partners', value: input.partners },
    o,
  );
}
