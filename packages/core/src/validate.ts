import { CxError } from './cx-error.js';

// Internal guards shared by the KPI functions: every rejection names the function, the field and the rule.

/** The confidence level used when none is given. */
export const DEFAULT_LEVEL = 0.95;

/** Throws `fn/invalid-level` unless 0 < level < 1. */
export function assertLevel(fn: string, level: number): void {
  if (!(level > 0 && level < 1))
    throw new CxError(`${fn}/invalid-level`, `level must be strictly between 0 and 1, got ${String(level)}`, {
      field: 'level',
      value: level,
    });
}

/** Throws `fn/invalid-count` unless `value` is an integer >= 0. */
export function assertCount(fn: string, field: string, value: number): void {
  if (!Number.isInteger(value) || value < 0)
    throw new CxError(`${fn}/invalid-count`, `${field} must be an integer >= 0, got ${String(value)}`, {
      field,
      value,
    });
}

/** Throws `fn/invalid-number` unless `value` is finite and >= 0. */
export function assertNonNegative(fn: string, field: string, value: number): void {
  if (!Number.isFinite(value) || value < 0)
    throw new CxError(`${fn}/invalid-number`, `${field} must be a finite number >= 0, got ${String(value)}`, {
      field,
      value,
    });
}

/** Throws `fn/exceeds-total` when a part is larger than its whole. */
export function assertAtMost(
  fn: string,
  field: string,
  value: number,
  totalField: string,
  total: number,
): void {
  if (value > total)
    throw new CxError(`${fn}/exceeds-total`, `${field} (${value}) cannot exceed ${totalField} (${total})`, {
      field,
      value,
      [totalField]: total,
    });
}

/** Throws `fn/wrong-kind` when a summary of another question kind is passed. */
export function assertKind(fn: string, actual: string, expected: readonly string[]): void {
  if (!expected.includes(actual))
    throw new CxError(`${fn}/wrong-kind`, `expects a ${expected.join(' or ')} summary, got ${actual}`, {
      field: 'kind',
      value: actual,
    });
}

/** Clips `x` to [lo, hi]. */
export function clip(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
