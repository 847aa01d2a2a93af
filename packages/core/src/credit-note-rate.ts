import { eventRate, type RateDetails } from './rate.js';
import type { KpiResult } from './kpi-result.js';

/**
 * Credit-note rate (seed 001): credit notes issued per 100 invoices in the period.
 *
 * rate = credit notes / invoices × 100; n = invoices; can exceed 100 when a unit has several events, so no proportion interval is given;
 * insufficient when invoices is 0.
 * @throws CxError `creditNoteRate/invalid-count`.
 * @example creditNoteRate({ creditNotes: 5, invoices: 250 }).value // 2
 */
export function creditNoteRate(input: { creditNotes: number; invoices: number }): KpiResult<RateDetails> {
  return eventRate(
    'creditNoteRate',
    { field: 'creditNotes', value: input.creditNotes },
    { field: 'invoices', value: input.invoices },
  );
}
