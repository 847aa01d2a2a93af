import type { AccountSummaryView, KpiView } from './account-summary-view.ts';

/**
 * A light structural check of a server answer, so a malformed body shows the error state
 * instead of breaking the card. Lenient on purpose: the server validates with core's full schema
 * before sending, and a newer server may add fields an older card does not know.
 */
export function isAccountSummaryView(x: unknown): x is AccountSummaryView {
  if (typeof x !== 'object' || x === null) return false;
  const v = x as Record<string, unknown>;
  const kpi = (k: unknown) =>
    typeof k === 'object' &&
    k !== null &&
    typeof (k as KpiView).n === 'number' &&
    'value' in k &&
    'status' in k;
  return (
    typeof v.accountId === 'string' &&
    typeof v.generatedAt === 'string' &&
    kpi(v.nps) &&
    kpi(v.csat) &&
    kpi(v.ces) &&
    Array.isArray(v.npsTrend) &&
    Array.isArray(v.roles) &&
    Array.isArray(v.verbatims) &&
    typeof v.responses === 'object' &&
    v.responses !== null
  );
}
