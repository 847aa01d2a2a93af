import { CANT_RECOMMEND, isScoredKind, periodKey, type Response, type SurveyDefinition } from '@cxkit/core';
import type { Database } from './db/database.js';
import { questionScale } from './survey-rules.js';

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

interface AggregateDelta {
  account_id: string;
  month: string;
  kind: string;
  survey_id: string;
  question_id: string;
  role: string;
  scale_min: number;
  scale_max: number;
  polarity: string;
  counts: number[];
  cant_recommend: number;
  skipped: number;
}

interface LatestRow {
  account_id: string;
  kind: string;
  respondent_id: string;
  role: string | null;
  scale_min: number;
  scale_max: number;
  polarity: string;
  value: number | null;
  cant_recommend: boolean;
  answered_at: string;
  response_id: string;
}

const COUNT_COLUMNS = Array.from({ length: 11 }, (_, i) => `c${i}`);

// Bulk statements take one JSON parameter expanded by jsonb_to_recordset: the same SQL runs on
// PGlite and pg, and a batch of 50 is three round trips instead of 150.
const INSERT_RESPONSES = `
  INSERT INTO responses (tenant_id, id, survey_id, survey_version, account_id, respondent_id, role, channel,
                         locale, answered_at, has_text, answers, attributes)
  SELECT $1, x.id, x.survey_id, x.survey_version, x.account_id, x.respondent_id, x.role, x.channel,
         x.locale, x.answered_at, x.has_text, x.answers, x.attributes
  FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, survey_id text, survey_version int, account_id text,
       respondent_id text, role text, channel text, locale text, answered_at timestamptz, has_text boolean,
       answers jsonb, attributes jsonb)
  ON CONFLICT (tenant_id, id) DO NOTHING
  RETURNING id::text AS id`;

const UPSERT_AGGREGATES = `
  INSERT INTO score_aggregates (tenant_id, account_id, month, kind, survey_id, question_id, role, scale_min,
                                scale_max, polarity, ${COUNT_COLUMNS.join(', ')}, cant_recommend, skipped)
  SELECT $1, x.account_id, x.month, x.kind, x.survey_id, x.question_id, x.role, x.scale_min, x.scale_max,
         x.polarity, ${COUNT_COLUMNS.map((_, i) => `(x.counts->>${i})::int`).join(', ')}, x.cant_recommend, x.skipped
  FROM jsonb_to_recordset($2::jsonb) AS x(account_id text, month text, kind text, survey_id text,
       question_id text, role text, scale_min smallint, scale_max smallint, polarity text, counts jsonb,
       cant_recommend int, skipped int)
  ON CONFLICT (tenant_id, account_id, month, kind, survey_id, question_id, role, scale_min, scale_max, polarity)
  DO UPDATE SET ${[...COUNT_COLUMNS, 'cant_recommend', 'skipped'].map((c) => `${c} = score_aggregates.${c} + excluded.${c}`).join(', ')}`;

const UPSERT_LATEST = `
  INSERT INTO latest_scores (tenant_id, account_id, kind, respondent_id, role, scale_min, scale_max, polarity,
                             value, cant_recommend, answered_at, response_id)
  SELECT $1, x.account_id, x.kind, x.respondent_id, x.role, x.scale_min, x.scale_max, x.polarity, x.value,
         x.cant_recommend, x.answered_at, x.response_id
  FROM jsonb_to_recordset($2::jsonb) AS x(account_id text, kind text, respondent_id text, role text,
       scale_min smallint, scale_max smallint, polarity text, value smallint, cant_recommend boolean,
       answered_at timestamptz, response_id uuid)
  ON CONFLICT (tenant_id, account_id, kind, respondent_id) DO UPDATE SET
    role = excluded.role, scale_min = excluded.scale_min, scale_max = excluded.scale_max,
    polarity = excluded.polarity, value = excluded.value, cant_recommend = excluded.cant_recommend,
    answered_at = excluded.answered_at, response_id = excluded.response_id
  WHERE excluded.answered_at >= latest_scores.answered_at`;

const UPSERT_ACCOUNTS = `
  INSERT INTO accounts (tenant_id, account_id, responses, last_answered_at)
  SELECT $1, x.account_id, x.responses, x.last_answered_at
  FROM jsonb_to_recordset($2::jsonb) AS x(account_id text, responses int, last_answered_at timestamptz)
  ON CONFLICT (tenant_id, account_id) DO UPDATE SET
    responses = accounts.responses + excluded.responses,
    last_answered_at = greatest(accounts.last_answered_at, excluded.last_answered_at)`;

/**
 * Stores responses in one transaction and keeps the account summaries current: new responses
 * are inserted (a known id is left untouched and reported `duplicate`), and only the newly
 * inserted ones are added to the monthly score aggregates, the latest-answer-per-respondent
 * table and the account counters. Resolves after COMMIT, so an acknowledgement is durable.
 */
export async function storeResponses(
  db: Database,
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

  const created = await db.transaction(async (tx) => {
    const inserted = await tx.query<{ id: string }>(INSERT_RESPONSES, [tenantId, JSON.stringify(rows)]);
    const ids = new Set(inserted.rows.map((r) => r.id));
    if (ids.size === 0) return ids;
    const fresh = [...unique.entries()].filter(([id]) => ids.has(id)).map(([, p]) => p);
    const { aggregates, latest, accounts } = deltas(fresh);
    if (aggregates.length > 0) await tx.query(UPSERT_AGGREGATES, [tenantId, JSON.stringify(aggregates)]);
    if (latest.length > 0) await tx.query(UPSERT_LATEST, [tenantId, JSON.stringify(latest)]);
    await tx.query(UPSERT_ACCOUNTS, [tenantId, JSON.stringify(accounts)]);
    return ids;
  });

  const firstSeen = new Set<string>();
  return batch.map(({ response }) => {
    const key = response.id.toLowerCase();
    const isFirst = !firstSeen.has(key);
    firstSeen.add(key);
    return { id: response.id, status: isFirst && created.has(key) ? 'created' : 'duplicate' };
  });
}

// Rows are sorted by key so concurrent transactions lock shared rows in the same order (no deadlocks).
function deltas(fresh: readonly PreparedResponse[]) {
  const aggregates = new Map<string, AggregateDelta>();
  const latest = new Map<string, LatestRow>();
  const accounts = new Map<string, { account_id: string; responses: number; last_answered_at: string }>();
  for (const { response: r, survey } of fresh) {
    const answeredAt = new Date(r.answeredAt).toISOString();
    const acc = accounts.get(r.accountId) ?? {
      account_id: r.accountId,
      responses: 0,
      last_answered_at: answeredAt,
    };
    acc.responses += 1;
    if (answeredAt > acc.last_answered_at) acc.last_answered_at = answeredAt;
    accounts.set(r.accountId, acc);
    const month = periodKey(answeredAt, 'month');
    for (const a of r.answers) {
      if (!isScoredKind(a.kind)) continue;
      const q = survey.questions.find((x) => x.id === a.questionId);
      const scale = q && questionScale(q);
      if (!scale) continue;
      const role = r.role ?? '';
      const key = [
        r.accountId,
        month,
        a.kind,
        r.surveyId,
        a.questionId,
        role,
        scale.min,
        scale.max,
        scale.polarity,
      ].join('\u0000');
      let d = aggregates.get(key);
      if (!d) {
        d = {
          account_id: r.accountId,
          month,
          kind: a.kind,
          survey_id: r.surveyId,
          question_id: a.questionId,
          role,
          scale_min: scale.min,
          scale_max: scale.max,
          polarity: scale.polarity,
          counts: new Array<number>(11).fill(0),
          cant_recommend: 0,
          skipped: 0,
        };
        aggregates.set(key, d);
      }
      const v = a.value;
      if (v === null) d.skipped += 1;
      else if (v === CANT_RECOMMEND) d.cant_recommend += 1;
      else if (typeof v === 'number') d.counts[v] = (d.counts[v] ?? 0) + 1;
      if (r.respondentId !== undefined && v !== null) {
        const lk = [r.accountId, a.kind, r.respondentId].join('\u0000');
        const prev = latest.get(lk);
        if (!prev || answeredAt >= prev.answered_at)
          latest.set(lk, {
            account_id: r.accountId,
            kind: a.kind,
            respondent_id: r.respondentId,
            role: r.role ?? null,
            scale_min: scale.min,
            scale_max: scale.max,
            polarity: scale.polarity,
            value: typeof v === 'number' ? v : null,
            cant_recommend: v === CANT_RECOMMEND,
            answered_at: answeredAt,
            response_id: r.id.toLowerCase(),
          });
      }
    }
  }
  const sorted = <T>(m: Map<string, T>) =>
    [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  return { aggregates: sorted(aggregates), latest: sorted(latest), accounts: sorted(accounts) };
}
