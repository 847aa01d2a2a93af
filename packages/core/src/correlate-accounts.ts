import type { CorrelationDetails, CorrelationOptions } from './correlation.js';
import type { KpiResult } from './kpi-result.js';
import { pearson } from './pearson.js';
import { spearman } from './spearman.js';

/** Per-account values keyed by account id; null or absent means unknown. */
export type AccountSeries =
  ReadonlyMap<string, number | null> | Readonly<Record<string, number | null | undefined>>;

function entries(s: AccountSeries): Map<string, number | null> {
  return s instanceof Map
    ? new Map(s)
    : new Map(Object.entries(s as Record<string, number | null | undefined>).map(([k, v]) => [k, v ?? null]));
}

/**
 * Correlates a per-account CX metric with a business outcome keyed by account id (seed 001: NPS vs
 * repurchase and share of wallet, CSAT vs CLV, CES vs cost to serve, OTIF vs disputes, FTFR vs cost).
 * Accounts known on only one side are dropped and counted in `details.dropped`; `n` is the accounts kept.
 *
 * Pearson (default) or Spearman, with t-test p-value and Fisher-z interval (see {@link pearson}, {@link spearman}).
 * @throws CxError `pearson/non-finite` or `spearman/non-finite` naming the position of a non-finite value.
 * @example correlateAccounts({ a: 50, b: 10, c: -20, d: 30 }, { a: 0.9, b: 0.5, c: 0.1, d: 0.7, e: 0.2 }, { method: 'spearman' }).value // 1
 */
export function correlateAccounts(
  metric: AccountSeries,
  outcome: AccountSeries,
  o: CorrelationOptions & { method?: 'pearson' | 'spearman' } = {},
): KpiResult<CorrelationDetails> {
  const x = entries(metric);
  const y = entries(outcome);
  const keys = [...new Set([...x.keys(), ...y.keys()])].sort();
  const xs = keys.map((k) => x.get(k) ?? null);
  const ys = keys.map((k) => y.get(k) ?? null);
  const opts = o.level === undefined ? {} : { level: o.level };
  return (o.method ?? 'pearson') === 'spearman' ? spearman(xs, ys, opts) : pearson(xs, ys, opts);
}
