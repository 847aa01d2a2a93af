import type { KpiResult } from './kpi-result.js';

/** How a KPI stands against its target. */
export type TargetVerdict =
  'significantly-above' | 'significantly-below' | 'not-distinguishable' | 'no-interval';

/** Result of {@link compareWithTarget}. */
export type TargetComparison =
  | {
      status: 'ok';
      /** The KPI's value. */
      value: number;
      /** The target. */
      target: number;
      /** value − target. */
      gap: number;
      /** value >= target (value <= target when lower is better). */
      met: boolean;
      /** Whether the confidence interval lies entirely on one side of the target; null without an interval. */
      intervalExcludesTarget: boolean | null;
      /** Above/below with confidence, within the noise, or no interval to tell. */
      verdict: TargetVerdict;
    }
  | { status: 'insufficient-data'; value: null; target: number; reason: string };

/**
 * Compares a KPI with its target (seed 001: "compare actuals with targets").
 *
 * gap = value − target; met = value ≥ target; the verdict is significantly above (interval lower bound > target),
 * significantly below (upper bound < target) or not distinguishable, so a one-point miss on 12 answers
 * is not reported as a failure. The interval is widened to contain the value, so `met` and a verdict against it
 * never hold together.
 * @example compareWithTarget(nps(summarize('nps', [10, 9, 3, 8, 7])), 25) // { gap: -5, met: false, verdict: 'not-distinguishable', ... }
 */
export function compareWithTarget(
  result: KpiResult,
  target: number,
  o: { higherIsBetter?: boolean } = {},
): TargetComparison {
  if (result.status !== 'ok')
    return { status: 'insufficient-data', value: null, target, reason: result.reason };
  const higher = o.higherIsBetter ?? true;
  const gap = result.value - target;
  // An interval is read as containing its own estimate: otherwise "met" and "significantly below" could
  // both hold (a result built elsewhere with an adjusted interval that excludes its value).
  const i = result.interval
    ? {
        lower: Math.min(result.interval.lower, result.value),
        upper: Math.max(result.interval.upper, result.value),
      }
    : undefined;
  const excludes = i ? i.lower > target || i.upper < target : null;
  const verdict: TargetVerdict = !i
    ? 'no-interval'
    : i.lower > target
      ? 'significantly-above'
      : i.upper < target
        ? 'significantly-below'
        : 'not-distinguishable';
  return {
    status: 'ok',
    value: result.value,
    target,
    gap,
    met: higher ? gap >= 0 : gap <= 0,
    intervalExcludesTarget: excludes,
    verdict,
  };
}
