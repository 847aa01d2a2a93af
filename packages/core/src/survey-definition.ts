import { z } from 'zod';
import { questionScale } from './question-scale.js';
import { ScaleSchema } from './scale.js';
import { VersionNumberSchema } from './storable.js';

/** A BCP 47 language tag such as `en`, `fr` or `fr-CA`. */
export const LocaleSchema = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as "en" or "fr-CA"');

/** Text in one or more locales, e.g. `{ en: 'Why?', fr: 'Pourquoi ?' }`; at least one locale. */
export const LocalizedTextSchema = z
  .record(LocaleSchema, z.string().min(1).max(1000))
  .refine((r) => Object.keys(r).length > 0, { message: 'must have text in at least one locale' });

/** Localized text. */
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

/** A question or option identifier: a short slug. */
export const IdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'must be 1-64 letters, digits, "_", ".", ":" or "-"');

/** Score bands a follow-up question can be conditioned on. */
export const ScoreBandSchema = z.enum(['detractor', 'passive', 'promoter', 'low', 'high']);

/** A score band: NPS bands, or low/high (below / at or above the question's top box). */
export type ScoreBand = z.infer<typeof ScoreBandSchema>;

/** Show this question only when an earlier scored question fell in one of the given bands. */
export const ShowIfBandsSchema = z.strictObject({
  question: IdSchema,
  bands: z.array(ScoreBandSchema).min(1),
});

/** Show this question only when an earlier single- or multi-choice answer holds one of the given option ids. */
export const ShowIfOptionsSchema = z.strictObject({
  question: IdSchema,
  anyOf: z.array(IdSchema).min(1).max(12),
});

/** A hidden-field key: the same rule as a response's `attributes` keys, where hidden fields are stored. */
export const HiddenFieldKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, "_", "." or "-"');

/** Show this question only when the response's hidden field `hidden` has one of the given values. */
export const ShowIfHiddenSchema = z.strictObject({
  hidden: HiddenFieldKeySchema,
  anyOf: z.array(z.string().max(256)).min(1).max(50),
});

/** When a question is shown: on an earlier score's band, an earlier choice, or a hidden field's value. */
export const ShowIfSchema = z.union([ShowIfBandsSchema, ShowIfOptionsSchema, ShowIfHiddenSchema], {
  error: 'must be { question, bands }, { question, anyOf } or { hidden, anyOf }',
});

/** A question's display condition. */
export type ShowIf = z.infer<typeof ShowIfSchema>;

const common = {
  id: IdSchema,
  text: LocalizedTextSchema,
  help: LocalizedTextSchema.optional(),
  required: z.boolean().default(false),
  showIf: ShowIfSchema.optional(),
};

const endLabels = z.strictObject({ low: LocalizedTextSchema, high: LocalizedTextSchema }).optional();

/** NPS question, 0-10. `allowCantRecommend` offers the B2B "my company does not allow me to recommend suppliers" choice. */
export const NpsQuestionSchema = z.strictObject({
  ...common,
  kind: z.literal('nps'),
  labels: endLabels,
  allowCantRecommend: z.boolean().default(true),
});

/** CSAT question: numbers or stars on 1-5 / 1-10, three smileys (1-3) or yes/no (0-1). */
export const CsatQuestionSchema = z
  .strictObject({
    ...common,
    kind: z.literal('csat'),
    display: z.enum(['numbers', 'stars', 'smileys', 'yes-no']).default('numbers'),
    scale: ScaleSchema.optional(),
    /** Lowest score counted as satisfied (top box); defaults from the scale (4 on 1-5, 8 on 1-10, yes, happy smiley). */
    topBox: z.int().min(0).max(10).optional(),
    labels: endLabels,
  })
  .superRefine((q, ctx) => {
    const s = q.scale;
    if (s && q.display === 'smileys' && (s.min !== 1 || s.max !== 3))
      ctx.addIssue({ code: 'custom', path: ['scale'], message: 'smileys use the 1-3 scale' });
    if (s && q.display === 'yes-no' && (s.min !== 0 || s.max !== 1))
      ctx.addIssue({ code: 'custom', path: ['scale'], message: 'yes-no uses the 0-1 scale' });
    topBoxOnScale(q, ctx);
  });

/** A declared top box must be a point of the question's (declared or implied) scale. */
function topBoxOnScale(
  q: {
    kind: 'csat' | 'ces' | 'c2es';
    scale?: z.infer<typeof ScaleSchema> | undefined;
    display?: string;
    topBox?: number | undefined;
  },
  ctx: z.RefinementCtx,
): void {
  const s = questionScale(q);
  if (q.topBox !== undefined && (q.topBox < s.min || q.topBox > s.max))
    ctx.addIssue({
      code: 'custom',
      path: ['topBox'],
      message: `topBox must lie within the scale ${s.min}-${s.max}`,
    });
}

/** CES question, 1-7 agreement by default; declare `scale.polarity` when higher means more effort. */
export const CesQuestionSchema = z
  .strictObject({
    ...common,
    kind: z.literal('ces'),
    scale: ScaleSchema.optional(),
    topBox: z.int().min(0).max(10).optional(),
    labels: endLabels,
  })
  .superRefine(topBoxOnScale);

/** C2ES question, asked of the employee who handled the request, 1-5 by default. */
export const C2esQuestionSchema = z
  .strictObject({
    ...common,
    kind: z.literal('c2es'),
    scale: ScaleSchema.optional(),
    topBox: z.int().min(0).max(10).optional(),
    labels: endLabels,
  })
  .superRefine(topBoxOnScale);

/** Open text question (the "why?" follow-up). */
export const TextQuestionSchema = z.strictObject({
  ...common,
  kind: z.literal('text'),
  maxLength: z.int().min(1).max(5000).default(1000),
  placeholder: LocalizedTextSchema.optional(),
});

/** A choice option, or a matrix item: an id and its label. */
export const OptionSchema = z.strictObject({ id: IdSchema, label: LocalizedTextSchema });

const uniqueIds = (list: readonly { id: string }[]): boolean =>
  new Set(list.map((o) => o.id)).size === list.length;

/** Single-choice question with 2 to 12 options. */
export const SingleChoiceQuestionSchema = z
  .strictObject({
    ...common,
    kind: z.literal('single-choice'),
    options: z.array(OptionSchema).min(2).max(12),
  })
  .refine((q) => uniqueIds(q.options), { message: 'option ids must be unique', path: ['options'] });

/**
 * Multi-choice question with 2 to 12 options; between `minSelected` (default 0) and `maxSelected`
 * (default all) of them may be ticked. A required one needs at least max(1, minSelected).
 */
export const MultiChoiceQuestionSchema = z
  .strictObject({
    ...common,
    kind: z.literal('multi-choice'),
    options: z.array(OptionSchema).min(2).max(12),
    minSelected: z.int().min(0).max(12).default(0),
    maxSelected: z.int().min(1).max(12).optional(),
  })
  .superRefine((q, ctx) => {
    if (!uniqueIds(q.options))
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'option ids must be unique' });
    if (q.minSelected > q.options.length)
      ctx.addIssue({
        code: 'custom',
        path: ['minSelected'],
        message: 'must not exceed the number of options',
      });
    if (q.maxSelected !== undefined && q.maxSelected > q.options.length)
      ctx.addIssue({
        code: 'custom',
        path: ['maxSelected'],
        message: 'must not exceed the number of options',
      });
    if (q.maxSelected !== undefined && q.maxSelected < q.minSelected)
      ctx.addIssue({ code: 'custom', path: ['maxSelected'], message: 'must be at least minSelected' });
  });

/** Ranking question: the respondent orders all 2 to 8 options, most preferred first. */
export const RankingQuestionSchema = z
  .strictObject({
    ...common,
    kind: z.literal('ranking'),
    options: z.array(OptionSchema).min(2).max(8),
  })
  .refine((q) => uniqueIds(q.options), { message: 'option ids must be unique', path: ['options'] });

/** Matrix question: 2 to 6 items rated on one scale (default 1-5, see `matrixScale`). */
export const MatrixQuestionSchema = z
  .strictObject({
    ...common,
    kind: z.literal('matrix'),
    items: z.array(OptionSchema).min(2).max(6),
    scale: ScaleSchema.optional(),
    labels: endLabels,
  })
  .refine((q) => uniqueIds(q.items), { message: 'item ids must be unique', path: ['items'] });

/** Any survey question, discriminated by `kind`. */
export const QuestionSchema = z.discriminatedUnion('kind', [
  NpsQuestionSchema,
  CsatQuestionSchema,
  CesQuestionSchema,
  C2esQuestionSchema,
  TextQuestionSchema,
  SingleChoiceQuestionSchema,
  MultiChoiceQuestionSchema,
  RankingQuestionSchema,
  MatrixQuestionSchema,
]);

/** A survey question. */
export type Question = z.infer<typeof QuestionSchema>;
/** A survey question as written by an author, before defaults are applied. */
export type QuestionInput = z.input<typeof QuestionSchema>;

/** Who answers: customers, partners/resellers (pNPS), or the supplier's own employees (C2ES). */
export const AudienceSchema = z.enum(['customer', 'partner', 'employee']);

/** The moments of the customer journey the KPI catalogue (docs/kpis.md) names, plus the relationship survey and pulse. */
export const SurveyMomentSchema = z.enum([
  'relationship',
  'post-purchase',
  'post-delivery',
  'post-support',
  'pulse',
  'other',
]);

/** Maximum questions in a survey: the KPI catalogue's (docs/kpis.md) "5-7 questions at most". */
export const MAX_QUESTIONS = 7;

/** A survey definition: what `<cx-survey>` renders and what the server validates answers against. */
export const SurveyDefinitionSchema = z
  .strictObject({
    id: IdSchema,
    version: VersionNumberSchema.default(1),
    title: LocalizedTextSchema.optional(),
    audience: AudienceSchema.default('customer'),
    moment: SurveyMomentSchema.default('relationship'),
    anonymous: z.boolean().default(false),
    questions: z.array(QuestionSchema).min(1).max(MAX_QUESTIONS),
    thanks: LocalizedTextSchema.optional(),
    /** Per-locale overrides of the widget's built-in strings, keyed by string id. */
    strings: z.record(LocaleSchema, z.record(z.string().max(64), z.string().max(500))).optional(),
    /** Do not show again to the same person for this many days after an answer or a dismissal. */
    fatigueDays: z.int().min(0).max(3650).default(90),
  })
  .superRefine((s, ctx) => {
    const seen = new Map<string, number>();
    s.questions.forEach((q, i) => {
      if (seen.has(q.id))
        ctx.addIssue({
          code: 'custom',
          path: ['questions', i, 'id'],
          message: `duplicate question id "${q.id}"`,
        });
      // Checked before this question is recorded, so a question cannot be conditioned on itself.
      if (q.showIf) checkShowIf(q.showIf, i, seen, s.questions, ctx);
      if (!seen.has(q.id)) seen.set(q.id, i);
    });
  });

/** A survey definition with defaults applied. */
export type SurveyDefinition = z.infer<typeof SurveyDefinitionSchema>;
/** A survey definition as written by an author. */
export type SurveyDefinitionInput = z.input<typeof SurveyDefinitionSchema>;

/** The cross-question rules of a `showIf`: an earlier question of the right kind, known bands or options. */
function checkShowIf(
  showIf: ShowIf,
  i: number,
  seen: ReadonlyMap<string, number>,
  questions: readonly Question[],
  ctx: z.RefinementCtx,
): void {
  if (!('question' in showIf)) return;
  const at = ['questions', i, 'showIf'];
  const target = seen.get(showIf.question);
  const targetQ = target === undefined ? undefined : questions[target];
  if (targetQ === undefined) {
    ctx.addIssue({ code: 'custom', path: [...at, 'question'], message: 'must name an earlier question' });
    return;
  }
  if ('bands' in showIf) {
    if (!['nps', 'csat', 'ces', 'c2es'].includes(targetQ.kind)) {
      ctx.addIssue({ code: 'custom', path: [...at, 'question'], message: 'must name a scored question' });
      return;
    }
    // NPS questions have detractor/passive/promoter bands, the other scored kinds low/high.
    const allowed = targetQ.kind === 'nps' ? ['detractor', 'passive', 'promoter'] : ['low', 'high'];
    showIf.bands.forEach((band, j) => {
      if (!allowed.includes(band))
        ctx.addIssue({
          code: 'custom',
          path: [...at, 'bands', j],
          message: `a ${targetQ.kind} question has the bands ${allowed.join(', ')}`,
        });
    });
    return;
  }
  if (targetQ.kind !== 'single-choice' && targetQ.kind !== 'multi-choice') {
    ctx.addIssue({
      code: 'custom',
      path: [...at, 'question'],
      message: 'must name a single-choice or multi-choice question',
    });
    return;
  }
  showIf.anyOf.forEach((id, j) => {
    if (!targetQ.options.some((o) => o.id === id))
      ctx.addIssue({
        code: 'custom',
        path: [...at, 'anyOf', j],
        message: `"${id}" is not an option of question "${targetQ.id}"`,
      });
  });
}
