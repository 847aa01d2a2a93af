// The language switch (`languages` with two or more tags): a chunk of its own, loaded only by pages that ask for it.
import type { TemplateResult } from 'lit/html.js';
import type { Lib } from './chunk-api.js';
import type { CxSurvey } from './cx-survey.js';
import type { Strings } from './strings.js';

/** Builds the switch's template: a select of the languages, each named in itself; nothing for fewer than two. */
export const languageSwitch =
  ({ html, nothing, loadPack }: Lib) =>
  (el: CxSurvey, s: Strings): TemplateResult | typeof nothing => {
    const ls = el.languages?.split(/\s+/).filter(Boolean) ?? [];
    if (ls.length < 2) return nothing;
    const cur = el._sl();
    return html`<select
      class="lang"
      part="language"
      aria-label=${s.language}
      @change=${(e: Event) => {
        const l = (e.target as HTMLSelectElement).value;
        void loadPack(l.split('-')[0]!).then(() => (el.locale = l));
      }}
    >
      ${ls.map(
        (l) =>
          html`<option value=${l} lang=${l} ?selected=${l === cur}>
            ${new Intl.DisplayNames([l], { type: 'language' }).of(l)}
          </option>`,
      )}
    </select>`;
  };
