import { CxError } from './cx-error.js';
import { insufficient, kpiValue, type Interval, type KpiResult } from './kpi-result.js';
import { tCritical } from './t-distribution.js';
import { DEFAULT_LEVEL, assertLevel } from './validate.js';

/** Spread of a set of durations. */
export interface DurationDetails {
  /** Median duration (robust to the long tail durations always have). */
  median: number;
  /** 90th percentile (linear interpolation, R type 7). */
  p90: number;
  /** Sample standard deviation; null below 2 values. */
  sd: number | null;
}

/** Internal: quantile by linear interpolation between order statistics (R type 7) of sorted values. */
function quantileSorted(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

/**
 * Mean duration with a t interval, plus median and 90th percentile: the shape of every time KPI
 * (time on site, time to first response, resolution time, time to quote). Values in any one unit.
 *
 * mean = Σ d / n; interval mean ± t(n − 1) · sd / sqrt(n) (lower bound clipped at 0).
 * @throws CxError `fn/invalid-duration` naming `durations[i]`, `fn/invalid-level`.
 * @example durationStats('resolutionTime', [2, 4, 9]).details.median // 4
 */
export function durationStats(
  fn: string,
  durations: readonly number[],
  o: { level?: number } = {},
): KpiResult<DurationDetails> {
  const level = o.level ?? DEFAULT_LEVEL;
  assertLevel(fn, level);
  durations.forEach((d, i) => {
    if (!Number.isFinite(d) || d < 0)
      throw new CxError(
        `${fn}/invalid-duration`,
        `durations[${i}] must be a finite number >= 0, got ${String(d)}`,
        {
          field: `durations[${i}]`,
        },
      );
  });
  const n = durations.length;
  if (n === 0) return insufficient(0, 'no durations', { median: 0, p90: 0, sd: null });
  const sorted = [...durations].sort((a, b) => a - b);
  let sum = 0;
  for (const d of sorted) sum += d;
  const mean = sum / n;
  let ss = 0;
  for (const d of sorted) ss += (d - mean) * (d - mean);
  const sd = n >= 2 ? Math.sqrt(ss / (n - 1)) : null;
  const details = { median: quantileSorted(sorted, 0.5), p90: quantileSorted(sorted, 0.9), sd };
  let interval: Interval | undefined;
  if (sd !== null) {
    const half = (tCritical(n - 1, level) * sd) / Math.sqrt(n);
    const lower = mean - half;
    interval = { lower: Math.max(0, lower), upper: mean + half, level, method: 't' };
    if (lower < 0) interval.raw = { lower, upper: mean + half };
  }
  return kpiValue(n, mean, details, interval);
}
