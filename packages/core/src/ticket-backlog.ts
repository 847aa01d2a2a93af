import { CxError } from './cx-error.js';
import { insufficient, kpiValue, type KpiResult } from './kpi-result.js';

/** A support ticket's life. */
export interface TicketSpan {
  /** When it was opened. */
  openedAt: string | Date;
  /** When it was closed; null or absent while open. */
  closedAt?: string | Date | null;
}

function time(field: string, v: string | Date): number {
  const t = v instanceof Date ? v.getTime() : Date.parse(v);
  if (Number.isNaN(t))
    throw new CxError('ticketBacklog/invalid-date', `${field} must be an ISO 8601 date-time`, { field });
  return t;
}

/**
 * Ticket backlog (seed 001): tickets open at a moment (opened at or before it, not closed by then).
 *
 * backlog = #{ openedAt ≤ at < closedAt }; n = tickets opened at or before `at`; `details.oldestOpenDays`.
 * @throws CxError `ticketBacklog/invalid-date` naming `tickets[i].openedAt` or `.closedAt`.
 * @example ticketBacklog([{ openedAt: '2026-03-01T00:00:00Z' }], '2026-03-10T00:00:00Z').value // 1
 */
export function ticketBacklog(
  tickets: readonly TicketSpan[],
  at: string | Date,
): KpiResult<{ oldestOpenDays: number | null }> {
  const now = time('at', at);
  let n = 0;
  let open = 0;
  let oldest = Infinity;
  tickets.forEach((t, i) => {
    const o = time(`tickets[${i}].openedAt`, t.openedAt);
    const c =
      t.closedAt === null || t.closedAt === undefined ? Infinity : time(`tickets[${i}].closedAt`, t.closedAt);
    if (o > now) return;
    n += 1;
    if (c > now) {
      open += 1;
      oldest = Math.min(oldest, o);
    }
  });
  if (n === 0) return insufficient(0, 'no ticket opened by then', { oldestOpenDays: null });
  return kpiValue(n, open, { oldestOpenDays: open === 0 ? null : (now - oldest) / 86_400_000 });
}
