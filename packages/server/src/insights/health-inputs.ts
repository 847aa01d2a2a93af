import {
  ces,
  credibilityConstant,
  csat,
  emptySummary,
  mergeSummaries,
  nps,
  periodKey,
  scoredCount,
  shrinkTowards,
  type CredibilityGroup,
  type HealthInput,
  type ScoreSummary,
  type ScoredKind,
} from '@cxkit/core';
import type { Queryable } from '../db/database.js';
import { loadAccountSignals, type AccountSignals } from './account-signals.js';

const DAY = 86_400_000;
const COUNTS = Array.from({ length: 11 }, (_, i) => `sum(c${i})::int AS c${i}`).join(', ');

/** Options of {@link loadHealthInputs}. */
export interface HealthInputOptions {
  /** Reference time. */
  now: Date;
  /** Months of survey answers per period, counting the current month (default 3); the trend compares with the N months before. */
  surveyMonths?: number;
  /**
   * Describe every account as it was at `now` (a past cut-off) from what was known then: survey
   * months are the complete ones before the cut-off's month (a month's totals would include later
   * answers), the last answer is the last one before the cut-off, the signals the version recorded
   * by then; accounts with neither answers nor signals by then are left out. For the churn model's
   * point-in-time snapshots.
   */
  asOf?: boolean;
}

/** One account's inputs: its health input, name, churn date and extra feature columns. */
export interface AccountHealthInput {
  /** Health input (raw component values keyed like `DEFAULT_HEALTH_CONFIG`, plus numeric extra features). */
  input: HealthInput;
  /** Display name, if known. */
  name: string | null;
  /** When the account churned, if it did. */
  churnedAt: Date | null;
  /** Extra feature columns from the signals. */
  features: Record<string, number | string | boolean | null>;
}

interface Row {
  account_id: string;
  month: string;
  kind: ScoredKind;
  scale_min: number;
  scale_max: number;
  polarity: 'higher-is-better' | 'higher-is-worse';
  cant_recommend: number;
  skipped: number;
  [count: `c${number}`]: number;
}

function toSummary(r: Row): ScoreSummary {
  const s = emptySummary(r.kind, { min: r.scale_min, max: r.scale_max, polarity: r.polarity });
  for (let v = r.scale_min; v <= r.scale_max; v++) s.counts[v - r.scale_min] = Number(r[`c${v}`] ?? 0);
  s.cantRecommend = Number(r.cant_recommend);
  s.skipped = Number(r.skipped);
  return s;
}

// Summaries on different scales cannot merge: the scale most answers used wins (as in the account view).
function merged(list: ScoreSummary[]): ScoreSummary | null {
  if (list.length === 0) return null;
  const groups = new Map<string, ScoreSummary[]>();
  for (const s of list) {
    const k = `${s.scale.min}-${s.scale.max}-${s.scale.polarity}`;
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  let best: ScoreSummary | null = null;
  for (const g of groups.values()) {
    const m = mergeSummaries(g);
    if (!best || scoredCount(m) > scoredCount(best)) best = m;
  }
  return best;
}

/** A window's KPI of one account with the sufficient statistics of its per-answer values (for shrinkage). */
interface SurveyStat extends CredibilityGroup {
  value: number;
}

type SurveyKind = 'nps' | 'csat' | 'ces';
const SURVEY_KINDS: readonly SurveyKind[] = ['nps', 'csat', 'ces'];

function surveyStat(list: ScoreSummary[], kind: SurveyKind): SurveyStat | null {
  const s = merged(list.filter((x) => x.kind === kind));
  if (!s) return null;
  if (kind === 'nps') {
    const r = nps(s);
    if (r.status !== 'ok') return null;
    // an answer is +100 (promoter), 0 or -100 (detractor)
    const { promoters, detractors } = r.details;
    return {
      value: r.value,
      n: r.n,
      sum: 100 * (promoters - detractors),
      sumOfSquares: 10_000 * (promoters + detractors),
    };
  }
  if (kind === 'csat') {
    const r = csat(s);
    if (r.status !== 'ok') return null;
    // an answer is 100 (satisfied) or 0
    return { value: r.value, n: r.n, sum: r.value * r.n, sumOfSquares: 100 * r.value * r.n };
  }
  const r = ces(s);
  if (r.status !== 'ok') return null;
  // The health scale of CES is 1-7, higher is easier: other scales are mapped onto it.
  const map = (v: number) => 1 + ((v - s.scale.min) / (s.scale.max - s.scale.min)) * 6;
  let sum = 0;
  let sumOfSquares = 0;
  let n = 0;
  s.counts.forEach((c, i) => {
    const x = map(s.scale.min + i);
    n += c;
    sum += c * x;
    sumOfSquares += c * x * x;
  });
  return { value: map(r.value), n, sum, sumOfSquares };
}

/**
 * Shrinks each account's survey KPI towards the tenant's (its segment: every account) by
 * credibility weighting, z = n / (n + k), with k estimated from the tenant's own answers by
 * Bühlmann-Straub (core `credibilityConstant`): an NPS from 2 answers then moves the health score
 * far less than one from 200. Returns the shrunk values and the k used per KPI.
 */
function shrinkSurvey(stats: ReadonlyMap<string, Partial<Record<SurveyKind, SurveyStat>>>) {
  const out = new Map<string, Record<SurveyKind, number | null>>();
  const ks: Partial<Record<SurveyKind, number>> = {};
  const byKind = new Map<SurveyKind, { k: number; target: number | null }>();
  for (const kind of SURVEY_KINDS) {
    const groups = [...stats.values()].flatMap((e) => (e[kind] ? [e[kind]] : []));
    const n = groups.reduce((a, g) => a + g.n, 0);
    const { k } = credibilityConstant(groups);
    ks[kind] = k;
    byKind.set(kind, { k, target: n > 0 ? groups.reduce((a, g) => a + g.sum, 0) / n : null });
  }
  for (const [id, e] of stats) {
    const v = {} as Record<SurveyKind, number | null>;
    for (const kind of SURVEY_KINDS) {
      const st = e[kind];
      const { k, target } = byKind.get(kind)!;
      v[kind] = st ? shrinkTowards(st.value, st.n, target, k) : null;
    }
    out.set(id, v);
  }
  return { values: out, k: ks };
}

const monthsBack = (now: Date, n: number) =>
  periodKey(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, 1)), 'month');

const days = (from: Date, to: Date) => (to.getTime() - from.getTime()) / DAY;

/**
 * Builds every account's health input of a tenant: survey NPS, CSAT and CES of the last
 * `surveyMonths` months from the stored monthly summaries (pooled, core KPI functions, then shrunk
 * towards the tenant's by credibility weighting n / (n + k)) and their trend against the N months
 * before (both periods shrunk); days since the last answer; and the operational signals.
 * A churned account is measured at its churn date (its last state as a customer): its survey
 * months are the N before it left and its day counts run to that date.
 * Accounts are those with answers or signals, sorted by id.
 */
export async function loadHealthInputs(
  db: Queryable,
  tenantId: string,
  options: HealthInputOptions,
): Promise<AccountHealthInput[]> {
  const { now } = options;
  const asOf = options.asOf ?? false;
  const n = options.surveyMonths ?? 3;
  // As of a cut-off, the window ends with the last complete month before it.
  const monthRef = asOf ? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) - 1) : now;
  const current = monthsBack(monthRef, n - 1);
  const previous = monthsBack(monthRef, 2 * n - 1);
  const [aggregates, leavers, accounts, signals] = await Promise.all([
    db.query<Row>(
      `SELECT account_id, month, kind, scale_min, scale_max, polarity, ${COUNTS},
              sum(cant_recommend)::int AS cant_recommend, sum(skipped)::int AS skipped
       FROM score_aggregates WHERE tenant_id = $1 AND month >= $2 AND month <= $3 AND kind IN ('nps', 'csat', 'ces')
       GROUP BY account_id, month, kind, scale_min, scale_max, polarity`,
      [tenantId, previous, periodKey(monthRef, 'month')],
    ),
    // A churned account is described by its last months as a customer, not by today's empty window:
    // measured today, every leaver would have "no recent answer", and a model trained on that learns
    // the label rather than the warning signs.
    db.query<Row>(
      `SELECT a.account_id, a.month, a.kind, a.scale_min, a.scale_max, a.polarity, ${COUNTS.replace(/sum\(c/g, 'sum(a.c')},
              sum(a.cant_recommend)::int AS cant_recommend, sum(a.skipped)::int AS skipped
       FROM score_aggregates a
       JOIN account_signals s ON s.tenant_id = a.tenant_id AND s.account_id = a.account_id
       WHERE a.tenant_id = $1 AND s.churned_at IS NOT NULL AND s.churned_at < $2::timestamptz
         AND a.kind IN ('nps', 'csat', 'ces')
         AND a.month <= to_char(s.churned_at AT TIME ZONE 'UTC', 'YYYY-MM')
         AND a.month >= to_char(date_trunc('month', s.churned_at AT TIME ZONE 'UTC') - make_interval(months => $3), 'YYYY-MM')
       GROUP BY a.account_id, a.month, a.kind, a.scale_min, a.scale_max, a.polarity`,
      [tenantId, now.toISOString(), 2 * n - 1],
    ),
    asOf
      ? db.query<{ account_id: string; name: string | null; last_answered_at: Date | string | null }>(
          `SELECT a.account_id, a.name, r.last_answered_at FROM accounts a
           JOIN (SELECT account_id, max(answered_at) AS last_answered_at FROM responses
                 WHERE tenant_id = $1 AND answered_at < $2 AND vouched GROUP BY account_id) r ON r.account_id = a.account_id
           WHERE a.tenant_id = $1`,
          [tenantId, now.toISOString()],
        )
      : db.query<{ account_id: string; name: string | null; last_answered_at: Date | string | null }>(
          'SELECT account_id, name, last_answered_at FROM accounts WHERE tenant_id = $1',
          [tenantId],
        ),
    loadAccountSignals(db, tenantId, asOf ? now : undefined),
  ]);
  const leaverIds = new Set<string>();
  for (const [id, v] of signals)
    if (v.signals.churnedAt && new Date(v.signals.churnedAt) < now) leaverIds.add(id);
  const byAccount = new Map<string, { cur: ScoreSummary[]; prev: ScoreSummary[] }>();
  const add = (r: Row, currentFrom: string) => {
    let e = byAccount.get(r.account_id);
    if (!e) byAccount.set(r.account_id, (e = { cur: [], prev: [] }));
    (r.month >= currentFrom ? e.cur : e.prev).push(toSummary(r));
  };
  for (const r of aggregates.rows) if (!leaverIds.has(r.account_id)) add(r, current);
  for (const r of leavers.rows) {
    const churnedAt = signals.get(r.account_id)?.signals.churnedAt;
    if (churnedAt) add(r, monthsBack(new Date(churnedAt), n - 1));
  }
  const stats = (window: 'cur' | 'prev') =>
    new Map(
      [...byAccount].map(([id, e]) => [
        id,
        Object.fromEntries(SURVEY_KINDS.map((kind) => [kind, surveyStat(e[window], kind) ?? undefined])),
      ]),
    );
  const current_ = shrinkSurvey(stats('cur')).values;
  const previous_ = shrinkSurvey(stats('prev')).values;
  const info = new Map(accounts.rows.map((r) => [r.account_id, r]));
  const ids = [...new Set([...info.keys(), ...signals.keys()])].sort();
  return ids.map((accountId) => {
    const s: AccountSignals = signals.get(accountId)?.signals ?? {};
    const churnedAt = s.churnedAt ? new Date(s.churnedAt) : null;
    const ref = churnedAt && churnedAt < now ? churnedAt : now;
    const none = { nps: null, csat: null, ces: null };
    const cur = current_.get(accountId) ?? none;
    const { nps: prevNps, csat: prevCsat, ces: prevCes } = previous_.get(accountId) ?? none;
    const lastAnswer = info.get(accountId)?.last_answered_at;
    const features = { ...(s.features ?? {}) };
    const numericFeatures: Record<string, number> = {};
    for (const [k, v] of Object.entries(features)) if (typeof v === 'number') numericFeatures[k] = v;
    const values: Record<string, number | null> = {
      ...numericFeatures,
      nps: cur.nps,
      npsTrend: cur.nps !== null && prevNps !== null ? cur.nps - prevNps : null,
      csat: cur.csat,
      csatTrend: cur.csat !== null && prevCsat !== null ? cur.csat - prevCsat : null,
      ces: cur.ces,
      cesTrend: cur.ces !== null && prevCes !== null ? cur.ces - prevCes : null,
      usageFrequency: s.activeDays ?? null,
      activeUsers: s.activeUsers ?? null,
      featuresUsed: s.featuresUsed ?? null,
      openTickets: s.openTickets ?? null,
      fcr: s.fcrPercent ?? null,
      timeToResolutionHours: s.resolutionHours ?? null,
      mrrTrend: s.mrrTrendPercent ?? null,
      daysToRenewal: s.renewalDate ? Math.round(days(ref, new Date(`${s.renewalDate}T00:00:00Z`))) : null,
      paymentIssues: s.paymentIssues ?? null,
      daysSinceLastAnswer: lastAnswer ? Math.max(0, days(new Date(lastAnswer), ref)) : null,
      daysSinceLastActivity: s.lastActivityAt ? Math.max(0, days(new Date(s.lastActivityAt), ref)) : null,
    };
    return { input: { accountId, values }, name: info.get(accountId)?.name ?? null, churnedAt, features };
  });
}
