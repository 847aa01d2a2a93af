import { z } from 'zod';

/**
 * Values every schema accepts must be storable by PostgreSQL, or the server would answer a 500
 * where the caller deserves a 400 naming the field. PostgreSQL's `timestamptz` spans years
 * 4713 BC to 294276 AD, its UTC offsets reach ±15:59, and `integer` is 32-bit; we accept less:
 * instants between {@link MIN_TIMESTAMP} and {@link MAX_TIMESTAMP} (UTC), offsets within ±15:59,
 * and versions up to {@link MAX_INT4}.
 */
export const MIN_TIMESTAMP = '1900-01-01T00:00:00.000Z';
/** Latest instant a schema accepts (see {@link MIN_TIMESTAMP}). */
export const MAX_TIMESTAMP = '9999-12-31T23:59:59.999Z';
/** Largest PostgreSQL `integer`. */
export const MAX_INT4 = 2_147_483_647;
/** Largest UTC offset PostgreSQL accepts in a timestamp, in minutes (15:59). */
export const MAX_OFFSET_MINUTES = 15 * 60 + 59;

const MIN_MS = Date.parse(MIN_TIMESTAMP);
const MAX_MS = Date.parse(MAX_TIMESTAMP);

/** The UTC offset of an ISO 8601 date-time in minutes (0 for `Z`), or undefined when it has none. */
function offsetMinutes(value: string): number | undefined {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(value);
  if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  return /Z$/i.test(value) ? 0 : undefined;
}

/**
 * An ISO 8601 date-time with offset that PostgreSQL stores as it is: offset within ±15:59, instant
 * between 1900-01-01 and 9999-12-31 (UTC).
 * @example StorableDateTimeSchema.parse('2026-03-01T09:30:00+01:00')
 */
export const StorableDateTimeSchema = z.iso
  .datetime({ offset: true })
  .refine((v) => Math.abs(offsetMinutes(v) ?? 0) <= MAX_OFFSET_MINUTES, {
    message: 'UTC offset must be within ±15:59',
    params: { rule: 'offset_range' },
  })
  .refine(
    (v) => {
      const ms = Date.parse(v);
      return Number.isFinite(ms) && ms >= MIN_MS && ms <= MAX_MS;
    },
    { message: `must lie between ${MIN_TIMESTAMP} and ${MAX_TIMESTAMP}` },
  );

/** A version number: 1 up to PostgreSQL's largest `integer`. */
export const VersionNumberSchema = z.int().min(1).max(MAX_INT4);
