// Jump logic shared by <cx-survey> (which questions to ask) and the server (which answers to accept).
// Zod-free, so the widget bundle can import it through `@cxkit/core/survey-logic`.
import { questionScale } from './question-scale.js';
import { defaultTopBox, inTopBox, scoreBand } from './score-band.js';
import type { Question, ScoreBand } from './survey-definition.js';

/**
 * An answer's value while or after a survey is filled: a score or "cant-recommend", an option id or
 * text, option ids (multi-choice, ranking), item scores (matrix), or `null` when skipped.
 */
export type AnswerValue = number | string | readonly string[] | Readonly<Record<string, number>> | null;

/**
 * The bands a score falls in, for `showIf.bands`: core's `scoreBand` (NPS detractor/passive/promoter,
 * other scored kinds `high` in the top box, `low` otherwise); an NPS score also gets low/high around
 * its top box 9. Anything that is not a score on the question's scale falls in no band.
 * @example scoreBandsOf({ kind: 'nps', id: 'q', text: { en: 'x' }, required: false, allowCantRecommend: true }, 9) // ['promoter', 'high']
 */
export function scoreBandsOf(q: Question, v: AnswerValue | undefined): ScoreBand[] {
  if (typeof v !== 'number') return [];
  if (q.kind !== 'nps' && q.kind !== 'csat' && q.kind !== 'ces' && q.kind !== 'c2es') return [];
  const s = questionScale(q);
  try {
    if (q.kind === 'nps')
      return [scoreBand('nps', s, v), inTopBox(v, defaultTopBox('nps', s), s) ? 'high' : 'low'];
    return [scoreBand(q.kind, s, v, q.topBox)];
  } catch {
    // Off the scale (or a top box off the scale): no band, so no follow-up; never a throw mid-survey.
    return [];
  }
}

/**
 * Whether `question` is asked, given the answers so far (by question id), the response's hidden
 * fields and the survey's questions (to read the scale of a score `showIf` names).
 * No `showIf`: always. `{ question, bands }`: the earlier score is in one of the bands.
 * `{ question, anyOf }`: the earlier single-choice option, or any ticked multi-choice option, is listed.
 * `{ hidden, anyOf }`: the hidden field's value is listed. A missing or skipped (`null`) earlier answer,
 * or a missing hidden field, hides the question.
 * @example isQuestionShown(why, { color: 'red' }, {}, survey.questions) // true when why.showIf is { question: 'color', anyOf: ['red'] }
 */
export function isQuestionShown(
  question: Pick<Question, 'showIf'>,
  answersSoFar: Readonly<Record<string, AnswerValue | undefined>>,
  hiddenFields: Readonly<Record<string, string | undefined>> | undefined,
  questions: readonly Question[],
): boolean {
  const c = question.showIf;
  if (!c) return true;
  if ('hidden' in c) {
    const v = hiddenFields?.[c.hidden];
    return typeof v === 'string' && c.anyOf.includes(v);
  }
  const v = Object.hasOwn(answersSoFar, c.question) ? answersSoFar[c.question] : undefined;
  if ('bands' in c) {
    const target = questions.find((q) => q.id === c.question);
    if (!target) return false;
    const got = scoreBandsOf(target, v);
    return c.bands.some((b) => got.includes(b));
  }
  if (typeof v === 'string') return c.anyOf.includes(v);
  if (Array.isArray(v)) return v.some((id: unknown) => typeof id === 'string' && c.anyOf.includes(id));
  return false;
}
