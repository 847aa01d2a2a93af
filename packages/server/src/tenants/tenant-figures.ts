import {
  ces,
  csat,
  emptySummary,
  mergeSummaries,
  nps,
  periodKey,
  scoredCount,
  KpiViewSchema,
  type KpiResult,
  type ScoreSummary,
} from '@cxkit/core';
import { z } from 'zod';
import type { Queryable } from '../db/database.js';
import { kpiView } from '../accounts/account-summary.js';
import {
  tenantScoreAggregates,
  type TenantKind,
  type TenantScoreRow as Row,
} from './tenant-figures-store.js';

/** Query of `GET /v1/admin/tenant-summary`. */
export const TenantSummaryQuerySchema = z.strictObject({
  /** Months in the window, counting the current one (default 12). */
  months: z.coerce.number().int().min(1).max(60).default(12),
});

const SplitSchema = z.strictObject({
  /** Every answer of the tenant in the window: vouched and unvouched. */
  all: KpiViewSchema,
  /** Answers whose account a signed identity vouches for (the ones account figures use). */
  vouched: KpiViewSchema,
  /** Unsigned anonymous answers: counted here only, never in an account's figures. */
  unvouched: KpiViewSchema,
});

/** The tenant-level figures, with the unvouched (unsigned anonymous) answers flagged apart. */
export const TenantSummarySchema = z.strictObject({
  window: z.strictObject({ fromMonth: z.string(), toMonth: z.string() }),
  nps: SplitSchema,
  csat: SplitSchema,
  ces: SplitSchema,
});

/** Tenant-level figures. */
export type TenantSummary = z.infer<typeof TenantSummarySchema>;

const toSummary = (r: Row): ScoreSummary => {
  const s = emptySummary(r.kind, { min: r.scale_min, max: r.scale_max, polarity: r.polarity });
  for (let v = r.scale_min; v <= r.scale_max; v++) s.counts[v - r.scale_min] = Number(r[`c${v}`] ?? 0);
  s.cantRecommend = Number(r.cant_recommend);
  s.skipped = Number(r.skipped);
  return s;
};

const kpiOf = (kind: TenantKind, s: ScoreSummary): KpiResult =>
  kind === 'nps' ? nps(s) : kind === 'csat' ? csat(s) : ces(s);

/**
 * The tenant's NPS, CSAT and CES over the window, split by trust: answers vouched for by a signed
 * identity, unsigned anonymous answers, and both together. Unsigned answers appear nowhere else.
 * On mixed scales, the scale most answers used is reported (as in the account summary).
 */
export async function buildTenantSummary(
  db: Queryable,
  tenantId: string,
  months: number,
  now: Date,
): Promise<TenantSummary> {
  const to = periodKey(now, 'month');
  const from = periodKey(
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1)),
    'month',
  );
  const all = await tenantScoreAggregates(db, tenantId, from, to);
  const split = (kind: TenantKind) => {
    const rows = all.filter((x) => x.kind === kind);
    const byScale = new Map<string, number>();
    for (const x of rows) {
      const k = `${x.scale_min}|${x.scale_max}|${x.polarity}`;
      byScale.set(k, (byScale.get(k) ?? 0) + scoredCount(toSummary(x)));
    }
    const best = [...byScale.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
    const on = rows.filter((x) => `${x.scale_min}|${x.scale_max}|${x.polarity}` === best);
    const first = on[0];
    const empty = () =>
      first
        ? emptySummary(kind, { min: first.scale_min, max: first.scale_max, polarity: first.polarity })
        : emptySummary(kind);
    const merged = (list: Row[]) => (list.length > 0 ? mergeSummaries(list.map(toSummary)) : empty());
    const unit = kind === 'nps' ? 'points' : kind === 'csat' ? 'percent' : 'scale';
    const scale = kind === 'ces' && first ? { min: first.scale_min, max: first.scale_max } : undefined;
    const view = (list: Row[]) => kpiView(kpiOf(kind, merged(list)), unit, scale);
    return {
      all: view(on),
      vouched: view(on.filter((x) => x.vouched)),
      unvouched: view(on.filter((x) => !x.vouched)),
    };
  };
  return {
    window: { fromMonth: from, toMonth: to },
    nps: split('nps'),
    csat: split('csat'),
    ces: split('ces'),
  };
}
