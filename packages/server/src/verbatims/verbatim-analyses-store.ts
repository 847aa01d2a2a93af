import type { Queryable } from '../db/database.js';

/** A response with open answers and no analysis yet, as the analysis worker reads it. */
export interface PendingRow {
  tenant_id: string;
  id: string;
  account_id: string;
  answered_at: Date | string;
  locale: string | null;
  answers: unknown;
  /** Text, so paging keeps the microseconds a JS Date would drop. */
  received_at: string;
}

// Answers with text and no analysis yet, oldest first; the partial index on received_at serves it.
// An unvouched answer (anonymous, unsigned) is analysed for the tenant under no account (''), so
// no account's themes, sentiment or detractor alerts can be steered by it.
const PENDING = `
SELECT r.tenant_id, r.id::text AS id, CASE WHEN r.vouched THEN r.account_id ELSE '' END AS account_id, r.answered_at, r.locale, r.answers, r.received_at::text AS received_at
FROM responses r
WHERE r.has_text AND (r.received_at, r.tenant_id, r.id) > ($2::timestamptz, $3::text, $4::uuid)
  AND NOT EXISTS (SELECT 1 FROM verbatim_analyses v WHERE v.tenant_id = r.tenant_id AND v.response_id = r.id)
ORDER BY r.received_at, r.tenant_id, r.id
LIMIT $1`;

/**
 * Up to `limit` responses with open answers and no analysis yet, oldest first, after the keyset
 * `after` (received_at as text, tenant id, response id).
 */
export async function pendingAnswers(
  db: Queryable,
  limit: number,
  after: readonly [string, string, string],
): Promise<PendingRow[]> {
  const r = await db.query<PendingRow>(PENDING, [limit, ...after]);
  return r.rows;
}

// A concurrent worker may have analysed the same answers: the first write wins, the analysis is the same.
const INSERT = `
INSERT INTO verbatim_analyses (tenant_id, response_id, question_id, account_id, answered_at, language,
                               sentiment_score, sentiment_label, themes, analysis, analyzed_at)
SELECT x.tenant_id, x.response_id, x.question_id, x.account_id, x.answered_at, x.language,
       x.sentiment_score, x.sentiment_label, ARRAY(SELECT jsonb_array_elements_text(x.themes)), x.analysis,
       x.analyzed_at
FROM jsonb_to_recordset($1::jsonb) AS x(tenant_id text, response_id uuid, question_id text, account_id text,
     answered_at timestamptz, language text, sentiment_score double precision, sentiment_label text,
     themes jsonb, analysis jsonb, analyzed_at timestamptz)
ON CONFLICT (tenant_id, response_id, question_id) DO NOTHING`;

/** Stores new analyses (rows as built by the worker); an answer analysed already keeps its analysis. */
export async function insertAnalyses(db: Queryable, rows: readonly object[]): Promise<void> {
  await db.query(INSERT, [JSON.stringify(rows)]);
}

/** An analysis made before a re-analysis request, with its answer. */
export interface StaleRow {
  tenant_id: string;
  response_id: string;
  question_id: string;
  /** Text, so paging keeps the microseconds. */
  analyzed_at: string;
  locale: string | null;
  answers: unknown;
}

// Oldest analyses first, keyset-paged so a row that cannot be redone never holds the queue up; the
// (tenant_id, analyzed_at) index serves it and LIMIT stops the scan early.
const STALE = `
SELECT v.tenant_id, v.response_id::text AS response_id, v.question_id, v.analyzed_at::text AS analyzed_at,
       r.locale, r.answers
FROM verbatim_analyses v JOIN responses r ON r.tenant_id = v.tenant_id AND r.id = v.response_id
WHERE v.tenant_id = $1 AND v.analyzed_at < $2::timestamptz
  AND (v.analyzed_at, v.response_id, v.question_id) > ($4::timestamptz, $5::uuid, $6::text)
ORDER BY v.analyzed_at, v.response_id, v.question_id
LIMIT $3`;

/**
 * Up to `limit` analyses of a tenant made before `requestedAt`, oldest first, after the keyset
 * `after` (analyzed_at as text, response id, question id).
 */
export async function staleAnalyses(
  db: Queryable,
  tenantId: string,
  requestedAt: string,
  limit: number,
  after: readonly [string, string, string],
): Promise<StaleRow[]> {
  const r = await db.query<StaleRow>(STALE, [tenantId, requestedAt, limit, ...after]);
  return r.rows;
}

// A concurrent run that read the dictionary later wins: an older analysis never overwrites a newer one.
const UPDATE = `
UPDATE verbatim_analyses v
SET language = x.language, sentiment_score = x.sentiment_score, sentiment_label = x.sentiment_label,
    themes = ARRAY(SELECT jsonb_array_elements_text(x.themes)), analysis = x.analysis, analyzed_at = x.analyzed_at
FROM jsonb_to_recordset($1::jsonb) AS x(tenant_id text, response_id uuid, question_id text, language text,
     sentiment_score double precision, sentiment_label text, themes jsonb, analysis jsonb, analyzed_at timestamptz)
WHERE v.tenant_id = x.tenant_id AND v.response_id = x.response_id AND v.question_id = x.question_id
  AND v.analyzed_at < x.analyzed_at`;

/** Replaces analyses with redone ones (rows as built by the worker); a newer stored analysis wins. */
export async function replaceAnalyses(db: Queryable, rows: readonly object[]): Promise<void> {
  await db.query(UPDATE, [JSON.stringify(rows)]);
}

/** The database's clock now (as text, microseconds kept), read before the dictionaries an analysis uses. */
export async function databaseClock(db: Queryable): Promise<string> {
  const r = await db.query<{ at: string }>('SELECT clock_timestamp()::text AS at');
  return r.rows[0]!.at;
}

/** A stored analysis with its response's answers. */
export interface AnalysisRow {
  response_id: string;
  question_id: string;
  sentiment_score: number;
  analysis: unknown;
  answers: unknown;
}

/** The stored analyses of some responses of a tenant. */
export async function analysesOfResponses(
  db: Queryable,
  tenantId: string,
  responseIds: readonly string[],
): Promise<AnalysisRow[]> {
  const r = await db.query<AnalysisRow>(
    `SELECT v.response_id::text AS response_id, v.question_id, v.sentiment_score, v.analysis, r.answers
     FROM verbatim_analyses v JOIN responses r ON r.tenant_id = v.tenant_id AND r.id = v.response_id
     WHERE v.tenant_id = $1 AND v.response_id = ANY($2::uuid[])`,
    [tenantId, responseIds],
  );
  return r.rows;
}

/** A theme's counts over a window: answers, sentiment split and mean score. */
export interface ThemeTotals {
  /** The theme id. */
  theme: string;
  /** Analysed answers tagged with it. */
  n: number;
  /** Of which negative. */
  negative: number;
  /** Of which neutral. */
  neutral: number;
  /** Of which positive. */
  positive: number;
  /** Mean sentiment score. */
  mean: number;
}

/** Counts, sentiment split and mean score per theme over every analysed answer of an account in a window. */
export async function accountThemeTotals(
  db: Queryable,
  tenantId: string,
  accountId: string,
  from: Date,
  to: Date,
): Promise<ThemeTotals[]> {
  const r = await db.query<ThemeTotals>(
    `SELECT t.theme, count(*)::int AS n,
            count(*) FILTER (WHERE v.sentiment_label = 'negative')::int AS negative,
            count(*) FILTER (WHERE v.sentiment_label = 'neutral')::int AS neutral,
            count(*) FILTER (WHERE v.sentiment_label = 'positive')::int AS positive,
            avg(v.sentiment_score)::float8 AS mean
     FROM verbatim_analyses v CROSS JOIN LATERAL unnest(v.themes) AS t(theme)
     WHERE v.tenant_id = $1 AND v.account_id = $2 AND v.answered_at >= $3 AND v.answered_at <= $4
     GROUP BY t.theme`,
    [tenantId, accountId, from.toISOString(), to.toISOString()],
  );
  return r.rows;
}

/** The latest `limit` analyses of an account in a window, newest first, with their answers. */
export async function latestAccountAnalyses(
  db: Queryable,
  tenantId: string,
  accountId: string,
  from: Date,
  to: Date,
  limit: number,
): Promise<AnalysisRow[]> {
  const r = await db.query<AnalysisRow>(
    `SELECT v.response_id::text AS response_id, v.question_id, v.sentiment_score, v.analysis, r.answers
     FROM verbatim_analyses v JOIN responses r ON r.tenant_id = v.tenant_id AND r.id = v.response_id
     WHERE v.tenant_id = $1 AND v.account_id = $2 AND v.answered_at >= $3 AND v.answered_at <= $4
     ORDER BY v.answered_at DESC, v.response_id, v.question_id LIMIT $5`,
    [tenantId, accountId, from.toISOString(), to.toISOString(), limit],
  );
  return r.rows;
}
