import { proportion, type RateDetails, type RateOptions } from './rate.js';
import type { KpiResult } from './kpi-result.js';

/**
 * First contact resolution, FCR (seed 004): the share of requests resolved at the first contact.
 *
 * FCR = requests resolved at first contact / all requests × 100; n = requests; Wilson interval; insufficient when requests is 0.
 * @throws CxError `firstContactResolution/invalid-count`, `firstContactResolution/exceeds-total` when resolvedAtFirstContact > requests.
 * @example firstContactResolution({ resolvedAtFirstContact: 160, requests: 200 }).value // 80
 */
export function firstContactResolution(
  input: { resolvedAtFirstContact: number; requests: number },
  o: RateOptions = {},
): KpiResult<RateDetails> {
  return proportion(
    'firstContactResolution',
    { field: 'resolvedAtFirstContact', value: input.resolvedAtFirstContact },
    { field: 'requests', value: input.requests },
    o,
  );
}
