import {
  byDimension,
  byPeriod,
  ces,
  csat,
  groupSummaries,
  nps,
  spearman,
  type KpiResult,
  type ScoreSummary,
  type ScoredKind,
  type SegmentRow,
} from '@cxkit/core';
import type { Queryable } from '@cxkit/server';
import { tenantThemes, type ThemeRow } from './dashboard-themes.js';

/** One KPI value as the dashboard shows it: value, interval and sample size. */
export interface KpiPoint {
  key: string;
  n: number;
  value: number | null;
  lower: number | null;
  upper: number | null;
  smallSample: boolean;
}

/** One correlation of a CX metric with an outcome across accounts. */
export interface CorrelationRow {
  metric: string;
  outcome: string;
  rho: number | null;
  p: number | null;
  n: number;
}

/** An account at risk: low recent NPS and falling usage. */
export interface AtRiskAccount {
  accountId: string;
  name: string;
  /** Stored churn probability (0-1) and whether it came from the tenant's model or the health prior. */
  churnRisk: number | null;
  churnSource: 'model' | 'prior' | null;
  /** The largest driver of the risk, in words. */
  topDriver: string | null;
  healthScore: number | null;
  healthBand: string | null;
  nps: number | null;
  npsN: number;
  usageChange: number | null;
  revenue: number;
}

/** Everything the analyst dashboard shows. */
export interface DashboardView {
  trends: Record<'nps' | 'csat' | 'ces', KpiPoint[]>;
  segments: Record<string, KpiPoint[]>;
  roles: KpiPoint[];
  correlations: CorrelationRow[];
  atRisk: AtRiskAccount[];
  /** Themes of the comments of the last 12 months, most mentioned first. */
  themes: ThemeRow[];
  totals: { accounts: number; churned: number; responses: number };
}

/** Segmentation dimensions of the dashboard. */
export const SEGMENT_DIMENSIONS = ['sector', 'size', 'region', 'distributor', 'channel'] as const;

const KPI: Record<ScoredKind, (s: ScoreSummary) => KpiResult<object>> = {
  nps: (s) => nps(s),
  csat: (s) => csat(s),
  ces: (s) => ces(s),
  c2es: (s) => ces(s),
};

function point(key: string, r: KpiResult<object>): KpiPoint {
  const ok = r.status === 'ok';
  const interval = ok ? (r as { interval?: { lower: number; upper: number } }).interval : undefined;
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    key,
    n: r.n,
    value: ok && r.value !== null ? round(r.value) : null,
    lower: interval ? round(interval.lower) : null,
    upper: interval ? round(interval.upper) : null,
    smallSample: ok ? r.smallSample : true,
  };
}

function points(groups: Map<string, ScoreSummary>, kind: ScoredKind): KpiPoint[] {
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, s]) => point(key, KPI[kind](s)));
}

/**
 * Builds the analyst dashboard from the tenant's answers and the demo's account tables: monthly
 * NPS, CSAT and CES with intervals, segment breakdowns, per-role NPS, Spearman correlations of
 * each account's NPS, CSAT and CES with retention, revenue and usage, the accounts most at risk,
 * and the themes of the last 12 months' comments.
 */
export async function buildDashboard(db: Queryable, tenantId: string, months = 24): Promise<DashboardView> {
  const answers = await db.query<{
    account_id: string;
    role: string | null;
    channel: string;
    answered_at: Date | string;
    kind: ScoredKind;
    value: number | null;
  }>(
    `SELECT account_id, role, channel, answered_at, a->>'kind' AS kind, (a->>'value')::int AS value
       FROM responses, jsonb_array_elements(answers) a
      WHERE tenant_id = $1 AND a->>'kind' IN ('nps', 'csat', 'ces')
        AND jsonb_typeof(a->'value') = 'number'`,
    [tenantId],
  );
  const accounts = await db.query<{
    account_id: string;
    name: string;
    sector: string;
    size: string;
    region: string;
    distributor: string;
    churned_at: string | null;
  }>('SELECT account_id, name, sector, size, region, distributor, churned_at FROM demo_accounts');
  const signals = await db.query<{
    account_id: string;
    month: string;
    active_users: number;
    revenue: number;
  }>('SELECT account_id, month, active_users, revenue FROM demo_signals ORDER BY month');
  const byId = new Map(accounts.rows.map((a) => [a.account_id, a]));
  const rows: SegmentRow[] = answers.rows.map((r) => {
    const a = byId.get(r.account_id);
    return {
      dims: {
        account: r.account_id,
        role: r.role ?? '(none)',
        channel: r.channel,
        sector: a?.sector ?? '(none)',
        size: a?.size ?? '(none)',
        region: a?.region ?? '(none)',
        distributor: a?.distributor ?? '(none)',
      },
      answeredAt: new Date(r.answered_at).toISOString(),
      kind: r.kind,
      value: r.value,
    };
  });
  const latest = rows.reduce((m, r) => (String(r.answeredAt) > m ? String(r.answeredAt) : m), '');
  const end = latest ? new Date(latest) : new Date();
  const from = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - months + 1, 1)).toISOString();
  const recent = rows.filter((r) => String(r.answeredAt) >= from);
  const of = (kind: ScoredKind) => recent.filter((r) => r.kind === kind);

  const trends = {
    nps: points(groupSummaries(of('nps'), byPeriod('month'), { kind: 'nps' }), 'nps'),
    csat: points(groupSummaries(of('csat'), byPeriod('month'), { kind: 'csat' }), 'csat'),
    ces: points(groupSummaries(of('ces'), byPeriod('month'), { kind: 'ces' }), 'ces'),
  };
  const lastYear = new Date(Date.UTC(end.getUTCFullYear() - 1, end.getUTCMonth() + 1, 1)).toISOString();
  const yearNps = of('nps').filter((r) => String(r.answeredAt) >= lastYear);
  const segments = Object.fromEntries(
    SEGMENT_DIMENSIONS.map((d) => [
      d,
      points(groupSummaries(yearNps, byDimension(d), { kind: 'nps' }), 'nps'),
    ]),
  );
  const roles = points(groupSummaries(yearNps, byDimension('role'), { kind: 'nps' }), 'nps');

  // Per-account scores over all of each account's answers, against outcomes.
  const byAccount = (kind: ScoredKind) =>
    groupSummaries(
      rows.filter((r) => r.kind === kind),
      byDimension('account'),
      { kind },
    );
  const perAccount = new Map<string, { first: number; last: number; revenue: number; months: number }>();
  for (const s of signals.rows) {
    const p = perAccount.get(s.account_id) ?? {
      first: s.active_users,
      last: s.active_users,
      revenue: 0,
      months: 0,
    };
    p.last = s.active_users;
    p.revenue += s.revenue;
    p.months += 1;
    perAccount.set(s.account_id, p);
  }
  const ids = accounts.rows.map((a) => a.account_id);
  const accountValues = (kind: ScoredKind) => {
    const summaries = byAccount(kind);
    return ids.map((id) => {
      const s = summaries.get(id);
      const r = s ? KPI[kind](s) : null;
      return r && r.status === 'ok' ? r.value : null;
    });
  };
  const retained = ids.map((id) => (byId.get(id)!.churned_at ? 0 : 1));
  const revenue = ids.map((id) => {
    const p = perAccount.get(id);
    return p && p.months > 0 ? p.revenue / p.months : null;
  });
  const usage = ids.map((id) => {
    const p = perAccount.get(id);
    return p && p.first > 0 ? (p.last - p.first) / p.first : null;
  });
  const corr = (
    metric: string,
    outcome: string,
    x: (number | null)[],
    y: (number | null)[],
  ): CorrelationRow => {
    const r = spearman(x, y);
    const d = r.details as { p?: number } | undefined;
    return {
      metric,
      outcome,
      rho: r.status === 'ok' && r.value !== null ? Math.round(r.value * 1000) / 1000 : null,
      p: d?.p ?? null,
      n: r.n,
    };
  };
  const correlations = (
    [
      ['NPS', 'nps'],
      ['CSAT', 'csat'],
      ['CES', 'ces'],
    ] as const
  ).flatMap(([metric, kind]) => {
    const values = accountValues(kind);
    return [
      corr(metric, 'retention (still a customer)', values, retained),
      corr(metric, 'monthly revenue', values, revenue),
      corr(metric, 'usage change', values, usage),
    ];
  });

  // At risk: active accounts by the server's churn risk, with their NPS of the last 6 months and usage trend.
  const sixMonths = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 5, 1)).toISOString();
  const recentNps = groupSummaries(
    rows.filter((r) => r.kind === 'nps' && String(r.answeredAt) >= sixMonths),
    byDimension('account'),
    { kind: 'nps' },
  );
  const insights = await db.query<{ account_id: string; kind: 'health' | 'churn'; payload: unknown }>(
    `SELECT DISTINCT ON (account_id, kind) account_id, kind, payload FROM account_insights
     WHERE tenant_id = $1 ORDER BY account_id, kind, computed_at DESC`,
    [tenantId],
  );
  const churnOf = new Map<
    string,
    { probability: number; source: 'model' | 'prior'; drivers: { text: string }[] }
  >();
  const healthOf = new Map<string, { score: number; bandLabel: string }>();
  for (const r of insights.rows) {
    const payload = typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload;
    if (r.kind === 'churn') churnOf.set(r.account_id, payload);
    else healthOf.set(r.account_id, payload);
  }
  const atRisk: AtRiskAccount[] = accounts.rows
    .filter((a) => !a.churned_at)
    .map((a) => {
      const s = recentNps.get(a.account_id);
      const r = s ? nps(s) : null;
      const p = perAccount.get(a.account_id);
      const churn = churnOf.get(a.account_id);
      const health = healthOf.get(a.account_id);
      return {
        accountId: a.account_id,
        name: a.name,
        churnRisk: churn ? churn.probability : null,
        churnSource: churn ? churn.source : null,
        topDriver: churn?.drivers[0]?.text ?? null,
        healthScore: health ? Math.round(health.score) : null,
        healthBand: health?.bandLabel ?? null,
        nps: r && r.status === 'ok' ? Math.round(r.value) : null,
        npsN: r?.n ?? 0,
        usageChange: p && p.first > 0 ? Math.round(((p.last - p.first) / p.first) * 100) : null,
        revenue: p && p.months > 0 ? Math.round(p.revenue / p.months) : 0,
      };
    })
    // The server's churn risk ranks; NPS breaks ties (and ranks alone before the first recomputation).
    .sort(
      (a, b) =>
        (b.churnRisk ?? -1) - (a.churnRisk ?? -1) ||
        (a.nps ?? 101) - (b.nps ?? 101) ||
        a.accountId.localeCompare(b.accountId),
    )
    .slice(0, 10);

  return {
    trends,
    segments,
    roles,
    correlations,
    atRisk,
    themes: await tenantThemes(db, tenantId, new Date(lastYear)),
    totals: {
      accounts: accounts.rows.length,
      churned: accounts.rows.filter((a) => a.churned_at).length,
      responses: answers.rows.length,
    },
  };
}
