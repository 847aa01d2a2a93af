import { WidgetError } from './widget-error.js';
import type { Question, ScoreBand, SurveyDefinition, SurveyDefinitionInput } from '@cxkit/core';
// The zod-free entry: the bundle gets these four functions, not the schemas.
import { defaultTopBox, inTopBox, questionScale, scoreBand, type Scale } from '@cxkit/core/scales';

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

type Scored = Extract<Question, { kind: 'nps' | 'csat' | 'ces' | 'c2es' }>;
const isScored = (q: Question): q is Scored =>
  q.kind === 'nps' || q.kind === 'csat' || q.kind === 'ces' || q.kind === 'c2es';

/** The integer scale a scored question is answered on: core's `questionScale` (a CSAT display implies one). */
export function scaleOf(q: Question): Scale {
  return isScored(q) ? questionScale(q) : { min: 0, max: 0, polarity: 'higher-is-better' };
}

/**
 * The bands a score falls in, used by `showIf`: core's `scoreBand` (NPS detractor/passive/promoter,
 * other kinds high in the top box, low otherwise); NPS also gets low/high around its top box 9.
 * A value off the scale, or a top box off the scale, falls in no band (the widget never throws on it).
 */
export function bandsOf(q: Question, v: Value): ScoreBand[] {
  if (typeof v !== 'number' || !isScored(q)) return [];
  const s = questionScale(q);
  const box = q.kind === 'nps' ? undefined : q.topBox;
  try {
    const band = scoreBand(q.kind, s, v, box);
    return q.kind === 'nps' ? [band, inTopBox(v, defaultTopBox('nps', s), s) ? 'high' : 'low'] : [band];
  } catch {
    return [];
  }
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
