import { WidgetError } from './widget-error.js';
import type { Question, ScoreBand, SurveyDefinition, SurveyDefinitionInput } from '@cxkit/core';

/** An answer value while the survey is being filled: a score, an option id, text, or `null` when skipped. */
export type Value = number | string | null;

const KINDS = ['nps', 'csat', 'ces', 'c2es', 'text', 'single-choice'];

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
    if (q.showIf && !seen.has(q.showIf.question))
      fail(at + 'showIf.question', 'must name an earlier question');
    if (q.kind == 'single-choice' && !(q.options?.length > 1))
      fail(at + 'options', 'must hold 2 or more options');
    seen.add(q.id);
  });
  return d as SurveyDefinition;
}

/** The integer scale a scored question is answered on (the catalogue's defaults). */
export function scaleOf(q: Question): { min: number; max: number } {
  if (q.kind === 'nps') return { min: 0, max: 10 };
  if (q.kind === 'csat' && q.display === 'smileys') return { min: 1, max: 3 };
  if (q.kind === 'csat' && q.display === 'yes-no') return { min: 0, max: 1 };
  if (q.kind === 'csat' || q.kind === 'ces' || q.kind === 'c2es')
    return q.scale ?? { min: 1, max: q.kind === 'ces' ? 7 : 5 };
  return { min: 0, max: 0 };
}

/**
 * The bands a score falls in, used by `showIf`. NPS: detractor 0-6, passive 7-8, promoter 9-10,
 * and also low (0-8) / high (9-10). Other scales: high at or above the top box (4 on 1-5, 6 on 1-7,
 * 8 on 1-10, yes, the happy smiley), after mirroring a higher-is-worse scale.
 */
export function bandsOf(q: Question, v: Value): ScoreBand[] {
  if (typeof v !== 'number') return [];
  if (q.kind === 'nps')
    return [v <= 6 ? 'detractor' : v <= 8 ? 'passive' : 'promoter', v >= 9 ? 'high' : 'low'];
  if (q.kind !== 'csat' && q.kind !== 'ces' && q.kind !== 'c2es') return [];
  const { min, max } = scaleOf(q);
  const good = q.scale?.polarity === 'higher-is-worse' ? min + max - v : v;
  const top = q.topBox ?? { 1: 1, 3: 3, 5: 4, 7: 6, 10: 8 }[max] ?? Math.ceil(min + (max - min) * 0.75);
  return [good >= top ? 'high' : 'low'];
}

/**
 * The questions to ask given the answers so far: a follow-up shows when its `showIf` band matched.
 * A question not answered yet counts as the score that would bring the most follow-ups, so the step
 * count and the Next/Send label never promise less than may come ("Question 1 of 2", not "of 1").
 */
export function visibleQuestions(def: SurveyDefinition, values: Record<string, Value>): Question[] {
  const qs = def.questions;
  const shows = (f: Question, v: Value): boolean => {
    const t = qs.find((x) => x.id === f.showIf!.question);
    const got = t ? bandsOf(t, v) : [];
    return f.showIf!.bands.some((b) => got.includes(b));
  };
  const vals = { ...values };
  for (const t of qs) {
    const followUps = qs.filter((f) => f.showIf?.question === t.id);
    if (t.id in vals || !followUps.length) continue;
    const { min, max } = scaleOf(t);
    let most = -1;
    for (let v = min; v <= max; v++) {
      const n = followUps.filter((f) => shows(f, v)).length;
      if (n > most) [most, vals[t.id]] = [n, v];
    }
  }
  return qs.filter((q) => !q.showIf || shows(q, vals[q.showIf.question] ?? null));
}

/** Picks the text for `locale` from localized text: exact tag, then its language, then English, then any. */
export function pick(text: Record<string, string> | undefined, locale: string): string {
  if (!text) return '';
  return text[locale] ?? text[locale.split('-')[0]!] ?? text.en ?? Object.values(text)[0] ?? '';
}
