// `@cxkit/core/scales`: the scale and top-box rules without zod, for the <cx-survey> bundle.
// The same functions as the main entry (one source of truth), only the import path differs.

export { DEFAULT_SCALES } from './default-scales.js';
export {
  DEFAULT_MATRIX_SCALE,
  matrixScale,
  matrixTopBox,
  questionScale,
  type ScaleSource,
} from './question-scale.js';
export { defaultTopBox, inTopBox, scoreBand } from './score-band.js';
export type { Scale, Polarity } from './scale.js';
