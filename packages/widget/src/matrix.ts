// The matrix question (rate several items on one scale): a chunk of its own, loaded only by surveys that ask one.
import type { Question } from '@cxkit/core';
import type { Lib } from './chunk-api.js';
import type { KindView } from './question-kinds.js';
import { adopt, css, ids, sheetOf, stringsOf } from './chunk-support.js';

type Matrix = Extract<Question, { kind: 'matrix' }>;

/** Built-in strings of matrix questions; a survey overrides them by id in its `strings`. */
const PACKS: Record<string, { rateAll: string }> = {
  en: { rateAll: 'Please rate every item.' },
  de: { rateAll: 'Bitte bewerten Sie jeden Punkt.' },
  es: { rateAll: 'Valore cada elemento.' },
  fr: { rateAll: 'Veuillez évaluer chaque élément.' },
  it: { rateAll: 'Valuta ogni voce.' },
  nl: { rateAll: 'Beoordeel elk onderdeel.' },
  pt: { rateAll: 'Avalie cada item.' },
};

const sheet = sheetOf(css`
  /* A wide scale scrolls sideways inside the card at 320 px (a data table may, WCAG 1.4.10). */
  .mx {
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th {
    padding: 0.25rem;
    font-weight: 400;
  }
  th[scope='row'] {
    text-align: start;
  }
  td label {
    margin: 0.125rem auto;
  }
`);

/** The item scores of `v` (a matrix answer), or none. */
const scores = (v: unknown): Record<string, number> =>
  v && typeof v == 'object' && !Array.isArray(v) ? (v as Record<string, number>) : {};

/**
 * A table: one row per item, its header the item, one radio per scale point under the point's
 * column header; each row's radios are one group (arrow keys move within it), each radio named
 * "item point".
 */
export const view = ({ html, nothing, matrixScale }: Lib): KindView => ({
  render(el, question, v, describedBy) {
    const q = question as Matrix;
    adopt(el, sheet);
    const { min, max } = matrixScale(q);
    const points = Array.from({ length: max - min + 1 }, (_, i) => min + i);
    const got = scores(v);
    const ends = q.labels && [el._txt(q.labels.low)[0], el._txt(q.labels.high)[0]];
    return html`${
        ends
          ? html`<div class="ends" id="l" part="labels">
              <span>${ends[0]}</span><span class="sr">, </span><span>${ends[1]}</span>
            </div>`
          : nothing
      }
      <div class="mx">
        <table part="matrix" aria-labelledby="q" aria-describedby=${ids(ends && 'l', describedBy) || nothing}>
          <thead>
            <tr>
              <td></td>
              ${points.map((n) => html`<th scope="col" id="c${n}">${n}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${q.items.map((item, r) => {
              const [label, lang, dir] = el._txt(item.label);
              const invalid = el._error && !(item.id in got) ? 'true' : nothing;
              return html`<tr>
                <th scope="row" id="i${r}" part="matrix-item" lang=${lang} dir=${dir}>${label}</th>
                ${points.map(
                  (n) =>
                    html`<td>
                      <label part="option${got[item.id] === n ? ' selected' : ''}"
                        ><input
                          type="radio"
                          name="i${r}"
                          .value=${String(n)}
                          .checked=${got[item.id] === n}
                          aria-labelledby="i${r} c${n}"
                          ?required=${q.required}
                          aria-invalid=${invalid}
                          @change=${() => el._set(q, { ...scores(el._values[q.id]), [item.id]: n })}
                      /></label>
                    </td>`,
                )}
              </tr>`;
            })}
          </tbody>
        </table>
      </div>`;
  },

  check(el, question, v) {
    const q = question as Matrix;
    const n = Object.keys(scores(v)).length;
    return q.required && n < q.items.length ? stringsOf(el, PACKS).rateAll : '';
  },
});
