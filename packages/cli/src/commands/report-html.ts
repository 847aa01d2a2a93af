import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  ActionPlanSchema,
  addToSummary,
  alertsViewFromBacktest,
  ANALYTICS_KPIS,
  analyzeVerbatim,
  backtestAlertRules,
  emptySummary,
  headlineKpiFromMonths,
  MAX_VERBATIM_LENGTH,
  measureActionPlan,
  nextPeriodKey,
  parseThemeDictionary,
  periodBounds,
  periodKey,
  renderMonthlyReport,
  shiftMonth,
  themesViewFromComments,
  type AccountMonthSummary,
  type ActionPlan,
  type AnalysedComment,
  type AnalyticsKpi,
  type ScoredAlertMetric,
  type ScoreSummary,
  type ScoredKind,
  type ThemeDictionary,
  type VerbatimLanguage,
} from '@cxkit/core';
import { z } from 'zod';
import { CliError, EXIT_CODES, fileUnreadable, usageError } from '../cli-error.js';
import { write, type CliIo } from '../cli-io.js';
import { writeIssues } from '../issue-report.js';
import { progressCallback } from '../progress.js';
import type { FieldMap } from '../records/field-map.js';
import { readRecords } from '../records/read-records.js';
import { readRules } from './alerts.js';

/** What `cxkit report --format html` takes besides the answers file. */
export interface HtmlReportOptions {
  /** The answers file. */
  file: string;
  /** The metric of every row when the file has no metric column. */
  metric: ScoredKind | undefined;
  map: FieldMap;
  strict: boolean;
  /** The month reported (`YYYY-MM`); default the file's last complete month. */
  month: string | undefined;
  /** Where to write the HTML; default stdout. */
  out: string | undefined;
  /** The name shown as the report's title (default the file's name). */
  name: string | undefined;
  /** The column holding open answers (default `comment`, when the file has it). */
  comment: string | undefined;
  /** The language assumed when a comment gives no clue (the server uses the survey's locale). */
  commentLanguage: VerbatimLanguage;
  /** A JSON theme dictionary replacing the default themes. */
  themes: string | undefined;
  /** Alert rules to replay over the month (`cxkit alerts backtest`'s rules file). */
  rules: string | undefined;
  /** A JSON action plan to measure on the file. */
  plan: string | undefined;
  /** Targets per KPI. */
  targets: Partial<Record<AnalyticsKpi, number>>;
  /** The clock (the default month and the checkpoints due). */
  now: Date;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The KPI months the report's trend reads: the month and the 11 before, as the server's report. */
const TREND_MONTHS = 12;

const PlanFileSchema = z.union([
  z.array(z.unknown()).min(1).max(100),
  z.object({ actions: z.array(z.unknown()).min(1).max(100) }).transform((o) => o.actions),
]);

const PlanActionSchema = z.strictObject({
  title: z.string().min(1).max(200),
  driver: z.string().max(200).default(''),
  plan: ActionPlanSchema,
});

async function readJson(file: string, cwd: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    throw fileUnreadable('report', file, error);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw usageError('report', `bad-${what}`, `${file}: not JSON (${(error as Error).message})`);
  }
}

/** Reads `--plan`: an array of `{ title, driver?, plan }` (or `{ actions: [...] }`); problems name the path. */
async function readPlan(
  file: string,
  cwd: string,
): Promise<{ title: string; driver: string; plan: ActionPlan }[]> {
  const list = PlanFileSchema.safeParse(await readJson(file, cwd, 'plan'));
  if (!list.success)
    throw usageError('report', 'bad-plan', `${file}: expected an array of actions or { "actions": [...] }`);
  return list.data.map((raw, i) => {
    const r = PlanActionSchema.safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      const path = [`actions[${i}]`, ...issue.path.map(String)].join('.');
      throw usageError('report', 'bad-plan', `${file}: ${path}: ${issue.message} [${issue.code}]`);
    }
    return r.data;
  });
}

async function readThemes(file: string, cwd: string): Promise<ThemeDictionary> {
  const json = await readJson(file, cwd, 'themes');
  try {
    return parseThemeDictionary(json);
  } catch (error) {
    throw new CliError('report/bad-themes', EXIT_CODES.usage, `${file}: ${(error as Error).message}`, {
      file,
    });
  }
}

const isAnalyticsKpi = (m: ScoredKind): m is AnalyticsKpi =>
  (ANALYTICS_KPIS as readonly string[]).includes(m);

/**
 * `cxkit report --format html`: the monthly report the server serves (core's `renderMonthlyReport`), from a
 * file. Headline KPIs per month over the year to the month with the month-on-month change tested, themes of
 * the month's comments (core's verbatim analysis), alerts replayed from `--rules` (core's
 * `backtestAlertRules`) and a `--plan` measured on the file; without them the report says there are none.
 */
export async function runHtmlReport(o: HtmlReportOptions, io: CliIo): Promise<number> {
  const [dictionary, rules, actions] = await Promise.all([
    o.themes === undefined ? undefined : readThemes(o.themes, io.cwd),
    o.rules === undefined ? undefined : readRules(o.rules, io.cwd),
    o.plan === undefined ? undefined : readPlan(o.plan, io.cwd),
  ]);
  const progress = progressCallback(io, o.file, { json: false });
  const reader = readRecords(o.file, {
    ...(o.metric === undefined ? {} : { metric: o.metric }),
    map: o.map,
    strict: o.strict,
    dimensions: 'all',
    cwd: io.cwd,
    onProgress: progress.onProgress,
  });
  const commentColumn = o.comment ?? 'comment';
  let commentSeen = false;
  const monthly = new Map<AnalyticsKpi, Map<string, ScoreSummary>>();
  const accountMonths = new Map<string, AccountMonthSummary>();
  const planMonths = (actions ?? []).map(() => new Map<string, ScoreSummary>());
  const comments = new Map<string, { accountId: string; text: string; answeredAt: string }[]>();
  let last: string | undefined;
  const add = (
    map: Map<string, ScoreSummary>,
    key: string,
    kind: ScoredKind,
    r: { scale: ScoreSummary['scale']; value: Parameters<typeof addToSummary>[1] },
  ) => {
    let s = map.get(key);
    if (!s) map.set(key, (s = emptySummary(kind, r.scale)));
    addToSummary(s, r.value);
  };
  try {
    for await (const batch of reader.batches())
      for (const r of batch) {
        const month = periodKey(r.answeredAt, 'month');
        if (last === undefined || month > last) last = month;
        if (isAnalyticsKpi(r.metric)) {
          let m = monthly.get(r.metric);
          if (!m) monthly.set(r.metric, (m = new Map()));
          add(m, month, r.metric, r);
        }
        if (r.metric === 'nps' || r.metric === 'csat' || r.metric === 'ces') {
          const key = `${r.accountId}\u0000${r.role ?? ''}\u0000${r.metric}\u0000${month}`;
          let row = accountMonths.get(key);
          if (!row)
            accountMonths.set(
              key,
              (row = {
                accountId: r.accountId,
                role: r.role,
                metric: r.metric as ScoredAlertMetric,
                month,
                summary: emptySummary(r.metric, r.scale),
              }),
            );
          addToSummary(row.summary, r.value);
        }
        (actions ?? []).forEach((a, i) => {
          const { metric, scope } = a.plan.objective;
          if (r.metric !== metric) return;
          if (scope.type === 'segment' && r.dimensions[scope.attribute] !== scope.value) return;
          if (scope.type === 'role' && r.role !== scope.role) return;
          add(planMonths[i]!, month, metric, r);
        });
        const text = r.dimensions[commentColumn];
        if (text !== undefined) commentSeen = true;
        if (text) {
          const list = comments.get(month) ?? [];
          list.push({ accountId: r.accountId, text, answeredAt: r.answeredAt });
          comments.set(month, list);
        }
      }
  } finally {
    progress.stop();
  }
  if (o.comment !== undefined && !commentSeen && reader.stats.accepted > 0)
    throw usageError('report', 'bad-comment', `--comment ${o.comment}: the file has no such column`);
  if (last === undefined) throw usageError('report', 'no-answers', `${o.file}: no answers to report`);
  // The last complete month: the file's last month, unless the clock is still in it.
  const current = periodKey(o.now, 'month');
  const month = o.month ?? (last >= current ? shiftMonth(current, -1) : last);
  const end = periodBounds(nextPeriodKey(month)).start;
  const window = {
    from: periodBounds(month).start.toISOString(),
    to: new Date(end.getTime() - 1).toISOString(),
    months: 1,
  };

  const kpis = ANALYTICS_KPIS.map((kind) =>
    headlineKpiFromMonths(kind, monthly.get(kind) ?? new Map(), {
      fromMonth: shiftMonth(month, -(TREND_MONTHS - 1)),
      toMonth: month,
      target: o.targets[kind],
    }),
  );
  const analysed: AnalysedComment[] = (comments.get(month) ?? []).map((c) => ({
    ...c,
    analysis: analyzeVerbatim(c.text.slice(0, MAX_VERBATIM_LENGTH), {
      fallbackLanguage: o.commentLanguage,
      ...(dictionary === undefined ? {} : { themes: dictionary }),
    }),
  }));
  const themes = themesViewFromComments(analysed, {
    window,
    language: 'en',
    ...(dictionary === undefined ? {} : { dictionary }),
  });
  const replay =
    rules === undefined
      ? undefined
      : backtestAlertRules(rules, [...accountMonths.values()], { from: month, to: month });
  const today = o.now.toISOString().slice(0, 10);
  const plan =
    actions === undefined
      ? null
      : {
          generatedAt: o.now.toISOString(),
          actions: actions
            .map((a, i) =>
              measureActionPlan(
                { actionId: `action-${i + 1}`, title: a.title, driver: a.driver, plan: a.plan },
                [...planMonths[i]!].map(([m, summary]) => ({ month: m, summary })),
                today,
              ),
            )
            .sort((a, b) => a.plan.objective.deadline.localeCompare(b.plan.objective.deadline)),
        };
  const html = renderMonthlyReport({
    tenant: o.name ?? o.file,
    month,
    generatedAt: o.now.toISOString(),
    kpis,
    themes,
    alerts: replay === undefined ? null : alertsViewFromBacktest(replay.alerts, { window }),
    plan,
    notes: {
      source: `the file ${o.file}${commentSeen ? '' : ' (no comment column: no themes)'}`,
      alerts:
        replay === undefined
          ? 'A file has no stored alerts: pass --rules RULES.json to replay alert rules over the month.'
          : `Alerts the rules in ${o.rules} raise when replayed over the month (cxkit alerts backtest); nobody has acknowledged them.` +
            (replay.skipped.length > 0
              ? ` Not replayed: ${replay.skipped.map((s) => `${s.ruleId} (${s.reason})`).join(', ')}.`
              : ''),
      ...(plan === null
        ? { plan: 'No action plan in a file report: pass --plan PLAN.json to measure one on the file.' }
        : { plan: `Measured on the file as of ${today}.` }),
    },
  });
  if (o.out === undefined) await write(io.stdout, html);
  else
    try {
      await writeFile(resolve(io.cwd, o.out), html);
    } catch (error) {
      throw fileUnreadable('report', o.out, error);
    }
  await writeIssues(io, reader);
  return reader.stats.rejected > 0 ? EXIT_CODES.badInput : EXIT_CODES.ok;
}

/** Checks `--month`. */
export function parseMonth(value: string | undefined): string | undefined {
  if (value !== undefined && !MONTH.test(value))
    throw usageError('report', 'bad-month', `--month must be a month YYYY-MM, got "${value}"`);
  return value;
}

/** Parses `--target nps=30,csat=85` (repeatable). */
export function parseTargets(values: readonly string[] | undefined): Partial<Record<AnalyticsKpi, number>> {
  const out: Partial<Record<AnalyticsKpi, number>> = {};
  for (const pair of (values ?? []).flatMap((v) => v.split(','))) {
    const [k, v] = pair.split('=');
    const value = Number(v);
    if (
      k === undefined ||
      !(ANALYTICS_KPIS as readonly string[]).includes(k) ||
      v === undefined ||
      v.trim() === '' ||
      !Number.isFinite(value)
    )
      throw usageError(
        'report',
        'bad-target',
        `--target takes KPI=VALUE with KPI one of ${ANALYTICS_KPIS.join(', ')}, got "${pair}"`,
      );
    out[k as AnalyticsKpi] = value;
  }
  return out;
}
