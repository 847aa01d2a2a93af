import type { ScoredKind } from './question-kind.js';
import { DEFAULT_SCALES } from './default-scales.js';
import type { Scale } from './scale.js';
import { defaultTopBox } from './score-band.js';

/** The parts of a scored question that decide its scale. */
export interface ScaleSource {
  /** Question kind. */
  kind: ScoredKind;
  /** Declared scale, if any. */
  scale?: Scale | undefined;
  /** CSAT display: smileys imply 1-3 and yes/no 0-1 when no scale is declared. */
  display?: string | undefined;
}

/**
 * The scale a scored question's answers are on: the declared one, else the one its CSAT display implies
 * (three smileys 1-3, yes/no 0-1), else the kind's default (NPS 0-10, CSAT 1-5, CES 1-7, C2ES 1-5).
 * @example questionScale({ kind: 'csat', display: 'yes-no' }) // { min: 0, max: 1, polarity: 'higher-is-better' }
 */
export function questionScale(q: ScaleSource): Scale {
  if (q.scale) return q.scale;
  if (q.kind === 'csat' && q.display === 'smileys') return { min: 1, max: 3, polarity: 'higher-is-better' };
  if (q.kind === 'csat' && q.display === 'yes-no') return { min: 0, max: 1, polarity: 'higher-is-better' };
  return DEFAULT_SCALES[q.kind];
}

/** The scale of a matrix question when it declares none: 1-5, higher is better. */
export const DEFAULT_MATRIX_SCALE: Scale = { min: 1, max: 5, polarity: 'higher-is-better' };

/**
 * The scale a matrix question's items are rated on: the declared one, else {@link DEFAULT_MATRIX_SCALE}.
 * @example matrixScale({}) // { min: 1, max: 5, polarity: 'higher-is-better' }
 */
export function matrixScale(q: { scale?: Scale | undefined }): Scale {
  return q.scale ?? DEFAULT_MATRIX_SCALE;
}

/**
 * The top box of a matrix scale: the same rule as CSAT's default (the top quarter of the points, at
 * least the best one), e.g. 4-5 on 1-5.
 * @example matrixTopBox({ min: 1, max: 5, polarity: 'higher-is-better' }) // 4
 */
export function matrixTopBox(scale: Scale): number {
  return defaultTopBox('csat', scale);
}
