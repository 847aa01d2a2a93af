/** Below this many answers a KPI is still reported, but flagged as a small sample. */
export const SMALL_SAMPLE_THRESHOLD = 30;

/** How an interval was computed. */
export type IntervalMethod =
  'wald' | 'adjusted-wald' | 'wilson' | 'newcombe' | 't' | 'fisher-z' | 'normal' | 'cluster-robust';

/** A confidence interval. `lower`/`upper` are clipped to the KPI's range for display; `raw` keeps the unclipped bounds. */
export interface Interval {
  /** Lower bound, clipped to the KPI's range. */
  lower: number;
  /** Upper bound, clipped to the KPI's range. */
  upper: number;
  /** Confidence level, e.g. 0.95. */
  level: number;
  /** Method used. */
  method: IntervalMethod;
  /** Unclipped bounds, when clipping changed them. */
  raw?: { lower: number; upper: number };
}

/** A KPI with a value: `n` is always present and `smallSample` says when n < {@link SMALL_SAMPLE_THRESHOLD}. */
export interface KpiValue<Extra extends object = object> {
  /** Discriminant. */
  status: 'ok';
  /** Sample size the value was computed from. */
  n: number;
  /** The value (points for NPS, percent for rates, scale units for means). */
  value: number;
  /** True when n is below {@link SMALL_SAMPLE_THRESHOLD}. */
  smallSample: boolean;
  /** Confidence interval, when one applies. */
  interval?: Interval;
  /** KPI-specific details (counts, variance, ...). */
  details: Extra;
}

/** A KPI that cannot be computed: never NaN or Infinity, always a reason. */
export interface KpiInsufficient<Extra extends object = object> {
  /** Discriminant. */
  status: 'insufficient-data';
  /** Sample size (0 or too small for the KPI). */
  n: number;
  /** Always null. */
  value: null;
  /** Why no value: e.g. "no answers", "zero denominator". */
  reason: string;
  /** KPI-specific details that are still meaningful (counts). */
  details: Extra;
}

/** Result of every KPI function. */
export type KpiResult<Extra extends object = object> = KpiValue<Extra> | KpiInsufficient<Extra>;

/** Builds an insufficient-data result. */
export function insufficient<Extra extends object>(
  n: number,
  reason: string,
  details: Extra,
): KpiInsufficient<Extra> {
  return { status: 'insufficient-data', n, value: null, reason, details };
}

/** Builds a value result, flagging small samples; throws if `value` is not finite (a bug, never user input). */
export function kpiValue<Extra extends object>(
  n: number,
  value: number,
  details: Extra,
  interval?: Interval,
): KpiValue<Extra> {
  if (!Number.isFinite(value)) throw new Error(`kpiValue: non-finite value ${value} (n=${n})`);
  const r: KpiValue<Extra> = { status: 'ok', n, value, smallSample: n < SMALL_SAMPLE_THRESHOLD, details };
  if (interval) r.interval = interval;
  return r;
}
