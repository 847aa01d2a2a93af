import type { KpiView } from './account-summary-view.js';
import type { ActionPlanView } from './action-plan.js';
import type { BacktestAlert } from './alert-backtest.js';
import { c2es } from './c2es.js';
import { ces } from './ces.js';
import { compareWithTarget } from './compare-with-target.js';
import { csat } from './csat.js';
import { nps } from './nps.js';
import type {
  AlertsView,
  AnalyticsKpi,
  HeadlineKpi,
  TargetView,
  ThemesView,
} from './portfolio-analytics-view.js';
import { emptySummary, mergeSummaries, type ScoreSummary } from './score-summary.js';
import { SMALL_SAMPLE_THRESHOLD, type KpiResult } from './kpi-result.js';
import { DEFAULT_THEME_DICTIONARY, type ThemeDictionary } from './theme-dictionary.js';
import { trend } from './trend.js';
import type { VerbatimAnalysis } from './verbatim-analysis.js';
import { byThemeCount } from './verbatim-summary.js';
import { wilsonInterval } from './wilson-interval.js';

// The pieces of a monthly report (`renderMonthlyReport`) computed from answers rather than read from
// a server's stored views, so `cxkit report --format html FILE` reports a file as the server reports a
// tenant: the same KPIs, intervals, tests and theme figures, with the same rounding.

const UNIT: Record<AnalyticsKpi, KpiView['unit']> = {
  nps: 'points',
  csat: 'percent',
  ces: 'scale',
  c2es: 'scale',
};

const round = (x: number, digits: number) => {
  const k = 10 ** digits;
  return Math.round(x * k) / k;
};

/** The catalogue's default formula of a KPI (CSAT: top-box share), as the analytics report it. */
export function analyticsKpiOf(kind: AnalyticsKpi, s: ScoreSummary): KpiResult {
  switch (kind) {
    case 'nps':
      return nps(s);
    case 'csat':
      return csat(s);
    case 'ces':
      return ces(s);
    case 'c2es':
      return c2es(s);
  }
}

/** A KPI result as the views show it: value, interval, n and the small-sample flag (a mean's scale ends). */
export function kpiViewOf(
  kind: AnalyticsKpi,
  s: ScoreSummary,
  r: KpiResult = analyticsKpiOf(kind, s),
): KpiView {
  return {
    status: r.status,
    n: r.n,
    value: r.status === 'ok' ? r.value : null,
    unit: UNIT[kind],
    ...(UNIT[kind] === 'scale' ? { scale: { min: s.scale.min, max: s.scale.max } } : {}),
    interval:
      r.status === 'ok' && r.interval
        ? {
            lower: r.interval.lower,
            upper: r.interval.upper,
            level: r.interval.level,
            method: r.interval.method,
          }
        : null,
    smallSample: r.status === 'ok' ? r.smallSample : r.n < SMALL_SAMPLE_THRESHOLD,
    ...(r.status === 'insufficient-data' ? { reason: r.reason } : {}),
  };
}

/** A figure against a target (core's `compareWithTarget`, gap rounded to 2 decimals); null without a target. */
export function targetViewOf(result: KpiResult, target: number | undefined): TargetView | null {
  if (target === undefined) return null;
  const c = compareWithTarget(result, target);
  if (c.status !== 'ok') return { target, gap: null, met: null, verdict: 'insufficient-data' };
  return { target, gap: round(c.gap, 2), met: c.met, verdict: c.verdict };
}

/**
 * A headline KPI from its monthly summaries over a window of months (`fromMonth` to `toMonth`): the pooled
 * figure over the window, each month's value with its interval and the change from the last earlier month
 * with a value tested (core's `trend`), every figure against the target when one is given. Months with no
 * answer at the window's ends are points with n = 0, so a chart's axis is the window.
 * @example headlineKpiFromMonths('nps', new Map([['2026-05', may]]), { fromMonth: '2025-06', toMonth: '2026-05' })
 */
export function headlineKpiFromMonths(
  kind: AnalyticsKpi,
  monthly: ReadonlyMap<string, ScoreSummary>,
  o: { fromMonth: string; toMonth: string; target?: number | undefined },
): HeadlineKpi {
  const months = new Map([...monthly].filter(([m]) => m >= o.fromMonth && m <= o.toMonth));
  const all = months.size > 0 ? mergeSummaries([...months.values()]) : emptySummary(kind);
  if (months.size > 0) {
    if (!months.has(o.fromMonth)) months.set(o.fromMonth, emptySummary(kind, all.scale));
    if (!months.has(o.toMonth)) months.set(o.toMonth, emptySummary(kind, all.scale));
  }
  const points = trend(months, { kpi: kind, ...(o.target === undefined ? {} : { target: o.target }) });
  return {
    kpi: kind,
    figure: kpiViewOf(kind, all),
    target: targetViewOf(analyticsKpiOf(kind, all), o.target),
    trend: points.map((p) => {
      const r = p.result;
      return {
        period: p.period,
        n: r.n,
        value: r.status === 'ok' ? r.value : null,
        lower: r.status === 'ok' && r.interval ? r.interval.lower : null,
        upper: r.status === 'ok' && r.interval ? r.interval.upper : null,
        smallSample: r.status === 'ok' ? r.smallSample : r.n < SMALL_SAMPLE_THRESHOLD,
        change:
          p.change && p.change.status === 'ok' && p.comparedWith
            ? {
                comparedWith: p.comparedWith,
                delta: p.change.delta,
                p: p.change.p,
                significant: p.significantChange,
              }
            : null,
        target: targetViewOf(p.result, o.target),
      };
    }),
  };
}

/** One analysed open answer of the month. */
export interface AnalysedComment {
  /** The account that answered. */
  accountId: string;
  /** The comment as written. */
  text: string;
  /** When it was answered (ISO 8601): among equally clear-cut examples the latest is quoted. */
  answeredAt: string;
  /** Core's `analyzeVerbatim` of the text. */
  analysis: VerbatimAnalysis;
}

/** The window of a view, from its first and last instants and its number of months. */
export interface ReportWindow {
  from: string;
  to: string;
  months: number;
}

/**
 * The themes of analysed comments as the analytics list them: mentions, accounts, sentiment split, mean score,
 * the share of negative mentions with its Wilson interval (percent), and the most clear-cut comment as the
 * example (in the report's language first, then by |score|, then the latest); labels from the dictionary.
 * @example themesViewFromComments(comments, { window, language: 'en' }).themes[0].label // 'Delivery'
 */
export function themesViewFromComments(
  comments: readonly AnalysedComment[],
  o: { window: ReportWindow; language: 'en' | 'fr'; dictionary?: ThemeDictionary },
): ThemesView {
  const dictionary = o.dictionary ?? DEFAULT_THEME_DICTIONARY;
  const byTheme = new Map<string, AnalysedComment[]>();
  for (const c of comments)
    for (const t of new Set(c.analysis.themes.map((m) => m.theme)))
      byTheme.set(t, [...(byTheme.get(t) ?? []), c]);
  const themes = [...byTheme].map(([theme, list]) => {
    const count = list.length;
    const negative = list.filter((c) => c.analysis.sentiment.label === 'negative').length;
    const neutral = list.filter((c) => c.analysis.sentiment.label === 'neutral').length;
    const mean = list.reduce((t, c) => t + c.analysis.sentiment.score, 0) / count;
    const i = wilsonInterval(negative, count);
    const example = [...list].sort(
      (a, b) =>
        Number(b.analysis.language === o.language) - Number(a.analysis.language === o.language) ||
        Math.abs(b.analysis.sentiment.score) - Math.abs(a.analysis.sentiment.score) ||
        b.answeredAt.localeCompare(a.answeredAt),
    )[0]!;
    return {
      theme,
      label: dictionary.find((d) => d.id === theme)?.label[o.language] ?? theme,
      count,
      accounts: new Set(list.map((c) => c.accountId)).size,
      sentiment: { negative, neutral, positive: count - negative - neutral },
      meanScore: Math.max(-1, Math.min(1, round(mean, 3))),
      negativeShare: {
        status: 'ok' as const,
        n: count,
        value: round((negative / count) * 100, 1),
        unit: 'percent' as const,
        interval: {
          lower: round(i.lower * 100, 1),
          upper: round(i.upper * 100, 1),
          level: i.level,
          method: i.method,
        },
        smallSample: count < SMALL_SAMPLE_THRESHOLD,
      },
      examples: [
        {
          text: example.text,
          sentiment: Math.max(-1, Math.min(1, round(example.analysis.sentiment.score, 3))),
        },
      ],
    };
  });
  return {
    generatedAt: o.window.to,
    window: o.window,
    language: o.language,
    themes: themes.sort(byThemeCount(dictionary)),
  };
}

/**
 * Alerts a replay raised (core's `backtestAlertRules`) as the analytics list them: counts by severity and the
 * alerts, most recent first (none is acknowledged: nobody has seen a replay's alerts).
 */
export function alertsViewFromBacktest(
  alerts: readonly BacktestAlert[],
  o: { window: ReportWindow; limit?: number },
): AlertsView {
  const bySeverity = {
    info: { total: 0, open: 0 },
    warning: { total: 0, open: 0 },
    critical: { total: 0, open: 0 },
  };
  for (const a of alerts) {
    bySeverity[a.severity].total++;
    bySeverity[a.severity].open++;
  }
  return {
    generatedAt: o.window.to,
    window: o.window,
    total: alerts.length,
    open: alerts.length,
    bySeverity,
    latest: [...alerts]
      .sort((a, b) => b.evaluatedAt.localeCompare(a.evaluatedAt))
      .slice(0, o.limit ?? 50)
      .map((a) => ({
        id: a.dedupKey,
        ruleId: a.ruleId,
        ruleKind: a.ruleKind,
        metric: a.metric,
        severity: a.severity,
        target:
          a.target.type === 'account'
            ? { type: 'account' as const, id: a.target.accountId }
            : { type: 'segment' as const, id: a.target.id },
        period: a.period,
        value: a.value,
        title: a.title,
        createdAt: a.evaluatedAt,
        acknowledgedAt: null,
        accountName: null,
      })),
  };
}

/** An action plan with no action (a report from a file has none unless one is given). */
export const emptyActionPlan = (generatedAt: string): ActionPlanView => ({ generatedAt, actions: [] });
