import { z } from 'zod';
import {
  matrixScale,
  matrixSummary,
  multiChoiceSummary,
  rankingSummary,
  singleChoiceSummary,
  type ChoiceSummary,
  type MatrixSummary,
  type Question,
  type RankingSummary,
  type SurveyDefinition,
} from '@cxkit/core';
import type { AnswerCount } from './survey-results-store.js';

/** The results of one question: its id and core's summary of its kind. */
export interface QuestionResult {
  /** Question id. */
  questionId: string;
  /** The summary (its `kind` tells which). */
  summary: ChoiceSummary | RankingSummary | MatrixSummary;
}

/** What `GET /v1/admin/surveys/:id/results` returns. */
export interface SurveyResults {
  /** Survey id. */
  surveyId: string;
  /** The survey version the answers were given to. */
  version: number;
  /** One entry per single-choice, multi-choice, ranking and matrix question, in the survey's order. */
  questions: QuestionResult[];
}

const IntervalSchema = z.object({
  lower: z.number(),
  upper: z.number(),
  level: z.number(),
  method: z.string(),
  raw: z.object({ lower: z.number(), upper: z.number() }).optional(),
});
const KpiSchema = z.object({
  status: z.enum(['ok', 'insufficient-data']),
  n: z.int(),
  value: z.number().nullable(),
  smallSample: z.boolean().optional(),
  interval: IntervalSchema.optional(),
  reason: z.string().optional(),
  details: z.record(z.string(), z.unknown()),
});
const ScaleOutSchema = z.object({ min: z.int(), max: z.int(), polarity: z.string() });
const base = { n: z.int(), smallSample: z.boolean(), skipped: z.int() };

/** The documented shape of {@link SurveyResults} (OpenAPI). */
export const SurveyResultsSchema = z.object({
  surveyId: z.string(),
  version: z.int(),
  questions: z.array(
    z.object({
      questionId: z.string(),
      summary: z.discriminatedUnion('kind', [
        z.object({
          kind: z.enum(['single-choice', 'multi-choice']),
          ...base,
          options: z.array(z.object({ id: z.string(), count: z.int(), share: KpiSchema })),
        }),
        z.object({
          kind: z.literal('ranking'),
          ...base,
          options: z.array(
            z.object({ id: z.string(), meanRank: KpiSchema, first: KpiSchema, borda: z.int() }),
          ),
        }),
        z.object({
          kind: z.literal('matrix'),
          ...base,
          scale: ScaleOutSchema,
          topBoxFrom: z.int(),
          items: z.array(z.object({ id: z.string(), n: z.int(), mean: KpiSchema, topBox: KpiSchema })),
        }),
      ]),
    }),
  ),
});

/**
 * Turns the stored answer counts of one survey version into core's summaries, question by question.
 * Counts naming an option, item, rank or rating the question does not have are left out (the
 * collector never stores such an answer; this keeps a hand-edited row from breaking the page).
 */
export function surveyResults(survey: SurveyDefinition, counts: readonly AnswerCount[]): SurveyResults {
  const byQuestion = new Map<string, AnswerCount[]>();
  for (const c of counts) byQuestion.set(c.questionId, [...(byQuestion.get(c.questionId) ?? []), c]);
  const questions: QuestionResult[] = [];
  for (const q of survey.questions) {
    const summary = summaryOf(q, byQuestion.get(q.id) ?? []);
    if (summary) questions.push({ questionId: q.id, summary });
  }
  return { surveyId: survey.id, version: survey.version, questions };
}

function summaryOf(q: Question, rows: readonly AnswerCount[]): QuestionResult['summary'] | undefined {
  const total = (what: 'answered' | 'skipped') =>
    rows.filter((r) => r.what === what && r.kind === q.kind).reduce((s, r) => s + r.count, 0);
  const respondents = total('answered');
  const skipped = total('skipped');
  if (q.kind === 'single-choice' || q.kind === 'multi-choice') {
    const options = q.options.map((o) => o.id);
    const counts = options.map((id) =>
      rows.filter((r) => r.what === 'option' && r.key === id).reduce((s, r) => s + r.count, 0),
    );
    const t = { options, counts, respondents, skipped };
    return q.kind === 'single-choice' ? singleChoiceSummary(t) : multiChoiceSummary(t);
  }
  if (q.kind === 'ranking') {
    const options = q.options.map((o) => o.id);
    const positions = options.map((id) =>
      options.map((_, r) =>
        rows
          .filter((x) => x.what === 'rank' && x.key === id && x.point === r + 1)
          .reduce((s, x) => s + x.count, 0),
      ),
    );
    return rankingSummary({ options, positions, respondents, skipped });
  }
  if (q.kind === 'matrix') {
    const scale = matrixScale(q);
    const items = q.items.map((it) => it.id);
    const width = scale.max - scale.min + 1;
    const grid = items.map((id) =>
      Array.from({ length: width }, (_, j) =>
        rows
          .filter((x) => x.what === 'rating' && x.key === id && x.point === scale.min + j)
          .reduce((s, x) => s + x.count, 0),
      ),
    );
    return matrixSummary({ items, scale, counts: grid, respondents, skipped });
  }
  return undefined;
}
