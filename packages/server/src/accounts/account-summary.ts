import {
  DEFAULT_SCALES,
  SMALL_SAMPLE_THRESHOLD,
  c2es,
  ces,
  csat,
  emptySummary,
  mergeSummaries,
  nps,
  periodKey,
  periodRange,
  roleWeight,
  rolledUpCsat,
  rolledUpMean,
  rolledUpNps,
  rollupAccount,
  scoredCount,
  type AccountSummaryView,
  type KpiResult,
  type KpiView,
  type RoleWeights,
  type ScoreSummary,
  type ScoredKind,
} from '@cxkit/core';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import { getSetting } from '../admin/config-store.js';
import { latestAccountInsights } from './account-insights-store.js';
import {
  accountScoreAggregates,
  countVouchedResponsesSince,
  findAccount,
  latestScoresOfAccount,
  latestVerbatimResponses,
  type AggregateRow,
  type LatestRow,
} from './account-summary-store.js';
import { accountThemes, withVerbatimAnalyses } from '../verbatims/account-verbatims.js';

/** Roll-up modes of the account view (seed 001: account scores are rolled up from people). */
export const RollupModeSchema = z.enum(['pooled', 'per-respondent', 'role-weighted']);

/** Query of `GET /v1/accounts/:id/summary`. */
export const AccountSummaryQuerySchema = z.strictObject({
  /** Months in the window, counting the current one (default 12). */
  months: z.coerce.number().int().min(1).max(60).default(12),
  /** Roll-up mode of the headline NPS and the role breakdown (default role-weighted). */
  mode: RollupModeSchema.default('role-weighted'),
});

/** Options of {@link buildAccountSummary}. */
export type AccountSummaryOptions = z.infer<typeof AccountSummaryQuerySchema> & { now?: Date };

const VERBATIMS = 5;

/** Start of the UTC month `monthsBack` months before `now`. */
function monthStart(now: Date, monthsBack: number): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsBack, 1));
}

function toSummary(r: AggregateRow): ScoreSummary {
  const s = emptySummary(r.kind, { min: r.scale_min, max: r.scale_max, polarity: r.polarity });
  for (let v = r.scale_min; v <= r.scale_max; v++) s.counts[v - r.scale_min] = Number(r[`c${v}`] ?? 0);
  s.cantRecommend = Number(r.cant_recommend);
  s.skipped = Number(r.skipped);
  return s;
}

const scaleKey = (s: ScoreSummary) => `${s.scale.min}-${s.scale.max}-${s.scale.polarity}`;

/** Flattens a core KPI result into the display view (`unit`, interval without the raw bounds). */
export function kpiView(r: KpiResult, unit: KpiView['unit'], scale?: { min: number; max: number }): KpiView {
  const interval =
    r.status === 'ok' && r.interval
      ? {
          lower: r.interval.lower,
          upper: r.interval.upper,
          level: r.interval.level,
          method: r.interval.method,
        }
      : null;
  return {
    status: r.status,
    n: r.n,
    value: r.status === 'ok' ? r.value : null,
    unit,
    ...(scale ? { scale } : {}),
    interval,
    smallSample: r.status === 'ok' ? r.smallSample : r.n < SMALL_SAMPLE_THRESHOLD,
    ...(r.status === 'insufficient-data' ? { reason: r.reason } : {}),
  };
}

/** The summaries on the scale most answers used (summaries on different scales cannot merge). */
function dominantScale(summaries: ScoreSummary[], kind: ScoredKind): ScoreSummary {
  const groups = new Map<string, ScoreSummary[]>();
  for (const s of summaries) groups.set(scaleKey(s), [...(groups.get(scaleKey(s)) ?? []), s]);
  let best: ScoreSummary | undefined;
  for (const g of groups.values()) {
    const m = mergeSummaries(g);
    if (!best || scoredCount(m) > scoredCount(best)) best = m;
  }
  return best ?? emptySummary(kind);
}

const mergeOrEmpty = (kind: ScoredKind, list: ScoreSummary[]) =>
  list.length > 0 ? mergeSummaries(list) : emptySummary(kind);

/**
 * Builds the account view model from the stored monthly summaries and latest answers,
 * never scanning the account's raw answers (only its five latest verbatims).
 * Every headline KPI follows `mode` (pooled over all answers, or rolled up from each identified
 * person's latest answer, optionally weighted by role); on mixed scales the scale most answers
 * used wins, with its default top box.
 */
export async function buildAccountSummary(
  db: Database,
  tenantId: string,
  accountId: string,
  options: AccountSummaryOptions,
): Promise<AccountSummaryView> {
  const now = options.now ?? new Date();
  const from = monthStart(now, options.months - 1);
  const fromMonth = periodKey(from, 'month');
  const since90 = new Date(now.getTime() - 90 * 86_400_000);

  const [aggregates, account, recent, verbatimRows, latest, insights, roleWeights] = await Promise.all([
    accountScoreAggregates(db, tenantId, accountId, fromMonth, periodKey(now, 'month')),
    findAccount(db, tenantId, accountId),
    countVouchedResponsesSince(db, tenantId, accountId, since90),
    latestVerbatimResponses(db, tenantId, accountId, VERBATIMS),
    latestScoresOfAccount(db, tenantId, accountId, from, now),
    latestAccountInsights(db, tenantId, accountId),
    getSetting(db, tenantId, 'role-weights'),
  ]);

  const rows = aggregates.map((r) => ({ row: r, summary: toSummary(r) }));
  const ofKind = (k: ScoredKind) => rows.filter((r) => r.row.kind === k);
  const npsRows = ofKind('nps');
  const pooledNps = mergeOrEmpty(
    'nps',
    npsRows.map((r) => r.summary),
  );

  const headline = headlineNps(options.mode, pooledNps, npsRows, latest, roleWeights, from, now);

  const months = periodRange(fromMonth, periodKey(now, 'month'));
  const npsTrend = months.map((period) => {
    const r = nps(
      mergeOrEmpty(
        'nps',
        npsRows.filter((x) => x.row.month === period).map((x) => x.summary),
      ),
    );
    return {
      period,
      n: r.n,
      value: r.status === 'ok' ? r.value : null,
      lower: r.status === 'ok' && r.interval ? r.interval.lower : null,
      upper: r.status === 'ok' && r.interval ? r.interval.upper : null,
    };
  });

  const scaled = (kind: 'csat' | 'ces' | 'c2es') => {
    if (options.mode !== 'pooled') return rolledUpScaled(kind, options.mode, latest, roleWeights, from, now);
    const s = dominantScale(
      ofKind(kind).map((r) => r.summary),
      kind,
    );
    const range = { min: s.scale.min, max: s.scale.max };
    if (kind === 'csat') return kpiView(csat(s), 'percent');
    return kpiView(kind === 'ces' ? ces(s) : c2es(s), 'scale', range);
  };

  const acc = account;
  const view: AccountSummaryView = {
    accountId,
    name: acc?.name ?? null,
    generatedAt: now.toISOString(),
    window: { from: from.toISOString(), to: now.toISOString(), mode: options.mode },
    nps: headline.nps,
    npsTrend,
    csat: scaled('csat'),
    ces: scaled('ces'),
    c2es: scaled('c2es'),
    roles: headline.roles,
    responses: {
      total: acc?.responses ?? 0,
      last90Days: recent,
      lastAnsweredAt: acc?.last_answered_at ? new Date(acc.last_answered_at).toISOString() : null,
    },
    verbatims: await withVerbatimAnalyses(
      db,
      tenantId,
      verbatimRows.flatMap((r) => verbatimsOf(r)),
    ),
    themes: await accountThemes(db, tenantId, accountId, { from, to: now }),
    health: insights.health,
    healthInsufficient: insights.healthInsufficient,
    churn: insights.churn,
  };
  return view;
}

function npsView(r: KpiResult, fallback: ScoreSummary): AccountSummaryView['nps'] {
  const d = r.details as Partial<Record<'detractors' | 'passives' | 'promoters' | 'cantRecommend', number>>;
  const pooled = nps(fallback).details;
  return {
    ...kpiView(r, 'points'),
    counts: {
      detractors: d.detractors ?? pooled.detractors,
      passives: d.passives ?? pooled.passives,
      promoters: d.promoters ?? pooled.promoters,
      cantRecommend: d.cantRecommend ?? pooled.cantRecommend,
    },
  };
}

function headlineNps(
  mode: z.infer<typeof RollupModeSchema>,
  pooled: ScoreSummary,
  npsRows: { row: AggregateRow; summary: ScoreSummary }[],
  latest: LatestRow[],
  roleWeights: RoleWeights,
  from: Date,
  to: Date,
): { nps: AccountSummaryView['nps']; roles: AccountSummaryView['roles'] } {
  if (mode === 'pooled') {
    const byRole = new Map<string, ScoreSummary[]>();
    for (const r of npsRows) {
      const role = r.row.role || 'unknown';
      byRole.set(role, [...(byRole.get(role) ?? []), r.summary]);
    }
    const roles = [...byRole.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([role, list]) => ({
        role,
        weight: roleWeight(roleWeights, role),
        respondents: latest.filter((l) => l.kind === 'nps' && (l.role ?? 'unknown') === role).length,
        nps: kpiView(nps(mergeSummaries(list)), 'points'),
      }));
    return { nps: npsView(nps(pooled), pooled), roles };
  }
  const rollup = rollupAccount(
    latest
      .filter((l) => l.kind === 'nps')
      .map((l) => ({
        respondentId: l.respondent_id,
        ...(l.role === null ? {} : { role: l.role }),
        answeredAt: new Date(l.answered_at).toISOString(),
        value: l.cant_recommend ? ('cant-recommend' as const) : l.value,
      })),
    { kind: 'nps', scale: DEFAULT_SCALES.nps, mode, roleWeights, from, to },
  );
  const roles = rollup.byRole.map((r) => ({
    role: r.role,
    weight: r.weight,
    respondents: r.respondents,
    nps: kpiView(nps(r.summary), 'points'),
  }));
  return { nps: npsView(rolledUpNps(rollup), rollup.summary), roles };
}

/** CSAT, CES or C2ES rolled up from each person's latest answer, on the scale most of them used. */
function rolledUpScaled(
  kind: 'csat' | 'ces' | 'c2es',
  mode: 'per-respondent' | 'role-weighted',
  latest: LatestRow[],
  roleWeights: RoleWeights,
  from: Date,
  to: Date,
): KpiView {
  const groups = new Map<string, LatestRow[]>();
  for (const l of latest)
    if (l.kind === kind) {
      const key = `${l.scale_min}-${l.scale_max}-${l.polarity}`;
      groups.set(key, [...(groups.get(key) ?? []), l]);
    }
  const rows = [...groups.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  const first = rows[0];
  const scale = first
    ? { min: first.scale_min, max: first.scale_max, polarity: first.polarity }
    : DEFAULT_SCALES[kind];
  const rollup = rollupAccount(
    rows.map((l) => ({
      respondentId: l.respondent_id,
      ...(l.role === null ? {} : { role: l.role }),
      answeredAt: new Date(l.answered_at).toISOString(),
      value: l.value,
    })),
    { kind, scale, mode, roleWeights, from, to },
  );
  if (kind === 'csat') return kpiView(rolledUpCsat(rollup), 'percent');
  return kpiView(rolledUpMean(rollup), 'scale', { min: scale.min, max: scale.max });
}

function verbatimsOf(r: { id: string; answered_at: Date | string; role: string | null; answers: unknown }) {
  const answers = (Array.isArray(r.answers) ? r.answers : []) as { kind: string; value: unknown }[];
  const scored =
    answers.find((a) => a.kind === 'nps' && typeof a.value === 'number') ??
    answers.find((a) => typeof a.value === 'number' && a.kind !== 'text');
  return answers
    .filter(
      (a): a is { kind: 'text'; value: string } =>
        a.kind === 'text' && typeof a.value === 'string' && a.value.trim() !== '',
    )
    .map((a) => ({
      responseId: r.id,
      answeredAt: new Date(r.answered_at).toISOString(),
      role: r.role,
      score: typeof scored?.value === 'number' ? scored.value : null,
      text: a.value,
      sentiment: null,
      themes: [],
    }))
    .slice(0, 1);
}
