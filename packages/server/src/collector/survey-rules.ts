import {
  CANT_RECOMMEND,
  questionScale,
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
 * question of that survey with the same kind, scores lie on the question's scale, choices are
 * among the options, texts fit, and "can't recommend" is only used where offered.
 * @returns one issue per broken rule, with paths under `prefix` (empty when the response fits).
 */
export function checkAnswersAgainstSurvey(
  r: Response,
  survey: SurveyDefinition,
  prefix: string,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const byId = new Map(survey.questions.map((q) => [q.id, q]));
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
    if (a.value === null) return;
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
