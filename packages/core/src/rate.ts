import { insufficient, kpiValue, type KpiResult } from './kpi-result.js';
import { zCritical } from './normal-distribution.js';
import { DEFAULT_LEVEL, assertAtMost, assertCount, assertLevel } from './validate.js';
import { wilsonBounds } from './wilson-interval.js';

/** Numerator and denominator of a rate, kept so a reader can check the percentage. */
export interface RateDetails {
  /** Counted events (customers lost, carts abandoned, ...). */
  numerator: number;
  /** The base they are counted against. */
  denominator: number;
}

/** Options of the rate KPIs. */
export interface RateOptions {
  /** Confidence level of the Wilson interval, default 0.95. */
  level?: number;
}

/** Internal: a proportion in percent with a Wilson interval; errors name the caller's fields. */
export function proportion(
  fn: string,
  num: { field: string; value: number },
  den: { field: string; value: number },
  o: RateOptions,
): KpiResult<RateDetails> {
  assertCount(fn, num.field, num.value);
  assertCount(fn, den.field, den.value);
  assertAtMost(fn, num.field, num.value, den.field, den.value);
  const level = o.level ?? DEFAULT_LEVEL;
  assertLevel(fn, level);
  const details = { numerator: num.value, denominator: den.value };
  if (den.value === 0) return insufficient(0, `zero denominator: ${den.field} is 0`, details);
  const p = num.value / den.value;
  const b = wilsonBounds(p, den.value, zCritical(level));
  return kpiValue(den.value, 100 * p, details, {
    lower: 100 * b.lower,
    upper: 100 * b.upper,
    level,
    method: 'wilson',
  });
}

/** Internal: events per 100 units of a base (may exceed 100, so no proportion interval). */
export function eventRate(
  fn: string,
  num: { field: string; value: number },
  den: { field: string; value: number },
): KpiResult<RateDetails> {
  assertCount(fn, num.field, num.value);
  assertCount(fn, den.field, den.value);
  const details = { numerator: num.value, denominator: den.value };
  if (den.value === 0) return insufficient(0, `zero denominator: ${den.field} is 0`, details);
  return kpiValue(den.value, (100 * num.value) / den.value, details);
}

/**
 * A generic proportion in percent with a Wilson interval: the building block of every rate KPI.
 *
 * rate = numerator / denominator × 100; n = denominator; insufficient when the denominator is 0.
 * @throws CxError `rate/invalid-count`, `rate/exceeds-total` when numerator > denominator, `rate/invalid-level`.
 * @example rate(45, 50).value // 90
 */
export function rate(numerator: number, denominator: number, o: RateOptions = {}): KpiResult<RateDetails> {
  return proportion(
    'rate',
    { field: 'numerator', value: numerator },
    { field: 'denominator', value: denominator },
    o,
  );
}
