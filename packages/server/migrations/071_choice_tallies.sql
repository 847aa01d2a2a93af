-- Per-question tallies of the single-choice, multi-choice, ranking and matrix answers of each survey
-- version, so GET /v1/admin/surveys/:id/results reads counters instead of unnesting every answer of the
-- version (issue 17: analytics reads aggregates, never scans answers). Every counter is additive, so the
-- response insert statement (collector/responses-store.ts) adds to them for the responses it really inserted
-- (a re-sent id adds nothing), vouched or not, like the results route counted before. `what` says what is
-- counted (key '' and point 0 when not used):
--   answered / skipped: answers with a value / with null, per question and kind,
--   option: single- or multi-choice answers naming option `key`,
--   rank: ranking answers putting option `key` at position `point` (1 = first),
--   rating: matrix answers rating item `key` at `point`.
-- Privacy erasure keeps choice answers (it only empties open text), so nothing decrements these.
CREATE TABLE choice_tallies (
  tenant_id text NOT NULL REFERENCES tenants (id),
  survey_id text NOT NULL,
  survey_version integer NOT NULL,
  question_id text NOT NULL,
  kind text NOT NULL,
  what text NOT NULL,
  key text NOT NULL DEFAULT '',
  point integer NOT NULL DEFAULT 0,
  count bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, survey_id, survey_version, question_id, kind, what, key, point)
);

-- Backfill from the responses stored so far: the same rows the insert statement adds, summed.
INSERT INTO choice_tallies (tenant_id, survey_id, survey_version, question_id, kind, what, key, point, count)
SELECT tenant_id, survey_id, survey_version, question_id, kind, what, key, point, count(*)
FROM (
  WITH a AS (
    SELECT r.tenant_id, r.survey_id, r.survey_version, e AS answer
    FROM responses r, jsonb_array_elements(r.answers) e
    WHERE e->>'kind' IN ('single-choice', 'multi-choice', 'ranking', 'matrix')
  )
  SELECT tenant_id, survey_id, survey_version, answer->>'questionId' AS question_id, answer->>'kind' AS kind,
         CASE WHEN jsonb_typeof(answer->'value') = 'null' THEN 'skipped' ELSE 'answered' END AS what,
         '' AS key, 0 AS point
  FROM a
  UNION ALL
  SELECT tenant_id, survey_id, survey_version, answer->>'questionId', 'single-choice', 'option', answer->>'value', 0
  FROM a WHERE answer->>'kind' = 'single-choice' AND jsonb_typeof(answer->'value') = 'string'
  UNION ALL
  SELECT tenant_id, survey_id, survey_version, answer->>'questionId', 'multi-choice', 'option', o.v, 0
  FROM a, jsonb_array_elements_text(CASE WHEN jsonb_typeof(answer->'value') = 'array' THEN answer->'value' ELSE '[]'::jsonb END) o(v)
  WHERE answer->>'kind' = 'multi-choice'
  UNION ALL
  SELECT tenant_id, survey_id, survey_version, answer->>'questionId', 'ranking', 'rank', o.v, o.n::int
  FROM a, jsonb_array_elements_text(CASE WHEN jsonb_typeof(answer->'value') = 'array' THEN answer->'value' ELSE '[]'::jsonb END)
         WITH ORDINALITY o(v, n)
  WHERE answer->>'kind' = 'ranking'
  UNION ALL
  SELECT tenant_id, survey_id, survey_version, answer->>'questionId', 'matrix', 'rating', m.key, round((m.value)::numeric)::int
  FROM a, jsonb_each(CASE WHEN jsonb_typeof(answer->'value') = 'object' THEN answer->'value' ELSE '{}'::jsonb END) m
  WHERE answer->>'kind' = 'matrix' AND jsonb_typeof(m.value) = 'number'
) t
GROUP BY tenant_id, survey_id, survey_version, question_id, kind, what, key, point;
