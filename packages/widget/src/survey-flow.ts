import { WidgetError } from './widget-error.js';
import type { Question, SurveyDefinition, SurveyDefinitionInput } from '@cxkit/core';
// The zod-free entries: the bundle gets these functions, not the schemas.
import { DEFAULT_SCALES, questionScale, type Scale } from '@cxkit/core/scales';
import { isQuestionShown, type AnswerValue } from '@cxkit/core/survey-logic';

/**
 * An answer value while the survey is being filled: a score, an option id, text, option ids
 * (multi-choice, ranking), item scores (matrix), or `null` when skipped.
 */
export type Value = AnswerValue;

const KINDS = ['nps', 'csat', 'ces', 'c2es', 'text', 'single-choice', 'multi-choice', 'ranking', 'matrix'];

const fail = (field: string, rule: string): never => {
  throw new WidgetError('definition/invalid', `${field} ${rule}`);
};

/**
 * Checks the shape the widget relies on. The server validates fully with the core zod schema;
 * the widget cannot ship zod, so this is the minimum that keeps rendering safe. Defaults of the
 * schema (`required`, `allowCantRecommend`, `display`, ...) are applied where they are read.
 * @throws WidgetError `definition/invalid` naming the field and the rule.
 */
export function checkDefinition(d: SurveyDefinitionInput): SurveyDefinition {
  if (typeof d?.id != 'string') fail('id', 'must be a string');
  const qs = d.questions;
  if (!Array.isArray(qs) || !qs.length || qs.length > 7) fail('questions', 'must hold 1 to 7 questions');
  const seen = new Set<string>();
  qs.forEach((q, i) => {
    const at = `questions[${i}].`;
    if (typeof q?.id != 'string' || seen.has(q.id)) fail(at + 'id', 'must be a unique string');
    if (!KINDS.includes(q.kind)) fail(at + 'kind', 'must be one of ' + KINDS);
    if (typeof q.text != 'object') fail(at + 'text', 'must be localized text');
    const c = q.showIf;
    if (c && 'question' in c && !seen.has(c.question))
      fail(at + 'showIf.question', 'must name an earlier question');
    const k = q.kind == 'matrix' ? 'items' : /choice|ranking/.test(q.kind) && 'options';
    // A second entry means two or more.
    if (k && !(q as unknown as Record<string, unknown[] | undefined>)[k]?.[1])
      fail(at + k, 'must hold 2 or more ' + k);
    seen.add(q.id);
  });
  return d as SurveyDefinition;
}

/**
 * The integer scale a scored question is answered on: core's `questionScale` (a CSAT display implies
 * one); 0-0 for the other kinds, which have no scale of their own.
 */
export function scaleOf(q: Question): Pick<Scale, 'min' | 'max'> {
  return q.kind in DEFAULT_SCALES
    ? questionScale(q as Parameters<typeof questionScale>[0])
    : { min: 0, max: 0 };
}

/** The answers an unanswered question could get that decide a `showIf`: scores, option ids, all options ticked. */
const outcomes = (q: Question): Value[] => {
  if (q.kind === 'single-choice') return q.options.map((o) => o.id);
  if (q.kind === 'multi-choice') return [q.options.map((o) => o.id)];
  const { min, max } = scaleOf(q);
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
};

/**
 * The questions to ask given the answers so far and the hidden fields, by core's `isQuestionShown`.
 * A question not answered yet counts as the answer that would bring the most follow-ups, so the step
 * count and the Next/Send label never promise less than may come ("Question 1 of 2", not "of 1").
 */
export function visibleQuestions(
  def: SurveyDefinition,
  values: Record<string, Value>,
  hidden?: Record<string, string>,
): Question[] {
  const qs = def.questions;
  const vals = { ...values };
  const shown = (q: Question) => isQuestionShown(q, vals, hidden, qs);
  for (const t of qs) {
    const followUps = qs.filter((f) => f.showIf && 'question' in f.showIf && f.showIf.question === t.id);
    if (t.id in vals || !followUps.length) continue;
    let most = -1;
    let best: Value = null;
    for (const v of outcomes(t)) {
      vals[t.id] = v;
      const n = followUps.filter(shown).length;
      if (n > most) [most, best] = [n, v];
    }
    vals[t.id] = best;
  }
  return qs.filter(shown);
}

/** Picks the text for `locale` from localized text: exact tag, then its language, then English, then any. */
export function pick(text: Record<string, string> | undefined, locale: string): string {
  if (!text) return '';
  return text[locale] ?? text[locale.split('-')[0]!] ?? text.en ?? Object.values(text)[0] ?? '';
}
