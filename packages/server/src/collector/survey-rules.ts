import {
  CANT_RECOMMEND,
  isQuestionShown,
  matrixScale,
  questionScale,
  type Answer,
  type AnswerValue,
  type Question,
  type Response,
  type Scale,
  type SurveyDefinition,
} from '@cxkit/core';
import type { FieldIssue } from '../http-error.js';

/**
 * The scale a question is answered on, from core's `questionScale` (so a CSAT display's implied scale,
 * yes/no 0-1 or smileys 1-3, is the one enforced and stored); `undefined` for unscored kinds.
 */
export function scaleOfQuestion(q: Question): Scale | undefined {
  switch (q.kind) {
    case 'nps':
    case 'csat':
    case 'ces':
    case 'c2es':
      return questionScale(q);
    default:
      return undefined;
  }
}

/**
 * Checks a schema-valid response against the survey version it answers: every answer names a
 * question of that survey with the same kind that the response's own answers and hidden fields
 * (`attributes`) would show (core's `isQuestionShown`), scores lie on the question's scale, choices
 * are among the options and within the question's counts, a ranking orders every option once, matrix
 * ratings name its items and lie on its scale, texts fit, and "can't recommend" is only used where offered.
 * @returns one issue per broken rule, with paths under `prefix` (empty when the response fits).
 */
export function checkAnswersAgainstSurvey(
  r: Response,
  survey: SurveyDefinition,
  prefix: string,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const byId = new Map(survey.questions.map((q) => [q.id, q]));
  const values: Record<string, AnswerValue> = Object.create(null) as Record<string, AnswerValue>;
  for (const a of r.answers) values[a.questionId] = a.value;
  r.answers.forEach((a, i) => {
    const at = `${prefix}answers.${i}`;
    const q = byId.get(a.questionId);
    if (!q) {
      issues.push({
        path: `${at}.questionId`,
        rule: 'unknown_question',
        message: `survey "${survey.id}" v${survey.version} has no question "${a.questionId}"`,
      });
      return;
    }
    if (q.kind !== a.kind) {
      issues.push({
        path: `${at}.kind`,
        rule: 'kind_mismatch',
        message: `question "${q.id}" is ${q.kind}, not ${a.kind}`,
      });
      return;
    }
    // A skipped answer (null) still says the question was shown, so it is checked too.
    if (!isQuestionShown(q, values, r.attributes, survey.questions)) {
      issues.push({
        path: `${at}.questionId`,
        rule: 'not_shown',
        message: `question "${q.id}" is not shown to this response (its showIf does not hold)`,
      });
      return;
    }
    if (a.value === null) return;
    if (q.kind === 'multi-choice' || q.kind === 'ranking' || q.kind === 'matrix') {
      issues.push(...checkListAnswer(a, q, at));
      return;
    }
    if (a.kind === 'text' && q.kind === 'text') {
      if (a.value.length > q.maxLength)
        issues.push({ path: `${at}.value`, rule: 'too_big', message: `at most ${q.maxLength} characters` });
      return;
    }
    if (a.kind === 'single-choice' && q.kind === 'single-choice') {
      if (!q.options.some((o) => o.id === a.value))
        issues.push({
          path: `${at}.value`,
          rule: 'unknown_option',
          message: `not an option of question "${q.id}"`,
        });
      return;
    }
    if (a.value === CANT_RECOMMEND) {
      if (q.kind !== 'nps' || !q.allowCantRecommend)
        issues.push({
          path: `${at}.value`,
          rule: 'cant_recommend_not_offered',
          message: `question "${q.id}" does not offer "can't recommend"`,
        });
      return;
    }
    const scale = scaleOfQuestion(q);
    if (scale && typeof a.value === 'number' && (a.value < scale.min || a.value > scale.max))
      issues.push({
        path: `${at}.value`,
        rule: 'out_of_scale',
        message: `must be between ${scale.min} and ${scale.max}`,
      });
  });
  return issues;
}

type ListQuestion = Extract<Question, { kind: 'multi-choice' | 'ranking' | 'matrix' }>;

/** The rules of a multi-choice, ranking or matrix answer (non-null, kind already matched). */
function checkListAnswer(a: Answer, q: ListQuestion, at: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const push = (path: string, rule: string, message: string) => issues.push({ path, rule, message });
  if (q.kind === 'matrix') {
    if (a.kind !== 'matrix' || a.value === null) return issues;
    const scale = matrixScale(q);
    const rated = Object.keys(a.value);
    for (const [item, x] of Object.entries(a.value)) {
      if (!q.items.some((it) => it.id === item))
        push(`${at}.value.${item}`, 'unknown_item', `not an item of question "${q.id}"`);
      else if (x < scale.min || x > scale.max)
        push(`${at}.value.${item}`, 'out_of_scale', `must be between ${scale.min} and ${scale.max}`);
    }
    if (rated.length === 0)
      push(`${at}.value`, 'too_few_items', 'rate at least one item, or send null to skip the question');
    else if (q.required) {
      const missing = q.items.filter((it) => !Object.hasOwn(a.value!, it.id)).map((it) => it.id);
      if (missing.length > 0)
        push(
          `${at}.value`,
          'missing_items',
          `question "${q.id}" is required: rate ${missing.join(', ')} too`,
        );
    }
    return issues;
  }
  if ((a.kind !== 'multi-choice' && a.kind !== 'ranking') || a.value === null) return issues;
  const ids = a.value;
  const known = new Set(q.options.map((o) => o.id));
  ids.forEach((id, j) => {
    if (!known.has(id)) push(`${at}.value.${j}`, 'unknown_option', `not an option of question "${q.id}"`);
    else if (ids.indexOf(id) !== j) push(`${at}.value.${j}`, 'duplicate_option', `"${id}" is listed twice`);
  });
  if (issues.length > 0) return issues;
  if (q.kind === 'ranking') {
    if (ids.length !== q.options.length)
      push(
        `${at}.value`,
        'not_a_permutation',
        `rank all ${q.options.length} options of question "${q.id}", each once (got ${ids.length})`,
      );
    return issues;
  }
  const min = q.required ? Math.max(1, q.minSelected) : q.minSelected;
  const max = q.maxSelected ?? q.options.length;
  if (ids.length < min)
    push(`${at}.value`, 'too_few_selected', `select at least ${min} option${min === 1 ? '' : 's'}`);
  if (ids.length > max)
    push(`${at}.value`, 'too_many_selected', `select at most ${max} option${max === 1 ? '' : 's'}`);
  return issues;
}
