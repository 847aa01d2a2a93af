import { CANT_RECOMMEND, isScoredKind, periodKey, type Response, type SurveyDefinition } from '@cxkit/core';
import type { Queryable } from '../db/database.js';
import { scaleOfQuestion } from './survey-rules.js';

/** A validated response with the survey version it answers. */
export interface PreparedResponse {
  /** The response (schema- and survey-valid, identity already bound). */
  response: Response;
  /** The survey version it was checked against. */
  survey: SurveyDefinition;
  /**
   * Whether a signed identity (or the admin importing it) vouches for its account; default true.
   * An unvouched answer (an anonymous survey answered without a token) is stored and counted in
   * the tenant-level figures only: never in an account's aggregates, counters or sync queue.
   */
  vouched?: boolean;
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
/** Hidden fields (responses.attributes) are summed per value like account segments, without the role. */
const ATTR_AGG_KEY = 'account_id, month, kind, survey_id, question_id, scale_min, scale_max, polarity';
const TENANT_AGG_KEY = 'month, kind, survey_id, question_id, scale_min, scale_max, polarity';
const COUNTS = [
  ...COUNT_COLUMNS.map((_, i) => `count(*) FILTER (WHERE value = ${i})`),
  'count(*) FILTER (WHERE cant_recommend)',
  'count(*) FILTER (WHERE value IS NULL AND NOT cant_recommend)',
].join(', ');
const ADD_COUNTS = (table: string) =>
  [...COUNT_COLUMNS, 'cant_recommend', 'skipped']
    .map((c) => `${c} = ${table}.${c} + excluded.${c}`)
    .join(', ');

// Choice, ranking and matrix answers of the inserted responses (vouched or not: survey results are
// tenant-level figures), as additive counters per survey version and question: see migration
// 071_choice_tallies.sql, whose backfill computes the same rows. One INSERT with grouped rows, because
// a statement may not update the same row twice.
const CHOICE_TALLY = `INSERT INTO choice_tallies (tenant_id, survey_id, survey_version, question_id, kind, what, key, point, count)
  SELECT $1, survey_id, survey_version, question_id, kind, what, key, point, count(*)
  FROM (
    WITH a AS (
      SELECT ins.survey_id, ins.survey_version, e AS answer FROM ins, jsonb_array_elements(ins.answers) e
      WHERE e->>'kind' IN ('single-choice', 'multi-choice', 'ranking', 'matrix')
    )
    SELECT survey_id, survey_version, answer->>'questionId' AS question_id, answer->>'kind' AS kind,
           CASE WHEN jsonb_typeof(answer->'value') = 'null' THEN 'skipped' ELSE 'answered' END AS what,
           '' AS key, 0 AS point
    FROM a
    UNION ALL
    SELECT survey_id, survey_version, answer->>'questionId', 'single-choice', 'option', answer->>'value', 0
    FROM a WHERE answer->>'kind' = 'single-choice' AND jsonb_typeof(answer->'value') = 'string'
    UNION ALL
    SELECT survey_id, survey_version, answer->>'questionId', 'multi-choice', 'option', o.v, 0
    FROM a, jsonb_array_elements_text(CASE WHEN jsonb_typeof(answer->'value') = 'array' THEN answer->'value' ELSE '[]'::jsonb END) o(v)
    WHERE answer->>'kind' = 'multi-choice'
    UNION ALL
    SELECT survey_id, survey_version, answer->>'questionId', 'ranking', 'rank', o.v, o.n::int
    FROM a, jsonb_array_elements_text(CASE WHEN jsonb_typeof(answer->'value') = 'array' THEN answer->'value' ELSE '[]'::jsonb END)
           WITH ORDINALITY o(v, n)
    WHERE answer->>'kind' = 'ranking'
    UNION ALL
    SELECT survey_id, survey_version, answer->>'questionId', 'matrix', 'rating', m.key, round((m.value)::numeric)::int
    FROM a, jsonb_each(CASE WHEN jsonb_typeof(answer->'value') = 'object' THEN answer->'value' ELSE '{}'::jsonb END) m
    WHERE answer->>'kind' = 'matrix' AND jsonb_typeof(m.value) = 'number'
  ) t
  GROUP BY survey_id, survey_version, question_id, kind, what, key, point
  ORDER BY survey_id, survey_version, question_id, kind, what, key, point
  ON CONFLICT (tenant_id, survey_id, survey_version, question_id, kind, what, key, point)
  DO UPDATE SET count = choice_tallies.count + excluded.count`;

// One statement does the whole write: data-modifying CTEs insert the responses, and only the
// rows that were really inserted (RETURNING) feed the aggregates, the latest answers and the
// account counters. A single statement is atomic on its own and costs one round trip, on PGlite
// and on PostgreSQL alike. Rows are grouped and ordered by key so concurrent writers lock shared
// rows in the same order (no deadlocks).
const STORE = `
WITH clash AS (
  SELECT x.id FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, account_id text, respondent_id text, vouched boolean)
  JOIN responses r ON r.tenant_id = $1 AND r.id = x.id
  WHERE r.account_id IS DISTINCT FROM x.account_id OR r.respondent_id IS DISTINCT FROM x.respondent_id
     OR r.vouched IS DISTINCT FROM x.vouched
), ins AS (
  INSERT INTO responses (tenant_id, id, survey_id, survey_version, account_id, respondent_id, role, channel,
                         locale, answered_at, has_text, answers, attributes, vouched)
  SELECT $1, x.id, x.survey_id, x.survey_version, x.account_id, x.respondent_id, x.role, x.channel,
         x.locale, x.answered_at, x.has_text, x.answers, x.attributes, x.vouched
  FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, survey_id text, survey_version int, account_id text,
       respondent_id text, role text, channel text, locale text, answered_at timestamptz, has_text boolean,
       answers jsonb, attributes jsonb, vouched boolean)
  WHERE NOT EXISTS (SELECT 1 FROM clash)
  ON CONFLICT (tenant_id, id) DO NOTHING
  RETURNING id, account_id, answered_at, vouched, attributes, survey_id, survey_version, answers
), fresh AS (
  SELECT a.*, ins.vouched, ins.attributes FROM jsonb_to_recordset($3::jsonb) AS a(response_id uuid, account_id text, month text,
       kind text, survey_id text, question_id text, role text, scale_min smallint, scale_max smallint,
       polarity text, value smallint, cant_recommend boolean, respondent_id text, answered_at timestamptz)
  JOIN ins ON ins.id = a.response_id
), agg AS (
  INSERT INTO score_aggregates (tenant_id, ${AGG_KEY}, ${COUNT_COLUMNS.join(', ')}, cant_recommend, skipped)
  SELECT $1, ${AGG_KEY}, ${COUNTS}
  FROM fresh WHERE vouched GROUP BY ${AGG_KEY} ORDER BY ${AGG_KEY}
  ON CONFLICT (tenant_id, ${AGG_KEY}) DO UPDATE SET ${ADD_COUNTS('score_aggregates')}
), attr_agg AS (
  INSERT INTO attribute_score_aggregates (tenant_id, attribute, value, ${ATTR_AGG_KEY}, ${COUNT_COLUMNS.join(', ')},
                                          cant_recommend, skipped)
  SELECT $1, kv.attr_key, kv.attr_value, ${ATTR_AGG_KEY}, ${COUNTS}
  FROM fresh CROSS JOIN LATERAL (
    SELECT e.key AS attr_key, e.value AS attr_value FROM jsonb_each_text(coalesce(fresh.attributes, '{}'::jsonb)) e
     WHERE e.key <> 'invitation' ORDER BY e.key LIMIT 16) kv
  WHERE vouched GROUP BY kv.attr_key, kv.attr_value, ${ATTR_AGG_KEY} ORDER BY kv.attr_key, kv.attr_value, ${ATTR_AGG_KEY}
  ON CONFLICT (tenant_id, attribute, month, value, account_id, kind, survey_id, question_id, scale_min, scale_max,
               polarity) DO UPDATE SET ${ADD_COUNTS('attribute_score_aggregates')}
), tenant_agg AS (
  INSERT INTO unvouched_score_aggregates (tenant_id, ${TENANT_AGG_KEY}, ${COUNT_COLUMNS.join(', ')}, cant_recommend, skipped)
  SELECT $1, ${TENANT_AGG_KEY}, ${COUNTS}
  FROM fresh WHERE NOT vouched GROUP BY ${TENANT_AGG_KEY} ORDER BY ${TENANT_AGG_KEY}
  ON CONFLICT (tenant_id, ${TENANT_AGG_KEY}) DO UPDATE SET ${ADD_COUNTS('unvouched_score_aggregates')}
), choice_tally AS (
  ${CHOICE_TALLY}
), latest AS (
  INSERT INTO latest_scores (tenant_id, account_id, kind, respondent_id, role, scale_min, scale_max, polarity,
                             value, cant_recommend, answered_at, response_id)
  SELECT DISTINCT ON (account_id, kind, respondent_id) $1, account_id, kind, respondent_id, NULLIF(role, ''), scale_min,
         scale_max, polarity, value, cant_recommend, answered_at, response_id
  FROM fresh WHERE vouched AND respondent_id IS NOT NULL AND (value IS NOT NULL OR cant_recommend)
  ORDER BY account_id, kind, respondent_id, answered_at DESC, response_id DESC
  ON CONFLICT (tenant_id, account_id, kind, respondent_id) DO UPDATE SET
    role = excluded.role, scale_min = excluded.scale_min, scale_max = excluded.scale_max,
    polarity = excluded.polarity, value = excluded.value, cant_recommend = excluded.cant_recommend,
    answered_at = excluded.answered_at, response_id = excluded.response_id
  WHERE excluded.answered_at >= latest_scores.answered_at
), acc AS (
  INSERT INTO accounts (tenant_id, account_id, responses, last_answered_at)
  SELECT $1, account_id, count(*), max(answered_at) FROM ins WHERE vouched GROUP BY account_id ORDER BY account_id
  ON CONFLICT (tenant_id, account_id) DO UPDATE SET
    responses = accounts.responses + excluded.responses,
    last_answered_at = greatest(accounts.last_answered_at, excluded.last_answered_at)
), pending AS (
  INSERT INTO hubspot_pending_accounts (tenant_id, account_id)
  SELECT DISTINCT $1, account_id FROM ins WHERE vouched AND EXISTS (SELECT 1 FROM hubspot_portals WHERE tenant_id = $1)
  ORDER BY 2
  ON CONFLICT (tenant_id, account_id) DO UPDATE SET version = excluded.version
)
SELECT id::text AS id, false AS clash FROM ins UNION ALL SELECT id::text, true FROM clash`;

/**
 * Stores responses in one atomic statement and keeps the account summaries current: new responses
 * are inserted (a known id of the same identity is left untouched and reported `duplicate`; of
 * another identity, the batch is refused with {@link ResponseIdTaken}), and only the newly
 * inserted ones are added to the monthly score aggregates (and per hidden field: attribute_score_aggregates), the choice
 * tallies of the survey version, the latest-answer-per-respondent table and the account counters. Resolves after the statement committed, so an acknowledgement is durable.
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
  const rows = [...unique.entries()].map(([id, { response: r, survey, vouched }]) => ({
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
    vouched: vouched ?? true,
  }));

  const answers = [...unique.values()].flatMap((p) => answerRows(p));
  const params = [tenantId, JSON.stringify(rows), JSON.stringify(answers)];
  const inserted = await db.query<{ id: string; clash: boolean }>(STORE, params, {
    name: 'cx_store_responses',
  });
  const clashes = new Set(inserted.rows.filter((r) => r.clash).map((r) => r.id));
  const created = new Set(inserted.rows.filter((r) => !r.clash).map((r) => r.id));
  // A row another writer inserted between the statement's snapshot and its insert escapes the
  // clash check: judge those repeats again against the stored owner.
  const repeats = rows.filter((r) => !created.has(r.id) && !clashes.has(r.id));
  if (repeats.length > 0 && clashes.size === 0) {
    const owners = await db.query<{
      id: string;
      account_id: string;
      respondent_id: string | null;
      vouched: boolean;
    }>(
      'SELECT id::text AS id, account_id, respondent_id, vouched FROM responses WHERE tenant_id = $1 AND id = ANY ($2::uuid[])',
      [tenantId, repeats.map((r) => r.id)],
    );
    const byId = new Map(owners.rows.map((o) => [o.id, o]));
    for (const r of repeats) {
      const o = byId.get(r.id);
      if (
        o &&
        (o.account_id !== r.account_id || o.respondent_id !== r.respondent_id || o.vouched !== r.vouched)
      )
        clashes.add(r.id);
    }
  }
  if (clashes.size > 0)
    throw new ResponseIdTaken(batch.flatMap((p, i) => (clashes.has(p.response.id.toLowerCase()) ? [i] : [])));

  const firstSeen = new Set<string>();
  return batch.map(({ response }) => {
    const key = response.id.toLowerCase();
    const isFirst = !firstSeen.has(key);
    firstSeen.add(key);
    return { id: response.id, status: isFirst && created.has(key) ? 'created' : 'duplicate' };
  });
}

/**
 * Some response ids of a batch are already stored for another identity (account, respondent or
 * vouching differ): nothing of the batch was stored. The sender should give those answers new ids.
 */
export class ResponseIdTaken extends Error {
  /** Stable code. */
  readonly code = 'response/id-taken';

  constructor(
    /** Positions in the batch of the responses whose id is taken. */
    readonly indices: number[],
  ) {
    super('response id already used by another identity');
    this.name = 'ResponseIdTaken';
  }
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
