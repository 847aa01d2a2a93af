// The multi-choice question (tick several options): a chunk of its own, loaded only by surveys that ask one.
import type { Question } from '@cxkit/core';
import type { Lib } from './chunk-api.js';
import type { KindView } from './question-kinds.js';
import { adopt, css, ids, sheetOf, stringsOf } from './chunk-support.js';

type MultiChoice = Extract<Question, { kind: 'multi-choice' }>;

/** Built-in strings of multi-choice questions; a survey overrides them by id in its `strings`. */
const PACKS: Record<string, { atLeast: string; atMost: string }> = {
  en: { atLeast: 'Choose at least {n}.', atMost: 'Choose at most {n}.' },
  de: { atLeast: 'Wählen Sie mindestens {n}.', atMost: 'Wählen Sie höchstens {n}.' },
  es: { atLeast: 'Elija al menos {n}.', atMost: 'Elija como máximo {n}.' },
  fr: { atLeast: 'Choisissez-en au moins {n}.', atMost: 'Choisissez-en au plus {n}.' },
  it: { atLeast: 'Scegline almeno {n}.', atMost: 'Scegline al massimo {n}.' },
  nl: { atLeast: 'Kies er minstens {n}.', atMost: 'Kies er hoogstens {n}.' },
  pt: { atLeast: 'Escolha pelo menos {n}.', atMost: 'Escolha no máximo {n}.' },
};

const sheet = sheetOf(css`
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    min-width: 0;
  }
  legend {
    padding: 0;
    margin-bottom: 0.75rem;
  }
  /* The fieldset's legend (and its help) take the place of the element's question paragraph. */
  form:has(> .multi) > :is(.q, .help) {
    display: none;
  }
  /* A box that reads as a checkbox, so several choices look possible (single choice has none). */
  .multi label::before {
    content: '';
    flex: none;
    box-sizing: border-box;
    width: 1.1em;
    height: 1.1em;
    margin-inline-end: 0.5em;
    border: 2px solid currentColor;
    border-radius: 0.2em;
  }
  .multi label:has(:checked)::before {
    background: currentColor;
    box-shadow: inset 0 0 0 0.2em var(--_ac);
  }
`);

/** The ticked option ids of `v`, in the order of the options. */
const ticked = (q: MultiChoice, v: unknown): string[] =>
  Array.isArray(v) ? q.options.map((o) => o.id).filter((id) => v.includes(id)) : [];

/** Checkboxes in a fieldset whose legend is the question; the limits are said before the options. */
export const view = ({ html, nothing, format }: Lib): KindView => ({
  render(el, question, v, describedBy) {
    const q = question as MultiChoice;
    adopt(el, sheet);
    const s = stringsOf(el, PACKS);
    const on = ticked(q, v);
    const hint = [
      q.minSelected && format(s.atLeast, { n: q.minSelected }),
      q.maxSelected && format(s.atMost, { n: q.maxSelected }),
    ]
      .filter(Boolean)
      .join(' ');
    const invalid = el._error ? 'true' : nothing;
    const [text, tl, td] = el._txt(q.text);
    const [help, hl, hd] = el._txt(q.help);
    return html`<fieldset
      class="scale col multi"
      part="choices"
      aria-describedby=${ids(hint && 'n', ...describedBy.split(' ').map((i) => (i == 'h' ? 'mh' : i))) || nothing}
    >
      <legend class="q" part="question" lang=${tl} dir=${td}>${text}</legend>
      ${q.help ? html`<p class="help" id="mh" part="help" lang=${hl} dir=${hd}>${help}</p>` : nothing}
      ${hint ? html`<p class="help" id="n" part="hint">${hint}</p>` : nothing}
      <div class="row">
        ${q.options.map((o) => {
          const [label, lang, dir] = el._txt(o.label);
          const checked = on.includes(o.id);
          return html`<label part="option${checked ? ' selected' : ''}"
            ><input
              type="checkbox"
              .value=${o.id}
              .checked=${checked}
              aria-invalid=${invalid}
              @change=${(e: Event) => {
                const now = ticked(q, el._values[q.id]).filter((id) => id !== o.id);
                if ((e.target as HTMLInputElement).checked) now.push(o.id);
                const next = ticked(q, now);
                el._set(q, next.length ? next : null);
              }}
            /><span lang=${lang} dir=${dir}>${label}</span></label
          >`;
        })}
      </div>
    </fieldset>`;
  },

  check(el, question, v) {
    const q = question as MultiChoice;
    const n = ticked(q, v).length;
    const min = Math.max(q.minSelected ?? 0, q.required ? 1 : 0);
    const s = stringsOf(el, PACKS);
    // Ticking nothing skips an optional question; ticking some must respect the limits.
    if ((n || q.required) && n < min) return min > 1 ? format(s.atLeast, { n: min }) : el._strings().required;
    return q.maxSelected && n > q.maxSelected ? format(s.atMost, { n: q.maxSelected }) : '';
  },
});
