import type { ScoredKind } from './question-kind.js';
import { DEFAULT_SCALES } from './default-scales.js';
import type { Scale } from './scale.js';

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
