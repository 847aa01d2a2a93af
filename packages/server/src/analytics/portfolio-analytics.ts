import {
  analyticsKpiOf,
  SMALL_SAMPLE_THRESHOLD,
  byThemeCount,
  clusterRobustCsat,
  clusterRobustMean,
  clusterRobustNps,
  headlineKpiFromMonths,
  correlateAccounts,
  emptySummary,
  mergeSummaries,
  periodKey,
  scoredCount,
  targetViewOf,
  wilsonInterval,
  type KpiResult,
  type KpiView,
  type PooledKpiView,
  type ScoreSummary,
  ANALYTICS_KPIS,
  type AlertsView,
  type AnalyticsKpi,
  type AtRiskView,
  type CorrelationsView,
  type HeadlineKpi,
  type OverviewView,
  type SegmentsView,
  type ThemesView,
} from '@cxkit/core';
import { kpiView } from '../accounts/account-summary.js';
import { StoredChurnSchema, StoredHealthSchema } from '../accounts/account-insights.js';
import { getSetting } from '../admin/config-store.js';
import type { Queryable } from '../db/database.js';
import { HttpError } from '../http-error.js';
import { storedAnswerText } from '../verbatims/stored-answer-text.js';
import {
  accountNames,
  accountRecords,
  alertCounts,
  attributeNames,
  groupedAggregates,
  hiddenFieldNames,
  latestAlerts,
  latestInsightPayloads,
  themeCounts,
  themeExamples,
  type AccountRecord,
  type GroupedSummary,
} from './analytics-store.js';
import { currentTargets } from './analytics-targets.js';

/** A window of whole calendar months ending now. */
export interface AnalyticsWindow {
  from: Date;
  to: Date;
  months: number;
  fromMonth: string;
  toMonth: string;
}

/** The window of `months` calendar months, the current one included. */
export function analyticsWindow(now: Date, months: number): AnalyticsWindow {
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1));
  return { from, to: now, months, fromMonth: periodKey(from, 'month'), toMonth: periodKey(now, 'month') };
}

/** The window as the views show it. */
export const analyticsWindowView = (w: AnalyticsWindow) => ({
  from: w.from.toISOString(),
  to: w.to.toISOString(),
  months: w.months,
});

const UNIT: Record<AnalyticsKpi, KpiView['unit']> = {
  nps: 'points',
  csat: 'percent',
  ces: 'scale',
  c2es: 'scale',
};

/** A KPI result as the views show it (the scale's ends for means). */
export function figureOf(kind: AnalyticsKpi, s: ScoreSummary): KpiView {
  return kpiView(
    analyticsKpiOf(kind, s),
    UNIT[kind],
    UNIT[kind] === 'scale' ? { min: s.scale.min, max: s.scale.max } : undefined,
  );
}

/**
 * A KPI pooled over many accounts' answers with its cluster-robust interval (core's `clusterRobust*`,
 * by account: a respondent belongs to one account, so clustering by account also covers one person's
 * repeated answers). `rows` hold one or more summaries per account (`accountId`, else `key`).
 */
export function pooledFigure(
  kind: AnalyticsKpi,
  rows: readonly GroupedSummary[],
): { result: KpiResult; view: PooledKpiView } {
  const byAccount = new Map<string, ScoreSummary[]>();
  for (const r of rows) {
    const id = r.accountId ?? r.key;
    const list = byAccount.get(id);
    if (list) list.push(r.summary);
    else byAccount.set(id, [r.summary]);
  }
  const clusters = [...byAccount.values()].map((l) => mergeSummaries(l));
  if (clusters.length === 0) {
    const result = analyticsKpiOf(kind, emptySummary(kind));
    return { result, view: { ...figureOf(kind, emptySummary(kind)), interval: null } };
  }
  const result =
    kind === 'nps'
      ? clusterRobustNps(clusters)
      : kind === 'csat'
        ? clusterRobustCsat(clusters)
        : clusterRobustMean(clusters);
  const all = mergeSummaries(clusters);
  const base = kpiView(
    result,
    UNIT[kind],
    UNIT[kind] === 'scale' ? { min: all.scale.min, max: all.scale.max } : undefined,
  );
  const independent = result.status === 'ok' ? result.details.independentInterval : null;
  return {
    result,
    view: {
      ...base,
      interval:
        base.interval && result.status === 'ok'
          ? {
              ...base.interval,
              clusters: result.details.clusters,
              designEffect: result.details.designEffect,
              independent: independent ? { lower: independent.lower, upper: independent.upper } : null,
            }
          : null,
    },
  };
}

const scaleKey = (s: ScoreSummary) => `${s.scale.min}-${s.scale.max}-${s.scale.polarity}`;

/**
 * The rows of one kind on the scale most answers used: summaries on different scales cannot be
 * merged, and a tenant that moved CSAT from 1-5 to 1-7 reports on the scale of most answers.
 */
function onDominantScale(rows: readonly GroupedSummary[], kind: AnalyticsKpi): GroupedSummary[] {
  const byScale = new Map<string, GroupedSummary[]>();
  // push, not spread: with one row per account a spread copy per row is quadratic (30 s at 10,000 accounts).
  for (const r of rows) {
    if (r.kind !== kind) continue;
    const list = byScale.get(scaleKey(r.summary));
    if (list) list.push(r);
    else byScale.set(scaleKey(r.summary), [r]);
  }
  let best: GroupedSummary[] = [];
  let bestCount = -1;
  for (const list of byScale.values()) {
    const count = list.reduce((t, r) => t + scoredCount(r.summary), 0);
    if (count > bestCount) [best, bestCount] = [list, count];
  }
  return best;
}

const merged = (kind: AnalyticsKpi, rows: readonly GroupedSummary[]): ScoreSummary =>
  rows.length > 0 ? mergeSummaries(rows.map((r) => r.summary)) : emptySummary(kind);

function byKey(rows: readonly GroupedSummary[]): Map<string, GroupedSummary[]> {
  const out = new Map<string, GroupedSummary[]>();
  for (const r of rows) {
    const list = out.get(r.key);
    if (list) list.push(r);
    else out.set(r.key, [r]);
  }
  return out;
}

const round = (x: number, digits: number) => {
  const k = 10 ** digits;
  return Math.round(x * k) / k;
};

const isActive = (a: AccountRecord, now: Date) =>
  a.churnedAt === null || Date.parse(a.churnedAt) > now.getTime();

/**
 * The portfolio's headline KPIs over the window (pooled over every answer, with intervals), each
 * against the tenant's target, with the monthly trend and the change from the previous month
 * tested (core's `trend`); the accounts, their health bands and the churn exposure.
 */
export async function buildOverview(
  db: Queryable,
  tenantId: string,
  w: AnalyticsWindow,
): Promise<OverviewView> {
  const [rows, accountRows, targets, accounts, insights] = await Promise.all([
    groupedAggregates(db, tenantId, { by: 'month' }, w),
    groupedAggregates(db, tenantId, { by: 'account' }, w),
    currentTargets(db, tenantId),
    accountRecords(db, tenantId),
    latestInsightPayloads(db, tenantId),
  ]);
  const kpis: HeadlineKpi[] = ANALYTICS_KPIS.map((kind) => {
    const list = onDominantScale(rows, kind);
    const target = targets.targets[kind];
    const monthly = new Map([...byKey(list)].map(([month, l]) => [month, merged(kind, l)]));
    // The trend is core's (the same as the monthly report's); the headline figure is pooled by account.
    const headline = headlineKpiFromMonths(kind, monthly, {
      fromMonth: w.fromMonth,
      toMonth: w.toMonth,
      target,
    });
    const { result, view } = pooledFigure(kind, onDominantScale(accountRows, kind));
    return { ...headline, figure: view, target: targetViewOf(result, target) };
  });

  const active = new Map(accounts.filter((a) => isActive(a, w.to)).map((a) => [a.accountId, a]));
  const bands = new Map<string, { label: string; accounts: number }>();
  let healthSum = 0;
  let healthN = 0;
  let churnN = 0;
  let expected = 0;
  let mrrRisk = 0;
  let mrrKnown = 0;
  for (const i of insights) {
    const account = active.get(i.accountId);
    if (!account) continue;
    if (i.kind === 'health') {
      const h = StoredHealthSchema.safeParse(i.payload);
      if (!h.success) continue;
      healthSum += h.data.score;
      healthN++;
      const b = bands.get(h.data.band) ?? { label: h.data.bandLabel, accounts: 0 };
      b.accounts++;
      bands.set(h.data.band, b);
    } else {
      const c = StoredChurnSchema.safeParse(i.payload);
      if (!c.success) continue;
      churnN++;
      expected += c.data.probability;
      if (account.mrr !== null) {
        mrrRisk += c.data.probability * account.mrr;
        mrrKnown++;
      }
    }
  }
  return {
    generatedAt: w.to.toISOString(),
    window: analyticsWindowView(w),
    kpis,
    accounts: {
      total: accounts.length,
      active: active.size,
      churned: accounts.length - active.size,
    },
    health: {
      scored: healthN,
      mean: healthN > 0 ? round(healthSum / healthN, 1) : null,
      bands: [...bands.entries()]
        .map(([band, b]) => ({ band, label: b.label, accounts: b.accounts }))
        .sort((a, b) => b.accounts - a.accounts || a.band.localeCompare(b.band)),
    },
    churn: {
      scored: churnN,
      expectedChurners: churnN > 0 ? round(expected, 1) : null,
      expectedMrrAtRisk: mrrKnown > 0 ? Math.round(mrrRisk) : null,
      mrrKnown,
    },
  };
}

/** The prefix of a segment dimension that is a hidden field of the answers (`hidden.plan`, `hidden.utm_campaign`). */
export const HIDDEN_PREFIX = 'hidden.';

/**
 * A KPI per value of an account attribute (any key of the accounts' signal `features`, e.g.
 * sector or distributor), per respondent role, or per value of a hidden field the widget sent with the
 * answers (`hidden.<field>`: host-page values, `page`, `utm_source`...), over the window. Every figure is
 * pooled over the segment's accounts with a cluster-robust interval.
 * @throws HttpError 400 `analytics/unknown-dimension` naming the dimensions the tenant has.
 */
export async function buildSegments(
  db: Queryable,
  tenantId: string,
  w: AnalyticsWindow,
  o: { dimension: string; kpi: AnalyticsKpi },
): Promise<SegmentsView> {
  const [attributes, hidden] = await Promise.all([
    attributeNames(db, tenantId),
    hiddenFieldNames(db, tenantId),
  ]);
  const dimensions = ['role', ...attributes, ...hidden.map((f) => `${HIDDEN_PREFIX}${f}`)];
  if (!dimensions.includes(o.dimension))
    throw new HttpError(400, 'analytics/unknown-dimension', `unknown dimension "${o.dimension}"`, {
      issues: [
        {
          path: 'dimension',
          rule: 'one_of',
          message: `must be one of: ${dimensions.join(', ')}`,
        },
      ],
    });
  const rows = await groupedAggregates(
    db,
    tenantId,
    o.dimension === 'role'
      ? { by: 'role' }
      : o.dimension.startsWith(HIDDEN_PREFIX) && hidden.includes(o.dimension.slice(HIDDEN_PREFIX.length))
        ? { by: 'hidden', field: o.dimension.slice(HIDDEN_PREFIX.length) }
        : { by: 'attribute', attribute: o.dimension },
    { ...w, kinds: [o.kpi], perAccount: true },
  );
  const list = onDominantScale(rows, o.kpi);
  return {
    generatedAt: w.to.toISOString(),
    window: analyticsWindowView(w),
    kpi: o.kpi,
    dimension: o.dimension,
    dimensions,
    overall: pooledFigure(o.kpi, list).view,
    segments: [...byKey(list)]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([segment, l]) => ({
        segment,
        accounts: new Set(l.map((r) => r.accountId)).size,
        figure: pooledFigure(o.kpi, l).view,
      })),
  };
}

/** The outcomes account KPIs are correlated with. */
const OUTCOMES: { name: string; activeOnly: boolean; value: (a: AccountRecord) => number | null }[] = [
  { name: 'retention (still a customer)', activeOnly: false, value: (a) => (a.churnedAt === null ? 1 : 0) },
  { name: 'monthly recurring revenue', activeOnly: true, value: (a) => a.mrr },
  { name: 'revenue trend (3 months, %)', activeOnly: true, value: (a) => a.mrrTrendPercent },
  { name: 'usage (active users)', activeOnly: true, value: (a) => a.activeUsers },
];

const LABEL: Record<AnalyticsKpi, string> = { nps: 'NPS', csat: 'CSAT', ces: 'CES', c2es: 'C2ES' };

/**
 * Spearman (or Pearson) correlations of each account's NPS, CSAT, CES and C2ES over the window
 * with retention, revenue, revenue trend and usage, through core's `correlateAccounts` (accounts
 * known on one side only are dropped and counted out of `n`). Revenue and usage are compared
 * across active accounts only: a former customer's last figures are not an outcome of today's score.
 */
export async function buildCorrelations(
  db: Queryable,
  tenantId: string,
  w: AnalyticsWindow,
  o: { method: 'pearson' | 'spearman'; minAnswers: number },
): Promise<CorrelationsView> {
  const [rows, accounts] = await Promise.all([
    groupedAggregates(db, tenantId, { by: 'account' }, w),
    accountRecords(db, tenantId),
  ]);
  const correlations: CorrelationsView['correlations'] = [];
  for (const kind of ANALYTICS_KPIS) {
    const list = onDominantScale(rows, kind);
    if (list.length === 0) continue;
    const metric = new Map<string, number | null>();
    for (const [accountId, l] of byKey(list)) {
      const s = merged(kind, l);
      const r = analyticsKpiOf(kind, s);
      metric.set(accountId, r.status === 'ok' && scoredCount(s) >= o.minAnswers ? r.value : null);
    }
    for (const outcome of OUTCOMES) {
      const y = new Map<string, number | null>();
      for (const a of accounts)
        if (!outcome.activeOnly || isActive(a, w.to)) y.set(a.accountId, outcome.value(a));
      const x = new Map([...metric].filter(([id]) => y.has(id)));
      const r = correlateAccounts(x, y, { method: o.method });
      const ok = r.status === 'ok';
      correlations.push({
        metric: LABEL[kind],
        outcome: outcome.name,
        method: o.method,
        rho: ok ? round(r.value, 4) : null,
        p: ok ? r.details.p : null,
        n: r.n,
        interval:
          ok && r.interval
            ? {
                lower: round(r.interval.lower, 4),
                upper: round(r.interval.upper, 4),
                level: r.interval.level,
              }
            : null,
        smallSample: ok ? r.smallSample : true,
        status: r.status,
        ...(r.status === 'insufficient-data' ? { reason: r.reason } : {}),
      });
    }
  }
  return {
    generatedAt: w.to.toISOString(),
    window: analyticsWindowView(w),
    minAnswers: o.minAnswers,
    correlations,
  };
}

/**
 * Active accounts by decreasing churn risk (the server's stored model or prior), then increasing
 * health score, with the risk's drivers, the health band and change, the window's NPS and MRR.
 */
export async function buildAtRisk(
  db: Queryable,
  tenantId: string,
  w: AnalyticsWindow,
  o: { limit: number },
): Promise<AtRiskView> {
  const [accounts, insights, npsRows] = await Promise.all([
    accountRecords(db, tenantId),
    latestInsightPayloads(db, tenantId),
    groupedAggregates(db, tenantId, { by: 'account' }, { ...w, kinds: ['nps'] }),
  ]);
  const npsOf = byKey(onDominantScale(npsRows, 'nps'));
  const health = new Map<string, AtRiskView['accounts'][number]['health']>();
  const churn = new Map<string, AtRiskView['accounts'][number]['churn']>();
  for (const i of insights) {
    if (i.kind === 'health') {
      const h = StoredHealthSchema.safeParse(i.payload);
      if (h.success)
        health.set(i.accountId, {
          score: round(h.data.score, 1),
          band: h.data.band,
          bandLabel: h.data.bandLabel,
          change: h.data.change,
          computedAt: i.computedAt,
        });
    } else {
      const c = StoredChurnSchema.safeParse(i.payload);
      if (c.success)
        churn.set(i.accountId, {
          probability: c.data.probability,
          source: c.data.source,
          horizonDays: c.data.horizonDays,
          drivers: c.data.drivers.slice(0, 3),
          computedAt: i.computedAt,
        });
    }
  }
  const ranked = accounts
    .filter((a) => isActive(a, w.to) && (health.has(a.accountId) || churn.has(a.accountId)))
    .sort(
      (a, b) =>
        (churn.get(b.accountId)?.probability ?? -1) - (churn.get(a.accountId)?.probability ?? -1) ||
        (health.get(a.accountId)?.score ?? 101) - (health.get(b.accountId)?.score ?? 101) ||
        a.accountId.localeCompare(b.accountId),
    );
  return {
    generatedAt: w.to.toISOString(),
    window: analyticsWindowView(w),
    ranked: ranked.length,
    accounts: ranked.slice(0, o.limit).map((a) => ({
      accountId: a.accountId,
      name: a.name,
      churn: churn.get(a.accountId) ?? null,
      health: health.get(a.accountId) ?? null,
      nps: figureOf('nps', merged('nps', npsOf.get(a.accountId) ?? [])),
      mrr: a.mrr,
      mrrTrendPercent: a.mrrTrendPercent,
    })),
  };
}

/**
 * What customers talk about across the tenant in the window: per theme of the tenant's dictionary
 * (labels in `language`), mentions, accounts, sentiment split and the share of negative mentions
 * with its Wilson interval, and the most clear-cut comment.
 */
export async function buildThemes(
  db: Queryable,
  tenantId: string,
  w: AnalyticsWindow,
  o: { language: 'en' | 'fr' },
): Promise<ThemesView> {
  const [dictionary, counts, examples] = await Promise.all([
    getSetting(db, tenantId, 'themes'),
    themeCounts(db, tenantId, w.from, w.to),
    themeExamples(db, tenantId, w.from, w.to, o.language),
  ]);
  const exampleOf = new Map(examples.map((e) => [e.theme, e]));
  const themes = counts.map((c) => {
    const e = exampleOf.get(c.theme);
    const text = e ? storedAnswerText(e.answers, e.questionId) : undefined;
    const negative: KpiView =
      c.count > 0
        ? {
            status: 'ok',
            n: c.count,
            value: round((c.negative / c.count) * 100, 1),
            unit: 'percent',
            interval: (() => {
              const i = wilsonInterval(c.negative, c.count);
              return {
                lower: round(i.lower * 100, 1),
                upper: round(i.upper * 100, 1),
                level: i.level,
                method: i.method,
              };
            })(),
            smallSample: c.count < SMALL_SAMPLE_THRESHOLD,
          }
        : {
            status: 'insufficient-data',
            n: 0,
            value: null,
            unit: 'percent',
            interval: null,
            smallSample: true,
            reason: 'no mentions',
          };
    return {
      theme: c.theme,
      label: dictionary.find((d) => d.id === c.theme)?.label[o.language] ?? c.theme,
      count: c.count,
      accounts: c.accounts,
      sentiment: { negative: c.negative, neutral: c.neutral, positive: c.positive },
      meanScore: Math.max(-1, Math.min(1, round(c.mean, 3))),
      negativeShare: negative,
      examples:
        e && text !== undefined ? [{ text, sentiment: Math.max(-1, Math.min(1, round(e.score, 3))) }] : [],
    };
  });
  return {
    generatedAt: w.to.toISOString(),
    window: analyticsWindowView(w),
    language: o.language,
    themes: themes.sort(byThemeCount(dictionary)),
  };
}

/** The window's alert counts by severity (all and open) and the latest alerts with account names. */
export async function buildAlerts(
  db: Queryable,
  tenantId: string,
  w: AnalyticsWindow,
  o: { limit: number },
): Promise<AlertsView> {
  const [counts, latest] = await Promise.all([
    alertCounts(db, tenantId, w.from),
    latestAlerts(db, tenantId, w.from, o.limit),
  ]);
  const names = await accountNames(
    db,
    tenantId,
    latest.flatMap((a) => (a.target.type === 'account' ? [a.target.id] : [])),
  );
  const bySeverity = {
    info: { total: 0, open: 0 },
    warning: { total: 0, open: 0 },
    critical: { total: 0, open: 0 },
  };
  for (const c of counts) bySeverity[c.severity] = { total: c.total, open: c.open };
  return {
    generatedAt: w.to.toISOString(),
    window: analyticsWindowView(w),
    total: counts.reduce((t, c) => t + c.total, 0),
    open: counts.reduce((t, c) => t + c.open, 0),
    bySeverity,
    latest: latest.map((a) => ({
      id: a.id,
      ruleId: a.ruleId,
      ruleKind: a.ruleKind,
      metric: a.metric,
      severity: a.severity,
      target: a.target,
      period: a.period,
      value: a.value,
      title: a.title,
      createdAt: a.createdAt,
      acknowledgedAt: a.acknowledgedAt,
      accountName: a.target.type === 'account' ? (names.get(a.target.id) ?? null) : null,
    })),
  };
}
