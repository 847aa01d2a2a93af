import { tokenize, type VerbatimToken } from './text-normalization.js';
import { DEFAULT_THEME_DICTIONARY, type ThemeDictionary } from './theme-dictionary.js';
import { compileTerms, type TermMatcher } from './verbatim-term-matcher.js';

/** A theme found in a verbatim and the words that triggered it. */
export interface ThemeMatch {
  /** Theme id from the dictionary (`lead-time`). */
  readonly theme: string;
  /** The theme's label in the verbatim's language (English when the language is not French). */
  readonly label: string;
  /** The words as written that matched the theme's terms, in reading order, without duplicates. */
  readonly evidence: readonly string[];
}

/** Which language's terms to look for; `other` looks for both. */
export type ThemeLanguage = 'fr' | 'en' | 'other';

const compiled = new WeakMap<ThemeDictionary, Record<ThemeLanguage, TermMatcher<string>>>();

function matcherFor(dictionary: ThemeDictionary, language: ThemeLanguage): TermMatcher<string> {
  let byLanguage = compiled.get(dictionary);
  if (byLanguage === undefined) {
    const fr = dictionary.flatMap((t) => t.terms.fr.map((term) => [term, t.id] as const));
    const en = dictionary.flatMap((t) => t.terms.en.map((term) => [term, t.id] as const));
    byLanguage = { fr: compileTerms(fr), en: compileTerms(en), other: compileTerms([...fr, ...en]) };
    compiled.set(dictionary, byLanguage);
  }
  return byLanguage[language];
}

/**
 * Tags tokens with the themes whose terms they contain (longest term wins where terms overlap), in dictionary
 * order, each with its evidence words.
 */
export function tagTokens(
  text: string,
  tokens: readonly VerbatimToken[],
  language: ThemeLanguage = 'other',
  dictionary: ThemeDictionary = DEFAULT_THEME_DICTIONARY,
): ThemeMatch[] {
  const evidence = new Map<string, string[]>();
  for (const m of matcherFor(dictionary, language).matchAll(tokens)) {
    const first = tokens[m.start] as VerbatimToken;
    const last = tokens[m.start + m.length - 1] as VerbatimToken;
    const words = text.slice(first.start, last.end);
    const list = evidence.get(m.value) ?? [];
    if (!list.includes(words)) list.push(words);
    evidence.set(m.value, list);
  }
  return dictionary
    .filter((t) => evidence.has(t.id))
    .map((t) => ({
      theme: t.id,
      label: language === 'fr' ? t.label.fr : t.label.en,
      evidence: evidence.get(t.id) ?? [],
    }));
}

/**
 * Themes of a verbatim from a theme dictionary (default: {@link DEFAULT_THEME_DICTIONARY}).
 * @example tagThemes('SAV injoignable, livraison en retard', { language: 'fr' }).map((t) => t.theme)
 * // ['lead-time', 'delivery', 'after-sales', 'responsiveness']
 */
export function tagThemes(
  text: string,
  options: { language?: ThemeLanguage; dictionary?: ThemeDictionary } = {},
): ThemeMatch[] {
  return tagTokens(text, tokenize(text), options.language ?? 'other', options.dictionary);
}
