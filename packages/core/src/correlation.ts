import { CxError } from './cx-error.js';
import { insufficient, kpiValue, type KpiResult } from './kpi-result.js';
import { zCritical } from './normal-distribution.js';
import { twoSidedTP } from './t-distribution.js';
import { DEFAULT_LEVEL, assertLevel } from './validate.js';

/** Details of a correlation coefficient. */
export interface CorrelationDetails {
  /** Which coefficient. */
  method: 'pearson' | 'spearman';
  /** Two-sided p-value of "no correlation", from t = r·sqrt((n − 2)/(1 − r²)) with n − 2 df; null below 3 pairs. */
  p: number | null;
  /** The t statistic; null when |r| = 1 or below 3 pairs. */
  t: number | null;
  /** Pairs left out because one side was null (e.g. an account without an NPS). */
  dropped: number;
}

/** Options of {@link pearson} and {@link spearman}. */
export interface CorrelationOptions {
  /** Confidence level of the Fisher-z interval, default 0.95. */
  level?: number;
}

/** Internal: complete pairs of two equally long series, rejecting non-finite numbers by index. */
export function completePairs(
  fn: string,
  x: readonly (number | null)[],
  y: readonly (number | null)[],
): { xs: number[]; ys: number[]; dropped: number } {
  if (x.length !== y.length)
    throw new CxError(`${fn}/length-mismatch`, `x has ${x.length} values but y has ${y.length}`, {
      field: 'y',
    });
  const xs: number[] = [];
  const ys: number[] = [];
  let dropped = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i] ?? null;
    const b = y[i] ?? null;
    for (const [v, f] of [
      [a, 'x'],
      [b, 'y'],
    ] as const)
      if (v !== null && !Number.isFinite(v))
        throw new CxError(
          `${fn}/non-finite`,
          `${f}[${i}] must be a finite number or null, got ${String(v)}`,
          {
            field: `${f}[${i}]`,
          },
        );
    if (a === null || b === null) dropped++;
    else {
      xs.push(a);
      ys.push(b);
    }
  }
  return { xs, ys, dropped };
}

/** Internal: Pearson's r of two complete series, or null when one is constant. */
export function pearsonR(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i] as number;
    my += ys[i] as number;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Internal: the result with t-test p-value and Fisher-z interval (se = 1/sqrt(n − 3)). */
export function correlationResult(
  fn: string,
  method: CorrelationDetails['method'],
  xs: readonly number[],
  ys: readonly number[],
  dropped: number,
  o: CorrelationOptions,
): KpiResult<CorrelationDetails> {
  const level = o.level ?? DEFAULT_LEVEL;
  assertLevel(fn, level);
  const n = xs.length;
  const none = { method, p: null, t: null, dropped };
  if (n < 3) return insufficient(n, 'needs at least 3 complete pairs', none);
  const r = pearsonR(xs, ys);
  if (r === null) return insufficient(n, 'one of the series is constant', none);
  const perfect = Math.abs(r) === 1;
  const t = perfect ? null : r * Math.sqrt((n - 2) / (1 - r * r));
  const p = t === null ? 0 : twoSidedTP(t, n - 2);
  const details = { method, p, t, dropped };
  if (n < 4) return kpiValue(n, r, details);
  if (perfect) return kpiValue(n, r, details, { lower: r, upper: r, level, method: 'fisher-z' });
  const z = Math.atanh(r);
  const half = zCritical(level) / Math.sqrt(n - 3);
  return kpiValue(n, r, details, {
    lower: Math.tanh(z - half),
    upper: Math.tanh(z + half),
    level,
    method: 'fisher-z',
  });
}
