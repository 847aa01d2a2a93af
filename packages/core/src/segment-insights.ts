import type { InsightPoint } from './alert-event.js';

/** One account's dated health score or churn risk, as a segment rule reads them. */
export interface AccountInsightPoint extends InsightPoint {
  /** The account. */
  accountId: string;
}

/**
 * A segment's series from its accounts' points: one point per computation time (a recomputation
 * scores every account at once), worth the accounts' mean (health score, churn probability: the
 * share expected to leave) or, with `bands`, the share of the accounts in those bands (0-1).
 * `n` says how many accounts each point stands on.
 * @example segmentInsightPoints([{ accountId: 'a', computedAt: t, value: 30, band: 'at-risk' }, { accountId: 'b', computedAt: t, value: 80, band: 'healthy' }], ['at-risk'])[0].value // 0.5
 */
export function segmentInsightPoints(
  points: readonly AccountInsightPoint[],
  bands?: readonly string[],
): (InsightPoint & { n: number })[] {
  const byTime = new Map<number, AccountInsightPoint[]>();
  for (const p of points) {
    const t = Date.parse(p.computedAt);
    byTime.set(t, [...(byTime.get(t) ?? []), p]);
  }
  return [...byTime.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([t, ps]) => ({
      computedAt: new Date(t).toISOString(),
      value: bands
        ? ps.filter((p) => p.band !== undefined && bands.includes(p.band)).length / ps.length
        : ps.reduce((s, p) => s + p.value, 0) / ps.length,
      n: ps.length,
    }));
}
