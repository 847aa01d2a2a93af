import { insufficient, kpiValue, type KpiResult } from './kpi-result.js';
import { assertCount, assertNonNegative } from './validate.js';

/** The three factors of a CLV. */
export interface ClvDetails {
  /** Average purchase value (currency). */
  averagePurchaseValue: number;
  /** Purchases per customer per time unit. */
  purchaseFrequency: number;
  /** Average customer lifespan, in the same time unit. */
  averageLifespan: number;
}

/**
 * Customer lifetime value (seed 004): the revenue a customer brings over the relationship.
 *
 * CLV = average purchase value × purchase frequency × average customer lifespan (frequency and lifespan in the
 * same time unit); `customers` is the number of customers the averages were measured on and becomes `n`.
 * @throws CxError `customerLifetimeValue/invalid-number`, `customerLifetimeValue/invalid-count`.
 * @example customerLifetimeValue({ averagePurchaseValue: 1200, purchaseFrequency: 4, averageLifespan: 5, customers: 80 }).value // 24000
 */
export function customerLifetimeValue(input: ClvDetails & { customers: number }): KpiResult<ClvDetails> {
  const fn = 'customerLifetimeValue';
  assertNonNegative(fn, 'averagePurchaseValue', input.averagePurchaseValue);
  assertNonNegative(fn, 'purchaseFrequency', input.purchaseFrequency);
  assertNonNegative(fn, 'averageLifespan', input.averageLifespan);
  assertCount(fn, 'customers', input.customers);
  const details = {
    averagePurchaseValue: input.averagePurchaseValue,
    purchaseFrequency: input.purchaseFrequency,
    averageLifespan: input.averageLifespan,
  };
  if (input.customers === 0) return insufficient(0, 'no customers measured', details);
  return kpiValue(
    input.customers,
    input.averagePurchaseValue * input.purchaseFrequency * input.averageLifespan,
    details,
  );
}
