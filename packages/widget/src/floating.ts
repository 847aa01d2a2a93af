// Floating mode's styles (`mode="floating"`): a chunk of its own, loaded only by pages that float the survey.
import type { CxSurvey } from './cx-survey.js';
import { adopt, css, sheetOf } from './chunk-support.js';

const sheet = sheetOf(css`
  /* Never taller than the viewport (WCAG 1.4.10 reflow at 320 x 256): the panel scrolls instead. */
  :host([mode='floating']) section {
    position: fixed;
    bottom: 0.5rem;
    inset-inline-end: 0.5rem;
    z-index: var(--cx-z-index, 2147483000);
    box-sizing: border-box;
    width: min(calc(100vw - 1rem), 36rem);
    max-height: calc(100vh - 1rem);
    overflow: auto;
    box-shadow: 0 0.5rem 2rem #0004;
  }
  :host([mode='floating']) .q {
    padding-inline-end: 2.5rem;
  }
`);

/** Applies floating mode's styles to the element. */
export const float = (el: CxSurvey): void => adopt(el, sheet);
