import type { ScoredKind } from './question-kind.js';
import type { Scale } from './scale.js';

// Kept apart from scale.ts (zod) so the browser entry `@cxkit/core/scales` carries no schema code.
/** The catalogue's default scale for each scored kind: NPS 0-10, CSAT 1-5, CES 1-7, C2ES 1-5. */
export const DEFAULT_SCALES: Readonly<Record<ScoredKind, Scale>> = {
  nps: { min: 0, max: 10, polarity: 'higher-is-better' },
  csat: { min: 1, max: 5, polarity: 'higher-is-better' },
  ces: { min: 1, max: 7, polarity: 'higher-is-better' },
  c2es: { min: 1, max: 5, polarity: 'higher-is-better' },
};
