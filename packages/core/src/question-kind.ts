import { z } from 'zod';

/** The kinds of question a survey may hold; the first four are scored. */
export const QUESTION_KINDS = [
  'nps',
  'csat',
  'ces',
  'c2es',
  'text',
  'single-choice',
  'multi-choice',
  'ranking',
  'matrix',
] as const;

/** Zod schema of a question kind. */
export const QuestionKindSchema = z.enum(QUESTION_KINDS);

/** A question kind. */
export type QuestionKind = z.infer<typeof QuestionKindSchema>;

/** The kinds that produce a numeric score and therefore a {@link ScoreSummary}. */
export const SCORED_KINDS = ['nps', 'csat', 'ces', 'c2es'] as const;

/** A scored question kind. */
export type ScoredKind = (typeof SCORED_KINDS)[number];

/** True when answers to questions of `kind` carry a numeric score. */
export function isScoredKind(kind: string): kind is ScoredKind {
  return (SCORED_KINDS as readonly string[]).includes(kind);
}
