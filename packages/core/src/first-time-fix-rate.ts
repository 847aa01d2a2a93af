import { proportion, type RateDetails, type RateOptions } from './rate.js';
import type { KpiResult } from './kpi-result.js';

/**
 * First-time fix rate, FTFR (seed 001): the share of field interventions fixed on the first visit.
 *
 * FTFR = interventions fixed on first visit / interventions × 100; n = interventions; Wilson interval; insufficient when interventions is 0.
 * @throws CxError `firstTimeFixRate/invalid-count`, `firstTimeFixRate/exceeds-total` when fixedOnFirstVisit > interventions.
 * @example firstTimeFixRate({ fixedOnFirstVisit: 45, interventions: 60 }).value // 75
 */
export function firstTimeFixRate(
  input: { fixedOnFirstVisit: number; interventions: number },
  o: RateOptions = {},
): KpiResult<RateDetails> {
  return proportion(
    'firstTimeFixRate',
    { field: 'fixedOnFirstVisit', value: input.fixedOnFirstVisit },
    { field: 'interventions', value: input.interventions },
    o,
  );
}
