import { z } from 'zod';
import {
  sentimentLabel,
  SENTIMENT_NEUTRAL_BAND,
  type SentimentLabel,
  type SentimentResult,
} from './sentiment.js';

/** Bounds of the score scale given with an answer; default NPS 0-10. */
export const ScoreScaleSchema = z
  .object({ min: z.number().finite(), max: z.number().finite() })
  .refine((s) => s.max > s.min, { message: 'max must be above min', path: ['max'] });

/** Bounds of a score scale. */
export type ScoreScale = z.infer<typeof ScoreScaleSchema>;

/** The text must be at least this sure of its label for the score to be ignored. */
export const SCORE_CONTEXT_CONFIDENCE = 0.6;

/**
 * Label a score points to on its scale: the bottom 64 % negative, up to 82 % neutral, the top positive — on NPS 0-10
 * exactly detractors (0-6), passives (7-8) and promoters (9-10); on 1-5, 1-3 / 4 / 5.
 */
export function scoreBandLabel(score: number, scale: ScoreScale = { min: 0, max: 10 }): SentimentLabel {
  const x = (score - scale.min) / (scale.max - scale.min);
  if (x <= 0.64) return 'negative';
  if (x <= 0.82) return 'neutral';
  return 'positive';
}

/**
 * Opt-in score-as-context: when the text's analyser is unsure (no probabilities, or its top probability below
 * {@link SCORE_CONTEXT_CONFIDENCE}) the label follows the score's band; otherwise the text's label stands. A
 * heuristic, not a trained combination: evaluations report it apart from the text-alone figures.
 */
export function withScoreContext(
  result: SentimentResult,
  score: number,
  scale: ScoreScale = { min: 0, max: 10 },
): SentimentResult {
  const p = result.probabilities;
  const top = p === undefined ? 0 : Math.max(p.negative, p.neutral, p.positive);
  if (top >= SCORE_CONTEXT_CONFIDENCE) return result;
  const label = scoreBandLabel(score, scale);
  if (label === result.label) return result;
  const edge = SENTIMENT_NEUTRAL_BAND + 0.001;
  const moved =
    label === 'positive'
      ? Math.max(result.score, edge)
      : label === 'negative'
        ? Math.min(result.score, -edge)
        : 0;
  const out = { ...result, score: moved, label };
  return sentimentLabel(moved) === label ? out : { ...out, score: 0 };
}
