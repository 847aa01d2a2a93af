// CSAT shown as stars, smileys or yes/no: a chunk of its own, loaded only by surveys that show one.
import type { Lib } from './chunk-api.js';
import type { Faces } from './question-kinds.js';
import { adopt, css, sheetOf } from './chunk-support.js';

const sheet = sheetOf(css`
  .stars label,
  .smileys label {
    font-size: 1.5em;
    border: 0;
  }
  .stars label {
    color: var(--_bd);
  }
  /* The chosen star and every star before it are lit. */
  .stars label:has(:checked),
  .stars label:has(~ * :checked) {
    background: none;
    color: var(--_ac);
  }
`);

/** Builds the options of the CSAT displays: each face with a spoken name (stars, smileys) or a word. */
export const faces =
  ({ format }: Lib): Faces =>
  (el, q, s, min, max) => {
    if (q.kind != 'csat') return;
    adopt(el, sheet);
    if (q.display == 'smileys')
      return [
        [
          [1, '🙁', s.sad],
          [2, '😐', s.neutral],
          [3, '🙂', s.happy],
        ],
        ' smileys',
      ];
    if (q.display == 'yes-no')
      return [
        [
          [0, s.no],
          [1, s.yes],
        ],
        '',
      ];
    if (q.display == 'stars')
      return [
        Array.from({ length: max - min + 1 }, (_, i) => [min + i, '★', format(s.stars, { n: min + i, max })]),
        ' stars',
      ];
  };
