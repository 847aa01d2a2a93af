import { css } from './reactive-base.js';

// Private --_x variables take the public --cx-x value when the host sets one, else the theme default:
// light-dark() follows color-scheme, which follows prefers-color-scheme unless the theme attribute pins it.
/** Shadow styles of `<cx-survey>`. */
export const styles = css`
  :host {
    --_bg: var(--cx-bg, light-dark(#fff, #1c1f24));
    --_fg: var(--cx-fg, light-dark(#1f2328, #e6edf3));
    --_mu: var(--cx-muted, light-dark(#57606a, #aab4bf));
    --_bd: var(--cx-border, light-dark(#6e7781, #8b949e));
    --_ac: var(--cx-accent, light-dark(#0b57d0, #8ab4f8));
    --_on: var(--cx-on-accent, light-dark(#fff, #0b1a33));
    --_r: var(--cx-option-radius, 0.5rem);
    /* 44 px targets even when the host page shrinks its root font size (rem follows the page). */
    --_t: max(44px, 2.75rem);
    display: block;
  }
  /* Colours, colour scheme and floating position live on the panel, inside the shadow root: a host
     page's "* { all: unset }" or "* { color: inherit }" reaches the host element, never the panel. */
  section {
    position: relative;
    color: var(--_fg);
    color-scheme: light dark;
    background: var(--_bg);
    border: 1px solid var(--_bd);
    border-radius: var(--cx-radius, 0.75rem);
    padding: var(--cx-padding, 1rem 1.25rem);
  }
  :host([theme='light']) section {
    color-scheme: light;
  }
  :host([theme='dark']) section {
    color-scheme: dark;
  }
  p {
    margin: 0 0 0.75rem;
  }
  .q {
    font-weight: 600;
  }
  .help,
  .ends {
    color: var(--_mu);
    font-size: 0.9em;
  }
  .scale,
  .row {
    display: grid;
    gap: 0.25rem;
  }
  .row {
    grid-template-columns: repeat(auto-fit, minmax(var(--_t), 1fr));
  }
  .col .row {
    grid-template-columns: 1fr;
  }
  .ends,
  .actions {
    display: flex;
    gap: 0.25rem;
  }
  .ends {
    justify-content: space-between;
  }
  label,
  button {
    position: relative;
    box-sizing: border-box;
    min-height: var(--_t);
    min-width: var(--_t);
    display: flex;
    align-items: center;
    justify-content: center;
    border: 1px solid var(--_bd);
    border-radius: var(--_r);
    background: var(--_bg);
    color: inherit;
    font: inherit;
    cursor: pointer;
  }
  .wide,
  .col label {
    justify-content: start;
    padding: 0.5rem;
  }
  input {
    position: absolute;
    inset: 0;
    margin: 0;
    opacity: 0;
  }
  label:has(:checked),
  .next {
    background: var(--_ac);
    border-color: var(--_ac);
    color: var(--_on);
  }
  label:has(:focus-visible),
  :focus-visible {
    outline: 3px solid var(--cx-focus, var(--_ac));
    outline-offset: 2px;
  }
  textarea {
    box-sizing: border-box;
    width: 100%;
    min-height: 5.5rem;
    padding: 0.5rem;
    font: inherit;
    color: inherit;
    background: var(--_bg);
    border: 1px solid var(--_bd);
    border-radius: var(--_r);
  }
  .err {
    color: var(--cx-error, light-dark(#b3261e, #ffb4ab));
  }
  .actions {
    justify-content: end;
    margin-top: 0.75rem;
  }
  .actions button {
    padding: 0 1rem;
  }
  .close {
    position: absolute;
    top: 0.5rem;
    inset-inline-end: 0.5rem;
    width: var(--_t);
    font-size: 1.25em;
  }
  /* Windows high contrast replaces colours: keep the chosen option visible with system colours. */
  @media (forced-colors: active) {
    label:has(:checked) {
      forced-color-adjust: none;
      background: Highlight;
      color: HighlightText;
    }
  }
  .sr {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
  }
`;
