import { CxError } from './cx-error.js';

/** Calendar grain of a trend. */
export type Period = 'month' | 'quarter';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;

/**
 * The UTC month (`2026-03`) or quarter (`2026-Q1`) a date falls in; keys sort chronologically as strings.
 * @throws CxError `periodKey/invalid-date` when the date does not parse.
 * @example periodKey('2026-03-31T23:30:00-02:00', 'month') // '2026-04' (UTC)
 */
export function periodKey(date: string | Date, period: Period): string {
  const t = date instanceof Date ? date.getTime() : Date.parse(date);
  if (Number.isNaN(t))
    throw new CxError('periodKey/invalid-date', `date must be an ISO 8601 date-time, got ${String(date)}`, {
      field: 'date',
    });
  const d = new Date(t);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  return period === 'month' ? `${y}-${String(m + 1).padStart(2, '0')}` : `${y}-Q${Math.floor(m / 3) + 1}`;
}

function parseKey(fn: string, key: string): { period: Period; year: number; index: number } {
  const m = MONTH.exec(key);
  if (m) return { period: 'month', year: Number(m[1]), index: Number(m[2]) - 1 };
  const q = QUARTER.exec(key);
  if (q) return { period: 'quarter', year: Number(q[1]), index: Number(q[2]) - 1 };
  throw new CxError(`${fn}/invalid-period`, `"${key}" is not a month (2026-03) or quarter (2026-Q1) key`, {
    field: 'period',
  });
}

function formatKey(period: Period, year: number, index: number): string {
  return period === 'month' ? `${year}-${String(index + 1).padStart(2, '0')}` : `${year}-Q${index + 1}`;
}

/**
 * UTC start (inclusive) and end (exclusive) of a period key.
 * @example periodBounds('2026-Q1').end.toISOString() // '2026-04-01T00:00:00.000Z'
 */
export function periodBounds(key: string): { start: Date; end: Date } {
  const { period, year, index } = parseKey('periodBounds', key);
  const months = period === 'month' ? 1 : 3;
  const m0 = index * months;
  return { start: new Date(Date.UTC(year, m0, 1)), end: new Date(Date.UTC(year, m0 + months, 1)) };
}

/**
 * The period after `key`, of the same grain.
 * @example nextPeriodKey('2026-12') // '2027-01'
 */
export function nextPeriodKey(key: string): string {
  const { period, year, index } = parseKey('nextPeriodKey', key);
  const per = period === 'month' ? 12 : 4;
  return index + 1 === per ? formatKey(period, year + 1, 0) : formatKey(period, year, index + 1);
}

/**
 * Every period key from `first` to `last` inclusive, so a trend shows empty months instead of hiding them.
 * @throws CxError `periodRange/mixed-periods` when the keys are of different grains, `periodRange/invalid-period`.
 * @example periodRange('2025-11', '2026-02') // ['2025-11', '2025-12', '2026-01', '2026-02']
 */
export function periodRange(first: string, last: string): string[] {
  const a = parseKey('periodRange', first);
  const b = parseKey('periodRange', last);
  if (a.period !== b.period)
    throw new CxError('periodRange/mixed-periods', `cannot mix ${a.period} and ${b.period} keys`, {
      field: 'period',
    });
  const out: string[] = [];
  for (let k = first; k <= last; k = nextPeriodKey(k)) out.push(k);
  return out;
}
