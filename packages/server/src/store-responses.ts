import { CANT_RECOMMEND, isScoredKind, periodKey, type Response, type SurveyDefinition } from '@cxkit/core';
import type { Queryable } from './db/database.js';
import { scaleOfQuestion } from './survey-rules.js';

/** A validated response with the survey version it answers. */
export interface PreparedResponse {
  /** The response (schema- and survey-valid, identity already bound). */
  response: Response;
  /** The survey version it was checked against. */
  survey: SurveyDefinition;
}

/** Whether a response id was stored by this call or had been stored before. */
export type AckStatus = 'created' | 'duplicate';

/** The acknowledgement of one response. */
export interface Ack {
  /** The response id as sent. */
  id: string;
  /** `created` the first time, `duplicate` on every repeat. */
  status: AckStatus;
}

const COUNT_COLUMNS = Array.from({ length: 11 }, (_, i) => `c${i}`);
const AGG_KEY = 'account_id, month, kind, survey_id, question_id, role, scale_min, scale_max, polarity';

// One statement does the whole write: data-modifying CTEs insert the responses, and only the
// rows that were really inserted (RETURNING) feed the aggregates, the latest answers and the
// account counters. A single statement is atomic on its own and costs one round trip, on PGlite
// and on PostgreSQL alike. Rows are grouped and ordered by key so concurrent writers lock shared
// rows in the same order (no deadlocks).
const STORE = `
WITH ins AS (
  INSERT INTO responses (tenant_id, id, survey_id, survey_version, account_id, respondent_id, role, channel,
                         locale, answered_at, has_text, answers, attributes)
  SELECT $1, x.id, x.survey_id, x.survey_version, x.account_id, x.respondent_id, x.role, x.channel,
         x.locale, x.answered_at, x.has_text, x.answers, x.attributes
  FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, survey_id text, survey_version int, account_id text,
       respondent_id text, role text, channel text, locale text, answered_at timestamptz, has_text boolean,
       answers jsonb, attributes jsonb)
  ON CONFLICT (tenant_id, id) DO NOTHING
  RETURNING id, account_id, answered_at
), fresh AS (
  SELECT a.* FROM jsonb_to_recordset($3::jsonb) AS a(response_id uuid, account_id text, month text, kind text,
       survey_id text, question_id text, role text, scale_min smallint, scale_max smallint, polarity text,
       value smallint, cant_recommend boolean, respondent_id text, answered_at timestamptz)
  JOIN ins ON ins.id = a.response_id
), agg AS (
  INSERT INTO score_aggregates (tenant_id, ${AGG_KEY}, ${COUNT_COLUMNS.join(', ')}, cant_recommend, skipped)
  SELECT $1, ${AGG_KEY}, ${COUNT_COLUMNS.map((_, i) => `count(*) FILTER (WHERE value = ${i})`).join(', ')},
         count(*) FILTER (WHERE cant_recommend), count(*) FILTER (WHERE value IS NULL AND NOT cant_recommend)
  FROM fresh GROUP BY ${AGG_KEY} ORDER BY ${AGG_KEY}
  ON CONFLICT (tenant_id, ${AGG_KEY}) DO UPDATE SET
    ${[...COUNT_COLUMNS, 'cant_recommend', 'skipped'].map((c) => `${c} = score_aggregates.${c} + excluded.${c}`).join(', ')}
), latest AS (
  INSERT INTO latest_scores (tenant_id, account_id, kind, respondent_id, role, scale_min, scale_max, polarity,
                             value, cant_recommend, answered_at, response_id)
  SELECT DISTINCT ON (account_id, kind, respondent_id) $1, account_id, kind, respondent_id, NULLIF(role, ''), scale_min,
         scale_max, polarity, value, cant_recommend, answered_at, response_id
  FROM fresh WHERE respondent_id IS NOT NULL AND (value IS NOT NULL OR cant_recommend)
  ORDER BY account_id, kind, respondent_id, answered_at DESC, response_id DESC
  ON CONFLICT (tenant_id, account_id, kind, respondent_id) DO UPDATE SET
    role = excluded.role, scale_min = excluded.scale_min, scale_max = excluded.scale_max,
    polarity = excluded.polarity, value = excluded.value, cant_recommend = excluded.cant_recommend,
    answered_at = excluded.answered_at, response_id = excluded.response_id
  WHERE excluded.answered_at >= latest_scores.answered_at
), acc AS (
  INSERT INTO accounts (tenant_id, account_id, responses, last_answered_at)
  SELECT $1, account_id, count(*), max(answered_at) FROM ins GROUP BY account_id ORDER BY account_id
  ON CONFLICT (tenant_id, account_id) DO UPDATE SET
    responses = accounts.responses + excluded.responses,
    last_answered_at = greatest(accounts.last_answered_at, excluded.last_answered_at)
), pending AS (
  INSERT INTO hubspot_pending_accounts (tenant_id, account_id)
  SELECT DISTINCT $1, account_id FROM ins WHERE EXISTS (SELECT 1 FROM hubspot_portals WHERE tenant_id = $1)
  ORDER BY 2
  ON CONFLICT (tenant_id, account_id) DO UPDATE SET version = excluded.version
)
SELECT id::text AS id FROM ins`;

/**
 * Stores responses in one atomic statement and keeps the account summaries current: new responses
 * are inserted (a known id is left untouched and reported `duplicate`), and only the newly
 * inserted ones are added to the monthly score aggregates, the latest-answer-per-respondent
 * table and the account counters. Resolves after the statement committed, so an acknowledgement is durable.
 */
export async function storeResponses(
  db: Queryable,
  tenantId: string,
  batch: readonly PreparedResponse[],
): Promise<Ack[]> {
  // The same id twice in one batch is one response: the first wins, the rest are duplicates.
  const unique = new Map<string, PreparedResponse>();
  for (const p of batch) {
    const key = p.response.id.toLowerCase();
    if (!unique.has(key)) unique.set(key, p);
  }
  const rows = [...unique.entries()].map(([id, { response: r, survey }]) => ({
    id,
    survey_id: r.surveyId,
    survey_version: survey.version,
    account_id: r.accountId,
    respondent_id: r.respondentId ?? null,
    role: r.role ?? null,
    channel: r.channel,
    locale: r.locale ?? null,
    answered_at: r.answeredAt,
    has_text: r.answers.some((a) => a.kind === 'text' && a.value !== null && a.value.trim() !== ''),
    answers: r.answers,
    attributes: r.attributes ?? null,
  }));

  const answers = [...unique.values()].flatMap((p) => answerRows(p));
  const params = [tenantId, JSON.stringify(rows), JSON.stringify(answers)];
  const inserted = await db.query<{ id: string }>(STORE, params, { name: 'cx_store_responses' });
  const created = new Set(inserted.rows.map((r) => r.id));

  const firstSeen = new Set<string>();
  return batch.map(({ response }) => {
    const key = response.id.toLowerCase();
    const isFirst = !firstSeen.has(key);
    firstSeen.add(key);
    return { id: response.id, status: isFirst && created.has(key) ? 'created' : 'duplicate' };
  });
}

/** One row per scored answer of a response, for the aggregate and latest-answer upserts. */
function answerRows({ response: r, survey }: PreparedResponse) {
  const answeredAt = new Date(r.answeredAt).toISOString();
  const month = periodKey(answeredAt, 'month');
  const out = [];
  for (const a of r.answers) {
    if (!isScoredKind(a.kind)) continue;
    const q = survey.questions.find((x) => x.id === a.questionId);
    const scale = q && scaleOfQuestion(q);
    if (!scale) continue;
    out.push({
      response_id: r.id.toLowerCase(),
      account_id: r.accountId,
      month,
      kind: a.kind,
      survey_id: r.surveyId,
      question_id: a.questionId,
      role: r.role ?? '',
      scale_min: scale.min,
      scale_max: scale.max,
      polarity: scale.polarity,
      value: typeof a.value === 'number' ? a.value : null,
      cant_recommend: a.value === CANT_RECOMMEND,
      respondent_id: r.respondentId ?? null,
      answered_at: answeredAt,
    });
  }
  return out;
}
