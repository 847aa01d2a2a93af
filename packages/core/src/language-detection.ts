import { SENTIMENT_LEXICON_EN } from './sentiment-lexicon-en.js';
import { SENTIMENT_LEXICON_FR } from './sentiment-lexicon-fr.js';
import { foldText } from './text-normalization.js';
import { DEFAULT_THEME_DICTIONARY } from './theme-dictionary.js';

/** What {@link detectLanguage} can answer: French, English, or anything else (including "can't tell"). */
export const VERBATIM_LANGUAGES = ['fr', 'en', 'other'] as const;

/** A detected verbatim language. */
export type VerbatimLanguage = (typeof VERBATIM_LANGUAGES)[number];

/** Result of {@link detectLanguage}. */
export interface LanguageDetection {
  /** The language, or `other` when the text is in another language or gives no clue ("Ok.", "N/A"). */
  readonly language: VerbatimLanguage;
  /** Share of the clue weight that went to the answer, 0 when there was no clue. */
  readonly confidence: number;
  /** Clue weight found per candidate language (French, English and the main other European languages). */
  readonly scores: Readonly<Record<string, number>>;
}

// Short B2B answers are often 2-6 words, too short for character n-gram models (franc answers "und" under
// 10 characters and confuses fr/en below ~25): function words and orthography are reliable there.
// Each list holds frequent words that are rare in the other listed languages.
// prettier-ignore
const FUNCTION_WORDS: Readonly<Record<string, readonly string[]>> = {
  fr: [
    'le', 'la', 'les', 'des', 'du', 'un', 'une', 'et', 'est', 'sont', 'au', 'aux', 'pour', 'sur', 'avec', 'dans',
    'ce', 'cette', 'ces', 'il', 'elle', 'ils', 'nous', 'vous', 'on', 'je', 'tres', 'pas', 'ne', 'mais', 'ou',
    'tout', 'tous', 'rien', 'plus', 'que', 'qui', 'votre', 'vos', 'notre', 'nos', 'leur', 'sans', 'chez', 'depuis',
    'encore', 'toujours', 'jamais', 'aucun', 'aucune', 'ca', 'cela', 'bien', 'merci', 'avez', 'avons', 'fait',
    'etait', 'ete', 'deux', 'trois', 'quand', 'comme', 'apres', 'avant', 'entre', 'mois', 'semaine', 'semaines',
    'jour', 'jours', 'livraison', 'delai', 'delais', 'commande', 'prix', 'qualite', 'reponse', 'produit', 'produits',
  ],
  en: [
    'the', 'a', 'an', 'and', 'is', 'are', 'was', 'were', 'of', 'to', 'in', 'on', 'for', 'with', 'it', 'this',
    'that', 'not', 'no', 'we', 'you', 'our', 'your', 'they', 'be', 'been', 'have', 'has', 'had', 'at', 'from',
    'by', 'but', 'very', 'all', 'nothing', 'never', 'always', 'still', 'again', 'would', 'can', 'will', 'do',
    'does', 'did', 'got', 'get', 'what', 'which', 'who', 'just', 'thanks', 'thank', 'great', 'good', 'bad',
    'too', 'way', 'after', 'before', 'since', 'week', 'weeks', 'days', 'day', 'month', 'delivery', 'order',
    'price', 'quality', 'support', 'shipping', 'lead', 'time', 'late', 'happy', 'any', 'there', 'us', 'my', 'i',
  ],
  es: ['el', 'los', 'las', 'y', 'muy', 'pero', 'con', 'por', 'del', 'esta', 'es', 'una', 'entrega', 'gracias', 'bueno', 'tarde', 'pedido', 'nos', 'sin', 'mas', 'todo', 'llego'],
  de: ['der', 'die', 'das', 'und', 'ist', 'nicht', 'sehr', 'mit', 'ein', 'eine', 'zu', 'wir', 'auf', 'fur', 'ich', 'sie', 'war', 'lieferung', 'danke', 'gut', 'aber', 'keine', 'noch', 'auch'],
  it: ['il', 'che', 'non', 'molto', 'della', 'sono', 'per', 'con', 'una', 'consegna', 'grazie', 'buono', 'ma', 'anche', 'gli', 'nel', 'siamo', 'ottimo'],
  nl: ['het', 'een', 'niet', 'zeer', 'van', 'zijn', 'wij', 'met', 'voor', 'levering', 'bedankt', 'goed', 'maar', 'ook', 'erg', 'heel'],
  pt: ['o', 'os', 'muito', 'mas', 'com', 'nao', 'uma', 'entrega', 'obrigado', 'bom', 'foi', 'pedido', 'sem', 'tudo', 'ja'],
};

const WORD_INDEX: ReadonlyMap<string, readonly string[]> = (() => {
  const index = new Map<string, string[]>();
  for (const [language, words] of Object.entries(FUNCTION_WORDS)) {
    for (const w of words) index.set(w, [...(index.get(w) ?? []), language]);
  }
  return index;
})();

// Domain words of the lexicons and default themes ("SAV injoignable", "backorder") are weaker clues, used
// because many answers have no function word at all. Words both languages share, and loanwords, are left out.
const LOANWORDS = new Set([
  'ok',
  'okay',
  'top',
  'super',
  'bravo',
  'nickel',
  'support',
  'stock',
  'pro',
  'cool',
  'extra',
]);
const DOMAIN_WORDS: ReadonlyMap<string, 'fr' | 'en'> = (() => {
  const words = (terms: Iterable<string>) =>
    new Set(
      [...terms]
        .filter((t) => !t.includes('*'))
        .flatMap((t) => foldText(t).split(/[^\p{L}]+/u))
        .filter((w) => w.length > 2 && !LOANWORDS.has(w)),
    );
  const fr = words([
    ...Object.keys(SENTIMENT_LEXICON_FR.terms),
    ...DEFAULT_THEME_DICTIONARY.flatMap((t) => t.terms.fr),
  ]);
  const en = words([
    ...Object.keys(SENTIMENT_LEXICON_EN.terms),
    ...DEFAULT_THEME_DICTIONARY.flatMap((t) => t.terms.en),
  ]);
  const map = new Map<string, 'fr' | 'en'>();
  for (const w of fr) if (!en.has(w)) map.set(w, 'fr');
  for (const w of en) if (!fr.has(w)) map.set(w, 'en');
  return map;
})();
const DOMAIN_WORD_WEIGHT = 0.5;

// Orthographic clues that survive very short texts: French elisions and accents, English clitics.
const FRENCH_ELISION = /(^|[^\p{L}])(l|d|j|qu|n|s|c|m|t)['’]\p{L}/iu;
const FRENCH_LETTERS = /[éèêàùçâîôûëïœ]/iu;
const ENGLISH_CLITIC = /\p{L}['’](s|t|re|ve|ll|d|m)(?!\p{L})/iu;
const OTHER_LETTERS: Readonly<Record<string, RegExp>> = {
  de: /[äöüß]/i,
  es: /[ñ¿¡]/i,
  pt: /[ãõ]/i,
};

/**
 * Detects French, English or another language in a short verbatim from function words and orthography
 * (elisions, accents, clitics). Text without any clue (e.g. "Ok.", "N/A") is `other` with confidence 0.
 * @example detectLanguage('Livré en retard, encore.').language // 'fr'
 */
export function detectLanguage(text: string): LanguageDetection {
  const scores: Record<string, number> = { fr: 0, en: 0, es: 0, de: 0, it: 0, nl: 0, pt: 0 };
  const folded = foldText(text);
  for (const word of folded.split(/[^\p{L}]+/u)) {
    if (word.length === 0) continue;
    const languages = WORD_INDEX.get(word);
    if (languages === undefined) {
      const domain = DOMAIN_WORDS.get(word);
      if (domain !== undefined) scores[domain] = (scores[domain] ?? 0) + DOMAIN_WORD_WEIGHT;
      continue;
    }
    // A word shared by several languages is weak evidence for each.
    for (const l of languages) scores[l] = (scores[l] ?? 0) + 1 / languages.length;
  }
  if (FRENCH_ELISION.test(text)) scores.fr = (scores.fr ?? 0) + 1.5;
  if (FRENCH_LETTERS.test(text)) scores.fr = (scores.fr ?? 0) + 1;
  if (ENGLISH_CLITIC.test(text)) scores.en = (scores.en ?? 0) + 1.5;
  for (const [l, re] of Object.entries(OTHER_LETTERS)) if (re.test(text)) scores[l] = (scores[l] ?? 0) + 1.5;

  let best = 'other';
  let bestScore = 0;
  let total = 0;
  for (const [l, s] of Object.entries(scores)) {
    total += s;
    if (s > bestScore) {
      best = l;
      bestScore = s;
    }
  }
  const rounded = Object.fromEntries(Object.entries(scores).map(([l, s]) => [l, Math.round(s * 100) / 100]));
  if (bestScore === 0) return { language: 'other', confidence: 0, scores: rounded };
  // A tie ("Spot on.": "on" is French and English) is no answer: `other` lets both lexicons speak.
  const tied = Object.entries(scores).filter(([, s]) => s === bestScore).length > 1;
  if (tied)
    return { language: 'other', confidence: Math.round((bestScore / total) * 1000) / 1000, scores: rounded };
  const confidence = Math.round((bestScore / total) * 1000) / 1000;
  return { language: best === 'fr' || best === 'en' ? best : 'other', confidence, scores: rounded };
}
