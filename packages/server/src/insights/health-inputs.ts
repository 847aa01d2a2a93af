import {
  ces,
  credibilityConstant,
  csat,
  emptySummary,
  healthComponentsFromSignals,
  mergeSummaries,
  nps,
  periodKey,
  scoredCount,
  shrinkTowards,
  type CredibilityGroup,
  type HealthInput,
  type ScoreSummary,
} from '@cxkit/core';
import type { Queryable } from '../db/database.js';
import { AccountSignalsSchema, type AccountSignals } from './account-signals.js';
import { loadAccountSignals, loadSignalHistory } from './account-signals-store.js';
import {
  loadAccountAnswers,
  loadAnswerBuckets,
  loadLeaverAggregates,
  loadSurveyAggregates,
  type LeaverAggregateRow,
  type SurveyAggregateRow,
} from './health-inputs-store.js';

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

type Row = SurveyAggregateRow;

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

/** As of a cut-off, the survey window ends with the last complete month before it. */
const monthRefOf = (now: Date, asOf: boolean) =>
  asOf ? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) - 1) : now;

/** Everything one reference day's inputs are built from, already read. */
interface HealthSources {
  /** Survey totals by month (YYYY-MM), at least the two windows' months. */
  aggregatesByMonth: ReadonlyMap<string, readonly Row[]>;
  /** Former customers' totals around their churn date; only those with `churned_at` before the reference day are used. */
  leavers: readonly LeaverAggregateRow[];
  /** The accounts with their name and last answer before the reference day. */
  accounts: ReadonlyMap<string, { name: string | null; lastAnsweredAt: Date | null }>;
  /** Each account's signals as known on the reference day. */
  signals: ReadonlyMap<string, AccountSignals>;
}

// A row's summary is built once, however many cut-off windows it falls in.
const summaries = new WeakMap<Row, ScoreSummary>();
const summaryOf = (r: Row) => {
  let s = summaries.get(r);
  if (!s) summaries.set(r, (s = toSummary(r)));
  return s;
};

/** The accounts' health inputs on one reference day from already-read sources (see {@link loadHealthInputs}). */
function buildHealthInputs(src: HealthSources, now: Date, n: number, asOf: boolean): AccountHealthInput[] {
  const monthRef = monthRefOf(now, asOf);
  const current = monthsBack(monthRef, n - 1);
  const leaverIds = new Set<string>();
  for (const [id, s] of src.signals) if (s.churnedAt && new Date(s.churnedAt) < now) leaverIds.add(id);
  const byAccount = new Map<string, { cur: ScoreSummary[]; prev: ScoreSummary[] }>();
  const add = (r: Row, currentFrom: string) => {
    let e = byAccount.get(r.account_id);
    if (!e) byAccount.set(r.account_id, (e = { cur: [], prev: [] }));
    (r.month >= currentFrom ? e.cur : e.prev).push(summaryOf(r));
  };
  for (let k = 2 * n - 1; k >= 0; k--)
    for (const r of src.aggregatesByMonth.get(monthsBack(monthRef, k)) ?? [])
      if (!leaverIds.has(r.account_id)) add(r, current);
  // A churned account is described by its last months as a customer, not by today's empty window:
  // measured today, every leaver would have "no recent answer", and a model trained on that learns
  // the label rather than the warning signs.
  for (const r of src.leavers) {
    if (new Date(r.churned_at) >= now) continue;
    const churnedAt = src.signals.get(r.account_id)?.churnedAt;
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
  const ids = [...new Set([...src.accounts.keys(), ...src.signals.keys()])].sort();
  const none = { nps: null, csat: null, ces: null };
  return ids.map((accountId) => {
    const s: AccountSignals = src.signals.get(accountId) ?? {};
    const churnedAt = s.churnedAt ? new Date(s.churnedAt) : null;
    const info = src.accounts.get(accountId);
    const features = { ...(s.features ?? {}) };
    const numericFeatures: Record<string, number> = {};
    for (const [k, v] of Object.entries(features)) if (typeof v === 'number') numericFeatures[k] = v;
    const components = healthComponentsFromSignals({
      signals: s,
      current: current_.get(accountId) ?? none,
      previous: previous_.get(accountId) ?? none,
      lastAnsweredAt: info?.lastAnsweredAt ?? null,
      reference: churnedAt && churnedAt < now ? churnedAt : now,
    });
    return {
      // Custom components read the numeric feature columns; the built-in ones win on a name clash.
      input: { accountId, values: { ...numericFeatures, ...components } },
      name: info?.name ?? null,
      churnedAt,
      features,
    };
  });
}

/**
 * Builds every account's health input of a tenant: survey NPS, CSAT and CES of the last
 * `surveyMonths` months from the stored monthly summaries (pooled, core KPI functions, then shrunk
 * towards the tenant's by credibility weighting n / (n + k)) and their trend against the N months
 * before (both periods shrunk); days since the last answer; and the operational signals
 * (core `healthComponentsFromSignals`).
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
  if (options.asOf)
    return (
      await loadHealthHistory(db, tenantId, [now], {
        ...(options.surveyMonths ? { surveyMonths: options.surveyMonths } : {}),
      })
    ).at(0);
  const n = options.surveyMonths ?? 3;
  const [aggregates, leavers, accounts, signals] = await Promise.all([
    loadSurveyAggregates(db, tenantId, monthsBack(now, 2 * n - 1), periodKey(now, 'month')),
    loadLeaverAggregates(db, tenantId, now, 2 * n - 1),
    loadAccountAnswers(db, tenantId),
    loadAccountSignals(db, tenantId),
  ]);
  return buildHealthInputs(
    {
      aggregatesByMonth: groupByMonth(aggregates),
      leavers,
      accounts: new Map(accounts.map((a) => [a.accountId, a])),
      signals: new Map([...signals].map(([id, v]) => [id, v.signals])),
    },
    now,
    n,
    false,
  );
}

function groupByMonth(rows: readonly Row[]): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const r of rows) {
    const list = out.get(r.month);
    if (list) list.push(r);
    else out.set(r.month, [r]);
  }
  return out;
}

/** The accounts' health inputs at each of several past cut-offs (see {@link loadHealthHistory}). */
export interface HealthHistory {
  /** The cut-offs, ascending. */
  cutoffs: readonly Date[];
  /** The inputs as of cut-off `k` (an index into `cutoffs`), as `loadHealthInputs` with `asOf` would build them. */
  at(k: number): AccountHealthInput[];
  /** The accounts known at cut-off `k` (with an answer or a signal version by then), without building their inputs. */
  known(k: number): Set<string>;
}

/**
 * Every account as it was at each cut-off (`loadHealthInputs` with `asOf`, for many dates at once):
 * the survey totals, the former customers' totals, the answers bucketed between cut-offs and the
 * signal history are each read once, and each cut-off's inputs are then built in memory. Reading
 * them per cut-off made the 24 snapshots of a 10,000-account tenant take minutes.
 */
export async function loadHealthHistory(
  db: Queryable,
  tenantId: string,
  cutoffs: readonly Date[],
  options: { surveyMonths?: number } = {},
): Promise<HealthHistory> {
  const n = options.surveyMonths ?? 3;
  const sorted = [...cutoffs].sort((a, b) => a.getTime() - b.getTime());
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) return { cutoffs: sorted, at: () => [], known: () => new Set() };
  const [aggregates, leavers, buckets, history] = await Promise.all([
    loadSurveyAggregates(
      db,
      tenantId,
      monthsBack(monthRefOf(first, true), 2 * n - 1),
      periodKey(monthRefOf(last, true), 'month'),
    ),
    loadLeaverAggregates(db, tenantId, last, 2 * n - 1),
    loadAnswerBuckets(db, tenantId, sorted),
    loadSignalHistory(db, tenantId, last),
  ]);
  const aggregatesByMonth = groupByMonth(aggregates);

  // Last answer before each cut-off: the running maximum over the buckets up to it.
  const answers = new Map<string, { name: string | null; last: (Date | null)[] }>();
  for (const b of buckets) {
    let e = answers.get(b.accountId);
    if (!e)
      answers.set(
        b.accountId,
        (e = { name: b.name, last: new Array<Date | null>(sorted.length).fill(null) }),
      );
    e.last[b.bucket] = b.lastAnsweredAt;
  }
  for (const e of answers.values())
    for (let k = 1; k < sorted.length; k++) {
      const before = e.last[k - 1] ?? null;
      const here = e.last[k] ?? null;
      if (before && (!here || before > here)) e.last[k] = before;
    }

  // Signal versions per account, ascending; each validated once, when a cut-off first uses it.
  const versions = new Map<string, { at: number; raw: unknown; parsed?: AccountSignals | null }[]>();
  for (const v of history) {
    const list = versions.get(v.accountId);
    const entry = { at: v.recordedAt.getTime(), raw: v.signals };
    if (list) list.push(entry);
    else versions.set(v.accountId, [entry]);
  }
  const parse = (e: { raw: unknown; parsed?: AccountSignals | null }) => {
    if (e.parsed === undefined) {
      const p = AccountSignalsSchema.safeParse(typeof e.raw === 'string' ? JSON.parse(e.raw) : e.raw);
      e.parsed = p.success ? p.data : null;
    }
    return e.parsed;
  };

  return {
    cutoffs: sorted,
    known(k: number): Set<string> {
      const cutoff = sorted[k];
      const out = new Set<string>();
      if (!cutoff) return out;
      for (const [id, e] of answers) if (e.last[k]) out.add(id);
      for (const [id, list] of versions) if (list[0] && list[0].at <= cutoff.getTime()) out.add(id);
      return out;
    },
    at(k: number): AccountHealthInput[] {
      const cutoff = sorted[k];
      if (!cutoff) return [];
      const accounts = new Map<string, { name: string | null; lastAnsweredAt: Date | null }>();
      for (const [id, e] of answers) {
        const lastAnsweredAt = e.last[k] ?? null;
        if (lastAnsweredAt) accounts.set(id, { name: e.name, lastAnsweredAt });
      }
      const signals = new Map<string, AccountSignals>();
      const t = cutoff.getTime();
      for (const [id, list] of versions) {
        // The latest version recorded by the cut-off; when it no longer validates the account has none.
        let lo = 0;
        let hi = list.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (list[mid]!.at <= t) lo = mid + 1;
          else hi = mid;
        }
        const version = lo > 0 ? list[lo - 1] : undefined;
        const parsed = version ? parse(version) : null;
        if (parsed) signals.set(id, parsed);
      }
      return buildHealthInputs({ aggregatesByMonth, leavers, accounts, signals }, cutoff, n, true);
    },
  };
}
