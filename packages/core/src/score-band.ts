import { CxError } from './cx-error.js';
import type { ScoredKind } from './question-kind.js';
import type { Scale } from './scale.js';
import type { ScoreBand } from './survey-definition.js';

/**
 * The default top box of a scale: the lowest score counted as satisfied (for a higher-is-worse scale,
 * the highest score counted as good). The top quarter of the scale points, rounded down, and at least
 * the best point: 4-5 on 1-5, 8-10 on 1-10, "yes" on 0-1, the happy smiley on 1-3, 6-7 on 1-7.
 * For NPS it is 9 (promoters).
 * @example defaultTopBox('csat', { min: 1, max: 5, polarity: 'higher-is-better' }) // 4
 */
export function defaultTopBox(kind: ScoredKind, scale: Scale): number {
  if (kind === 'nps') return 9;
  const width = Math.floor((scale.max - scale.min + 1) / 4);
  return scale.polarity === 'higher-is-worse' ? scale.min + width : scale.max - width;
}

/**
 * True when `score` is in the top box (at or above it, or at or below it on a higher-is-worse scale).
 * @example inTopBox(4, 4, { min: 1, max: 5, polarity: 'higher-is-better' }) // true
 */
export function inTopBox(score: number, topBox: number, scale: Scale): boolean {
  return scale.polarity === 'higher-is-worse' ? score <= topBox : score >= topBox;
}

/**
 * The band a score falls in, for conditional follow-ups (`showIf`): NPS detractor 0-6, passive 7-8,
 * promoter 9-10; other kinds `high` in the top box (see {@link defaultTopBox}), `low` otherwise.
 * @throws CxError `scoreBand/out-of-scale` when the score is not an integer on the scale,
 *   `scoreBand/top-box-out-of-scale` when the top box is off the scale.
 * @example scoreBand('csat', { min: 1, max: 5, polarity: 'higher-is-better' }, 4) // 'high'
 */
export function scoreBand(kind: ScoredKind, scale: Scale, score: number, topBox?: number): ScoreBand {
  if (!Number.isInteger(score) || score < scale.min || score > scale.max)
    throw new CxError(
      'scoreBand/out-of-scale',
      `score ${score} is not on the scale ${scale.min}-${scale.max}`,
      {
        field: 'score',
      },
    );
  if (kind === 'nps') return score <= 6 ? 'detractor' : score <= 8 ? 'passive' : 'promoter';
  const box = topBox ?? defaultTopBox(kind, scale);
  if (!Number.isInteger(box) || box < scale.min || box > scale.max)
    throw new CxError(
      'scoreBand/top-box-out-of-scale',
      `topBox ${box} is not on the scale ${scale.min}-${scale.max}`,
      {
        field: 'topBox',
      },
    );
  return inTopBox(score, box, scale) ? 'high' : 'low';
}
