import { en } from './locales/en.js';
import type { Strings } from './strings.js';

// Each built-in language but English is its own chunk, fetched only when a page shows it.
const PACKS: Record<string, () => Promise<Strings>> = {
  de: () => import('./locales/de.js').then((m) => m.de),
  es: () => import('./locales/es.js').then((m) => m.es),
  fr: () => import('./locales/fr.js').then((m) => m.fr),
  it: () => import('./locales/it.js').then((m) => m.it),
  nl: () => import('./locales/nl.js').then((m) => m.nl),
  pt: () => import('./locales/pt.js').then((m) => m.pt),
};
const packs: Record<string, Strings> = { en };
const loading: Record<string, Promise<void>> = {};

/** Loads the built-in strings of `lang` once; never rejects (a language that cannot load falls back to English). */
export const loadPack = (lang: string): Promise<void> =>
  (loading[lang] ??= (PACKS[lang]?.() ?? Promise.resolve(undefined)).then(
    (s) => void (s && (packs[lang] = s)),
    () => void delete loading[lang],
  ));

/** The loaded built-in strings of `lang`, if any. */
export const packOf = (lang: string): Strings | undefined => packs[lang];

/** The writing direction of a language (for the `dir` of text shown in another language than the page's). */
export const dirOf = (lang: string): 'rtl' | 'ltr' =>
  /^(ar|arc|dv|fa|he|ks|ku|ps|sd|ug|ur|yi)(-|$)/i.test(lang) ? 'rtl' : 'ltr';

/**
 * Picks the text for `locale` from localized text: exact tag, then its language, then English, then
 * any; returns the text and the language it is in (so the element can be tagged with it).
 */
export function pickL(text: Record<string, string> | undefined, locale: string): [string, string] {
  if (!text) return ['', locale];
  const lang = locale.split('-')[0]!;
  const key = [locale, lang, 'en'].find((k) => k in text) ?? Object.keys(text)[0];
  return key === undefined ? ['', locale] : [text[key]!, key];
}
