import type { Queryable } from '../db/database.js';

/**
 * One count of the answers to one survey version, read from the choice tallies so a survey's
 * results never load its answers: `what` says what is counted.
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

// The tallies are kept by the response insert statement (collector/responses-store.ts, migration 071):
// reading them costs one index range per survey version, however many responses it has. Every
// response of the version counts, vouched or not, like the other tenant-level figures.
const COUNTS = `
SELECT question_id, kind, what, key, point, count FROM choice_tallies
WHERE tenant_id = $1 AND survey_id = $2 AND survey_version = $3`;

/**
 * The answer counts of the choice, ranking and matrix questions of one survey version, from the
 * choice tallies, for the survey results route (core turns them into summaries).
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
    key: string;
    point: number;
    count: string | number;
  }>(COUNTS, [tenantId, surveyId, version], { name: 'cx_choice_tallies' });
  return res.rows.map((r) => ({
    questionId: r.question_id,
    kind: r.kind,
    what: r.what,
    // The table keeps '' and 0 for "not used" (primary key columns cannot be null).
    key: r.what === 'answered' || r.what === 'skipped' ? null : r.key,
    point: r.what === 'rank' || r.what === 'rating' ? r.point : null,
    count: Number(r.count),
  }));
}
