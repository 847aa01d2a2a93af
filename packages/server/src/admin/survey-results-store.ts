import type { Queryable } from '../db/database.js';

/**
 * One count of the answers to one survey version, grouped in SQL so a survey's results never
 * load its answers: `what` says what is counted.
 * - `answered` / `skipped`: answers with a value / with `null`, per question;
 * - `option`: single- or multi-choice answers naming option `key`;
 * - `rank`: ranking answers putting option `key` at rank `point` (1 = first);
 * - `rating`: matrix answers rating item `key` at `point`.
 */
export interface AnswerCount {
  /** Question id. */
  questionId: string;
  /** Answer kind as stored. */
  kind: string;
  /** What is counted. */
  what: 'answered' | 'skipped' | 'option' | 'rank' | 'rating';
  /** Option or item id, for `option`, `rank` and `rating`. */
  key: string | null;
  /** Rank or rating, for `rank` and `rating`. */
  point: number | null;
  /** Number of answers. */
  count: number;
}

// Answers are stored whole in responses.answers (jsonb); each branch unnests one kind's values.
// Every response of the version counts, vouched or not, like the other tenant-level figures.
const COUNTS = `
WITH a AS (
  SELECT e AS answer FROM responses r, jsonb_array_elements(r.answers) e
  WHERE r.tenant_id = $1 AND r.survey_id = $2 AND r.survey_version = $3
    AND e->>'kind' IN ('single-choice', 'multi-choice', 'ranking', 'matrix')
)
SELECT answer->>'questionId' AS question_id, answer->>'kind' AS kind,
       CASE WHEN jsonb_typeof(answer->'value') = 'null' THEN 'skipped' ELSE 'answered' END AS what,
       NULL::text AS key, NULL::int AS point, count(*)::int AS count
FROM a GROUP BY 1, 2, 3
UNION ALL
SELECT answer->>'questionId', 'single-choice', 'option', answer->>'value', NULL, count(*)::int
FROM a WHERE answer->>'kind' = 'single-choice' AND jsonb_typeof(answer->'value') = 'string'
GROUP BY 1, 4
UNION ALL
SELECT answer->>'questionId', 'multi-choice', 'option', o.v, NULL, count(*)::int
FROM a, jsonb_array_elements_text(CASE WHEN jsonb_typeof(answer->'value') = 'array' THEN answer->'value' ELSE '[]'::jsonb END) o(v)
WHERE answer->>'kind' = 'multi-choice'
GROUP BY 1, 4
UNION ALL
SELECT answer->>'questionId', 'ranking', 'rank', o.v, o.n::int, count(*)::int
FROM a, jsonb_array_elements_text(CASE WHEN jsonb_typeof(answer->'value') = 'array' THEN answer->'value' ELSE '[]'::jsonb END)
       WITH ORDINALITY o(v, n)
WHERE answer->>'kind' = 'ranking'
GROUP BY 1, 4, 5
UNION ALL
SELECT answer->>'questionId', 'matrix', 'rating', m.key, (m.value)::int, count(*)::int
FROM a, jsonb_each(CASE WHEN jsonb_typeof(answer->'value') = 'object' THEN answer->'value' ELSE '{}'::jsonb END) m
WHERE answer->>'kind' = 'matrix'
GROUP BY 1, 4, 5`;

/**
 * The answer counts of the choice, ranking and matrix questions of one survey version, for the
 * survey results route (core turns them into summaries).
 */
export async function surveyAnswerCounts(
  db: Queryable,
  tenantId: string,
  surveyId: string,
  version: number,
): Promise<AnswerCount[]> {
  const res = await db.query<{
    question_id: string;
    kind: string;
    what: AnswerCount['what'];
    key: string | null;
    point: number | null;
    count: number;
  }>(COUNTS, [tenantId, surveyId, version], { name: 'cx_survey_answer_counts' });
  return res.rows.map((r) => ({
    questionId: r.question_id,
    kind: r.kind,
    what: r.what,
    key: r.key,
    point: r.point,
    count: Number(r.count),
  }));
}
