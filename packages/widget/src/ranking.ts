// The ranking question (put every option in order): a chunk of its own, loaded only by surveys that ask one.
import type { Question } from '@cxkit/core';
import type { Lib } from './chunk-api.js';
import type { KindView } from './question-kinds.js';
import { adopt, css, sheetOf, stringsOf } from './chunk-support.js';

type Ranking = Extract<Question, { kind: 'ranking' }>;

/** Built-in strings of ranking questions (`{item}`, `{n}`, `{total}` are replaced); a survey overrides them by id. */
const PACKS: Record<string, { up: string; down: string; moved: string }> = {
  en: { up: 'Move {item} up', down: 'Move {item} down', moved: '{item} moved to position {n} of {total}' },
  de: {
    up: '{item} nach oben verschieben',
    down: '{item} nach unten verschieben',
    moved: '{item} auf Position {n} von {total} verschoben',
  },
  es: { up: 'Subir {item}', down: 'Bajar {item}', moved: '{item} movido a la posición {n} de {total}' },
  fr: {
    up: 'Monter {item}',
    down: 'Descendre {item}',
    moved: '{item} déplacé en position {n} sur {total}',
  },
  it: {
    up: 'Sposta {item} in alto',
    down: 'Sposta {item} in basso',
    moved: '{item} spostato in posizione {n} di {total}',
  },
  nl: { up: '{item} omhoog', down: '{item} omlaag', moved: '{item} verplaatst naar positie {n} van {total}' },
  pt: {
    up: 'Mover {item} para cima',
    down: 'Mover {item} para baixo',
    moved: '{item} movido para a posição {n} de {total}',
  },
};

const sheet = sheetOf(css`
  .rank {
    display: grid;
    gap: 0.25rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .rank li {
    display: flex;
    align-items: center;
    gap: 0.25rem;
    padding-inline-start: 0.5rem;
    border: 1px solid var(--_bd);
    border-radius: var(--_r);
  }
  .rank .t {
    flex: 1;
  }
  .rank .n {
    min-width: 1.5em;
    font-weight: 600;
  }
  .rank button {
    border: 0;
  }
  .rank button:disabled {
    cursor: default;
    opacity: 0.4;
  }
`);

/** The order shown: the answer's when it is a permutation of the options, else the options' own. */
const orderOf = (q: Ranking, v: unknown): string[] => {
  const ids = q.options.map((o) => o.id);
  return Array.isArray(v) && v.length === ids.length && ids.every((id) => v.includes(id))
    ? (v as string[])
    : ids;
};

/**
 * An ordered list, most preferred first; each item has Move up / Move down buttons, a move is
 * announced in the live region and focus stays on the moved item.
 */
export const view = ({ html, nothing, format }: Lib): KindView => ({
  render(el, question, v, describedBy) {
    const q = question as Ranking;
    adopt(el, sheet);
    const s = stringsOf(el, PACKS);
    const order = orderOf(q, v);
    const label = (id: string) => el._txt(q.options.find((o) => o.id === id)!.label);
    const move = (i: number, d: -1 | 1) => {
      const o = [...order];
      const j = i + d;
      [o[i], o[j]] = [o[j]!, o[i]!];
      el._set(q, o);
      el._live = format(s.moved, { item: label(o[j]!)[0], n: j + 1, total: o.length });
      // The item moved to row j: keep focus on its button, or on the other one at either end.
      void el.updateComplete.then(() => {
        const [up, down] = el.renderRoot.querySelectorAll('.rank li')[j]!.querySelectorAll('button');
        ((d < 0 ? !up!.disabled : down!.disabled) ? up! : down!).focus();
      });
    };
    return html`<ol
      class="rank"
      part="ranking"
      tabindex="-1"
      aria-labelledby="q"
      aria-describedby=${describedBy || nothing}
    >
      ${order.map((id, i) => {
        const [text, lang, dir] = label(id);
        return html`<li part="rank-item">
          <span class="n" aria-hidden="true">${i + 1}</span>
          <span class="t" lang=${lang} dir=${dir}>${text}</span>
          <button
            type="button"
            part="button move-up"
            aria-label=${format(s.up, { item: text })}
            ?disabled=${i === 0}
            @click=${() => move(i, -1)}
          >
            ↑
          </button>
          <button
            type="button"
            part="button move-down"
            aria-label=${format(s.down, { item: text })}
            ?disabled=${i === order.length - 1}
            @click=${() => move(i, 1)}
          >
            ↓
          </button>
        </li>`;
      })}
    </ol>`;
  },

  check(el, question, v) {
    const q = question as Ranking;
    // Left as shown, an optional ranking is skipped (null); a required one is answered with the
    // order the respondent saw and accepted by going on.
    if (q.required && v === null) el._set(q, orderOf(q, v));
    return '';
  },
});
