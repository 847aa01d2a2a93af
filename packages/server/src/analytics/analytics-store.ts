import { emptySummary, type ScoreSummary, type ScoredKind } from '@cxkit/core';
import type { Queryable } from '../db/database.js';
import { scoreSumColumns, type ScoreSums } from '../db/score-sums-store.js';
import { ALERT_COLUMNS, toAlertView, type AlertRow, type AlertView } from '../alerts/alert-store.js';

// The only file of the analytics feature that talks to the database. Every read is of stored
// aggregates (score_aggregates, account_signals, the latest account_insights, verbatim_analyses,
// alerts), never of the raw answers: see docs/scaling.md for what each costs.

/** A stored score summary grouped by some key, with the key's parts. */
export interface GroupedSummary {
  /** The grouping key (month, segment value, account id or role, depending on the query). */
  key: string;
  /** The KPI kind. */
  kind: ScoredKind;
  /** The merged counts of that group on one scale. */
  summary: ScoreSummary;
  /** Distinct accounts behind those counts. */
  accounts: number;
  /** The account, when the window asked for one row per account within each group (`perAccount`). */
  accountId?: string;
}

interface AggregateRow extends ScoreSums {
  key: string | null;
  account_id?: string;
  accounts: number;
  kind: ScoredKind;
}

function toGrouped(r: AggregateRow): GroupedSummary {
  const s = emptySummary(r.kind, { min: r.scale_min, max: r.scale_max, polarity: r.polarity });
  for (let v = r.scale_min; v <= r.scale_max; v++) s.counts[v - r.scale_min] = Number(r[`c${v}`] ?? 0);
  s.cantRecommend = Number(r.cant_recommend);
  s.skipped = Number(r.skipped);
  return {
    key: r.key ?? '(none)',
    kind: r.kind,
    summary: s,
    accounts: Number(r.accounts),
    ...(r.account_id === undefined ? {} : { accountId: r.account_id }),
  };
}

/** What the score aggregates of a window are grouped by. */
export type AggregateGrouping =
  | { by: 'month' }
  | { by: 'role' }
  | { by: 'account' }
  | { by: 'account-question' }
  | { by: 'attribute'; attribute: string }
  /** A hidden field of the answers (responses.attributes: host-page values, page, UTM), per value. */
  | { by: 'hidden'; field: string };

/** A month window (`YYYY-MM`, both ends included) and the kinds to read. */
export interface AggregateWindow {
  fromMonth: string;
  toMonth: string;
  kinds?: readonly ScoredKind[];
  /** Only one segment (an account attribute's value) or one respondent role. */
  only?: { attribute: string; value: string } | { role: string };
  /** One row per account within each group (for cluster-robust intervals: accounts are the clusters). */
  perAccount?: boolean;
}

/**
 * The tenant's stored monthly score summaries in a window, summed per group, kind and scale. An
 * account attribute is read from the account's signals (`features`); accounts without it group
 * under `(none)`. Cost: one pass over the window's aggregate rows (accounts × months × questions × roles).
 */
export async function groupedAggregates(
  db: Queryable,
  tenantId: string,
  grouping: AggregateGrouping,
  window: AggregateWindow,
): Promise<GroupedSummary[]> {
  const kinds = window.kinds ?? ['nps', 'csat', 'ces', 'c2es'];
  const params: unknown[] = [tenantId, window.fromMonth, window.toMonth, kinds];
  let key: string;
  let join = '';
  let table = 'score_aggregates';
  let filter = '';
  switch (grouping.by) {
    case 'month':
      key = 'a.month';
      break;
    case 'role':
      key = "nullif(a.role, '')";
      break;
    case 'account':
      key = 'a.account_id';
      break;
    case 'account-question':
      // survey and question ids never hold a space (IdSchema); the account id comes last, whole
      key = "a.survey_id || ' ' || a.question_id || ' ' || a.account_id";
      break;
    case 'attribute':
      params.push(grouping.attribute);
      key = `s.signals->'features'->>$${params.length}`;
      join = 'LEFT JOIN account_signals s ON s.tenant_id = a.tenant_id AND s.account_id = a.account_id';
      break;
    case 'hidden':
      params.push(grouping.field);
      key = 'a.value';
      table = 'attribute_score_aggregates';
      filter = `AND a.attribute = $${params.length}`;
      break;
  }
  let only = '';
  if (window.only && grouping.by === 'hidden')
    throw new Error('groupedAggregates: a hidden-field grouping takes no segment filter');
  if (window.only && 'role' in window.only) {
    params.push(window.only.role);
    only = `AND a.role = $${params.length}`;
  } else if (window.only) {
    params.push(window.only.attribute, window.only.value);
    only = `AND EXISTS (SELECT 1 FROM account_signals f WHERE f.tenant_id = a.tenant_id AND f.account_id = a.account_id
                    AND f.signals->'features'->>$${params.length - 1} = $${params.length})`;
  }
  const perAccount = window.perAccount ? ', a.account_id' : '';
  const r = await db.query<AggregateRow>(
    `SELECT ${key} AS key${perAccount}, a.kind, a.scale_min, a.scale_max, a.polarity, ${scoreSumColumns('a')},
            count(DISTINCT a.account_id)::int AS accounts
       FROM ${table} a ${join}
      WHERE a.tenant_id = $1 ${filter} AND a.month >= $2 AND a.month <= $3 AND a.kind = ANY($4::text[]) ${only}
      GROUP BY 1${perAccount}, a.kind, a.scale_min, a.scale_max, a.polarity`,
    params,
  );
  return r.rows.map(toGrouped);
}

/** One account of the tenant with its stored signals (null when none were ever sent). */
export interface AccountRecord {
  accountId: string;
  name: string | null;
  /** Monthly recurring revenue. */
  mrr: number | null;
  /** MRR change over the last 3 months, percent. */
  mrrTrendPercent: number | null;
  /** Active users. */
  activeUsers: number | null;
  /** Open support tickets. */
  openTickets: number | null;
  /** When it left; null while a customer. */
  churnedAt: string | null;
  /** Free attributes (sector, size, ...). */
  features: Record<string, string | number | boolean | null>;
}

/**
 * Every account of the tenant (the accounts table, plus accounts known only by their signals) with
 * its signals. Cost: one row per account.
 */
export async function accountRecords(db: Queryable, tenantId: string): Promise<AccountRecord[]> {
  const r = await db.query<{
    account_id: string;
    name: string | null;
    signals: Record<string, unknown> | null;
    churned_at: Date | string | null;
  }>(
    `SELECT coalesce(a.account_id, s.account_id) AS account_id, a.name, s.signals, s.churned_at
       FROM accounts a FULL JOIN account_signals s ON s.tenant_id = a.tenant_id AND s.account_id = a.account_id
      WHERE coalesce(a.tenant_id, s.tenant_id) = $1
      ORDER BY 1`,
    [tenantId],
  );
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return r.rows.map((row) => {
    const s = row.signals ?? {};
    return {
      accountId: row.account_id,
      name: row.name,
      mrr: num(s['mrr']),
      mrrTrendPercent: num(s['mrrTrendPercent']),
      activeUsers: num(s['activeUsers']),
      openTickets: num(s['openTickets']),
      churnedAt: row.churned_at === null ? null : new Date(row.churned_at).toISOString(),
      features: (s['features'] ?? {}) as AccountRecord['features'],
    };
  });
}

/** The attribute names the tenant's accounts carry (keys of their signals' `features`). */
export async function attributeNames(db: Queryable, tenantId: string): Promise<string[]> {
  const r = await db.query<{ k: string }>(
    `SELECT DISTINCT jsonb_object_keys(signals->'features') AS k FROM account_signals
      WHERE tenant_id = $1 AND jsonb_typeof(signals->'features') = 'object' ORDER BY 1`,
    [tenantId],
  );
  return r.rows.map((x) => x.k);
}

/**
 * The hidden fields the tenant's answers carried (attribute_score_aggregates), by a loose index scan
 * (one index probe per distinct field, not a pass over the rows).
 */
export async function hiddenFieldNames(db: Queryable, tenantId: string): Promise<string[]> {
  const r = await db.query<{ a: string }>(
    `WITH RECURSIVE f AS (
       SELECT min(attribute) AS a FROM attribute_score_aggregates WHERE tenant_id = $1
       UNION ALL
       SELECT (SELECT min(attribute) FROM attribute_score_aggregates WHERE tenant_id = $1 AND attribute > f.a)
         FROM f WHERE f.a IS NOT NULL)
     SELECT a FROM f WHERE a IS NOT NULL`,
    [tenantId],
  );
  return r.rows.map((x) => x.a);
}

/** The latest stored health and churn payloads of every account (unvalidated JSON). */
export async function latestInsightPayloads(
  db: Queryable,
  tenantId: string,
): Promise<{ accountId: string; kind: 'health' | 'churn'; computedAt: string; payload: unknown }[]> {
  const r = await db.query<{
    account_id: string;
    kind: string;
    computed_at: Date | string;
    payload: unknown;
  }>(
    `SELECT DISTINCT ON (account_id, kind) account_id, kind, computed_at, payload FROM account_insights
      WHERE tenant_id = $1 AND kind IN ('health', 'churn') ORDER BY account_id, kind, computed_at DESC`,
    [tenantId],
  );
  return r.rows.map((row) => ({
    accountId: row.account_id,
    kind: row.kind as 'health' | 'churn',
    computedAt: new Date(row.computed_at).toISOString(),
    payload: typeof row.payload === 'string' ? (JSON.parse(row.payload) as unknown) : row.payload,
  }));
}

/** Per theme of a window: mentions, accounts, sentiment split and mean score. */
export interface ThemeCountRow {
  theme: string;
  count: number;
  accounts: number;
  negative: number;
  neutral: number;
  positive: number;
  mean: number;
}

/**
 * Theme counts of the tenant's analysed comments in a window. Cost: one pass over the window's
 * analyses (one row per analysed open answer, not per answer).
 */
export async function themeCounts(
  db: Queryable,
  tenantId: string,
  from: Date,
  to: Date,
): Promise<ThemeCountRow[]> {
  const r = await db.query<ThemeCountRow>(
    `SELECT t.theme, count(*)::int AS count, count(DISTINCT v.account_id)::int AS accounts,
            count(*) FILTER (WHERE v.sentiment_label = 'negative')::int AS negative,
            count(*) FILTER (WHERE v.sentiment_label = 'neutral')::int AS neutral,
            count(*) FILTER (WHERE v.sentiment_label = 'positive')::int AS positive,
            avg(v.sentiment_score)::float8 AS mean
       FROM verbatim_analyses v CROSS JOIN LATERAL unnest(v.themes) AS t(theme)
      WHERE v.tenant_id = $1 AND v.answered_at >= $2 AND v.answered_at <= $3
      GROUP BY t.theme`,
    [tenantId, from.toISOString(), to.toISOString()],
  );
  return r.rows.map((x) => ({ ...x, mean: Number(x.mean) }));
}

/** The most clear-cut comment of each theme in a window, with the answers it was read from. */
export async function themeExamples(
  db: Queryable,
  tenantId: string,
  from: Date,
  to: Date,
  language: string,
): Promise<{ theme: string; questionId: string; score: number; language: string; answers: unknown }[]> {
  // The example per theme is chosen among the analyses alone; only those few answers are read.
  const r = await db.query<{
    theme: string;
    question_id: string;
    sentiment_score: number;
    language: string;
    answers: unknown;
  }>(
    `WITH picked AS (
       SELECT DISTINCT ON (t.theme) t.theme, v.response_id, v.question_id, v.sentiment_score, v.language
         FROM verbatim_analyses v CROSS JOIN LATERAL unnest(v.themes) AS t(theme)
        WHERE v.tenant_id = $1 AND v.answered_at >= $2 AND v.answered_at <= $3
        ORDER BY t.theme, (v.language = $4) DESC, abs(v.sentiment_score) DESC, v.answered_at DESC, v.response_id)
     SELECT p.theme, p.question_id, p.sentiment_score, p.language, r.answers
       FROM picked p JOIN responses r ON r.tenant_id = $1 AND r.id = p.response_id`,
    [tenantId, from.toISOString(), to.toISOString(), language],
  );
  return r.rows.map((x) => ({
    theme: x.theme,
    questionId: x.question_id,
    score: Number(x.sentiment_score),
    language: x.language,
    answers: x.answers,
  }));
}

/** Alert counts by severity (all and still open). */
export async function alertCounts(
  db: Queryable,
  tenantId: string,
  since: Date,
): Promise<{ severity: AlertView['severity']; total: number; open: number }[]> {
  const r = await db.query<{ severity: AlertView['severity']; total: number; open: number }>(
    `SELECT severity, count(*)::int AS total, count(*) FILTER (WHERE acknowledged_at IS NULL)::int AS open
       FROM alerts WHERE tenant_id = $1 AND created_at >= $2 GROUP BY severity`,
    [tenantId, since.toISOString()],
  );
  return r.rows;
}

/** The latest alerts of the tenant, newest first. */
export async function latestAlerts(
  db: Queryable,
  tenantId: string,
  since: Date,
  limit: number,
): Promise<AlertView[]> {
  const r = await db.query<AlertRow>(
    `SELECT ${ALERT_COLUMNS} FROM alerts WHERE tenant_id = $1 AND created_at >= $2
      ORDER BY created_at DESC, id DESC LIMIT $3`,
    [tenantId, since.toISOString(), limit],
  );
  return r.rows.map(toAlertView);
}

/** Names of some accounts. */
export async function accountNames(
  db: Queryable,
  tenantId: string,
  ids: readonly string[],
): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const r = await db.query<{ account_id: string; name: string | null }>(
    'SELECT account_id, name FROM accounts WHERE tenant_id = $1 AND account_id = ANY($2::text[])',
    [tenantId, ids],
  );
  return new Map(r.rows.map((x) => [x.account_id, x.name]));
}

/** Per account and theme of a window: its mentions in negative comments. */
export async function negativeThemeMentions(
  db: Queryable,
  tenantId: string,
  from: Date,
  to: Date,
): Promise<{ accountId: string; theme: string; negative: number; mentions: number }[]> {
  const r = await db.query<{ account_id: string; theme: string; negative: number; mentions: number }>(
    `SELECT v.account_id, t.theme, count(*)::int AS mentions,
            count(*) FILTER (WHERE v.sentiment_label = 'negative')::int AS negative
       FROM verbatim_analyses v CROSS JOIN LATERAL unnest(v.themes) AS t(theme)
      WHERE v.tenant_id = $1 AND v.answered_at >= $2 AND v.answered_at <= $3
      GROUP BY v.account_id, t.theme`,
    [tenantId, from.toISOString(), to.toISOString()],
  );
  return r.rows.map((x) => ({
    accountId: x.account_id,
    theme: x.theme,
    negative: x.negative,
    mentions: x.mentions,
  }));
}

/** Accounts with at least one analysed comment in the window (their theme exposure is known). */
export async function commentingAccounts(
  db: Queryable,
  tenantId: string,
  from: Date,
  to: Date,
): Promise<string[]> {
  const r = await db.query<{ account_id: string }>(
    `SELECT DISTINCT account_id FROM verbatim_analyses
      WHERE tenant_id = $1 AND answered_at >= $2 AND answered_at <= $3 AND account_id <> ''`,
    [tenantId, from.toISOString(), to.toISOString()],
  );
  return r.rows.map((x) => x.account_id);
}

/**
 * The tenant's analytics data version: a fingerprint of everything the analytics routes read (answers
 * stored, signals, health and churn results, comment analyses, alerts and their acknowledgements, settings
 * and targets, candidate actions). Any write those tables see changes it, so a cached view keyed by it is
 * never served after the data moved. Cost: index probes plus one pass over the tenant's accounts, signals and
 * alerts rows (about 10 ms at 10,000 accounts), against the 0.2-2 s of the routes it spares.
 */
export async function analyticsDataVersion(db: Queryable, tenantId: string): Promise<string> {
  const r = await db.query<{ v: string }>(
    `SELECT concat_ws('|',
       (SELECT concat_ws(':', coalesce(sum(responses), 0), max(last_answered_at), count(*)) FROM accounts WHERE tenant_id = $1),
       (SELECT concat_ws(':', max(updated_at), count(*)) FROM account_signals WHERE tenant_id = $1),
       (SELECT max(computed_at) FROM account_insights WHERE tenant_id = $1),
       (SELECT concat_ws(':', max(analyzed_at), count(*)) FROM verbatim_analyses WHERE tenant_id = $1),
       (SELECT concat_ws(':', max(created_at), max(acknowledged_at), count(*), count(acknowledged_at)) FROM alerts WHERE tenant_id = $1),
       (SELECT concat_ws(':', max(changed_at), count(*)) FROM config_versions WHERE tenant_id = $1),
       (SELECT concat_ws(':', max(updated_at), count(*)) FROM improvement_actions WHERE tenant_id = $1)) AS v`,
    [tenantId],
  );
  return r.rows[0]?.v ?? '';
}
