import { CxError } from './cx-error.js';

/** Makes the MAD a consistent estimator of the standard deviation for normal data (1 / Φ⁻¹(3/4)). */
export const MAD_SCALE = 1.4826;

/** Makes the mean absolute deviation consistent with the standard deviation for normal data (√(π/2)). */
export const MEAN_AD_SCALE = 1.2533;

/** Options of {@link robustBand} and {@link detectAnomaly}. */
export interface AnomalyOptions {
  /** Half-width of the band in robust standard deviations; default 3. */
  k?: number;
  /** Fewest history points needed to judge a point; default 6. */
  minHistory?: number;
}

/** The robust band of a history: median ± k × spread. */
export interface RobustBand {
  /** Median of the history. */
  median: number;
  /** Robust standard deviation: 1.4826 × MAD, or 1.2533 × mean absolute deviation when the MAD is 0. */
  spread: number;
  /** median − k × spread. */
  lower: number;
  /** median + k × spread. */
  upper: number;
  /** History points used. */
  n: number;
}

/** Verdict on one point: outside its band or not, and by how much. */
export interface AnomalyVerdict extends RobustBand {
  /** Discriminant. */
  status: 'ok';
  /** The point judged. */
  value: number;
  /** (value − median) / spread; ±Infinity when the history never varies and the point differs. */
  score: number;
  /** |value − median| > k × spread (with a flat history: value ≠ median). */
  anomalous: boolean;
}

/** Too little history to judge a point. */
export interface AnomalyInsufficient {
  /** Discriminant. */
  status: 'insufficient-history';
  /** The point. */
  value: number;
  /** History points available. */
  n: number;
  /** History points needed. */
  minHistory: number;
}

/** Result of {@link detectAnomaly}. */
export type AnomalyResult = AnomalyVerdict | AnomalyInsufficient;

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function checkOptions(fn: string, o: AnomalyOptions): { k: number; minHistory: number } {
  const k = o.k ?? 3;
  const minHistory = o.minHistory ?? 6;
  if (!(Number.isFinite(k) && k > 0))
    throw new CxError(`${fn}/invalid-k`, `k must be a finite number > 0, got ${String(k)}`, { field: 'k' });
  if (!(Number.isInteger(minHistory) && minHistory >= 2))
    throw new CxError(
      `${fn}/invalid-min-history`,
      `minHistory must be an integer >= 2, got ${String(minHistory)}`,
      {
        field: 'minHistory',
      },
    );
  return { k, minHistory };
}

function checkValues(fn: string, values: readonly number[]): void {
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0)
    throw new CxError(
      `${fn}/invalid-value`,
      `values[${bad}] must be a finite number, got ${String(values[bad])}`,
      {
        field: `values.${bad}`,
      },
    );
}

/**
 * Median and robust spread of a history, and the band median ± k × spread outside which a point is unusual.
 *
 * spread = 1.4826 × median(|xᵢ − median|) (the scaled MAD); when more than half the points equal the median the
 * MAD is 0, and spread = 1.2533 × mean(|xᵢ − median|) instead, so one earlier outlier still gives a width.
 * @throws CxError `robustBand/empty`, `robustBand/invalid-value`, `robustBand/invalid-k`.
 * @example robustBand([30, 32, 31, 29, 35, 30]) // { median: 30.5, spread: 1.4826, lower: 26.05, upper: 34.95, n: 6 }
 */
export function robustBand(values: readonly number[], options: Pick<AnomalyOptions, 'k'> = {}): RobustBand {
  const { k } = checkOptions('robustBand', { ...options, minHistory: 2 });
  if (values.length === 0)
    throw new CxError('robustBand/empty', 'values must not be empty', { field: 'values' });
  checkValues('robustBand', values);
  const sorted = [...values].sort((a, b) => a - b);
  const m = median(sorted);
  const deviations = sorted.map((v) => Math.abs(v - m)).sort((a, b) => a - b);
  const mad = median(deviations);
  const spread =
    mad > 0 ? MAD_SCALE * mad : (MEAN_AD_SCALE * deviations.reduce((s, d) => s + d, 0)) / deviations.length;
  return { median: m, spread, lower: m - k * spread, upper: m + k * spread, n: values.length };
}

/**
 * Whether `value` lies outside the robust band of its `history` (e.g. a month's NPS against the trailing year).
 *
 * anomalous ⇔ |value − median| > k × spread (see {@link robustBand}); with a history that never varies
 * (spread 0), any different value is anomalous. Needs at least `minHistory` points.
 * @throws CxError `detectAnomaly/invalid-value`, `detectAnomaly/invalid-k`, `detectAnomaly/invalid-min-history`.
 * @example detectAnomaly([30, 32, 31, 29, 35, 30], 12).anomalous // true: 12 < 26.05
 */
export function detectAnomaly(
  history: readonly number[],
  value: number,
  options: AnomalyOptions = {},
): AnomalyResult {
  const { k, minHistory } = checkOptions('detectAnomaly', options);
  checkValues('detectAnomaly', [...history, value]);
  if (history.length < minHistory)
    return { status: 'insufficient-history', value, n: history.length, minHistory };
  const band = robustBand(history, { k });
  const diff = value - band.median;
  const score = band.spread > 0 ? diff / band.spread : diff === 0 ? 0 : diff > 0 ? Infinity : -Infinity;
  return { status: 'ok', ...band, value, score, anomalous: Math.abs(diff) > k * band.spread };
}

/** A point of a series: its period and value (null when the period has too few answers to count). */
export interface SeriesPoint {
  /** Period key, e.g. `2026-03`. */
  period: string;
  /** The value, or null for a gap. */
  value: number | null;
}

/** Options of {@link detectAnomalies}. */
export interface SeriesAnomalyOptions extends AnomalyOptions {
  /** History points before each point, default 12 (a trailing year of months). */
  window?: number;
}

/**
 * Judges every point of a series against the `window` non-null points before it; gaps are skipped and never judged.
 * @throws CxError as {@link detectAnomaly}, and `detectAnomalies/invalid-window`.
 * @example detectAnomalies(months).filter((p) => p.status === 'ok' && p.anomalous)
 */
export function detectAnomalies(
  series: readonly SeriesPoint[],
  options: SeriesAnomalyOptions = {},
): (AnomalyResult & { period: string })[] {
  const window = options.window ?? 12;
  if (!(Number.isInteger(window) && window >= 2))
    throw new CxError(
      'detectAnomalies/invalid-window',
      `window must be an integer >= 2, got ${String(window)}`,
      {
        field: 'window',
      },
    );
  const out: (AnomalyResult & { period: string })[] = [];
  const seen: number[] = [];
  for (const p of series) {
    if (p.value === null) continue;
    out.push({ ...detectAnomaly(seen.slice(-window), p.value, options), period: p.period });
    seen.push(p.value);
  }
  return out;
}
