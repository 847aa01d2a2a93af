import { z } from 'zod';
import { detectLanguage, VERBATIM_LANGUAGES, type VerbatimLanguage } from './language-detection.js';
import {
  DEFAULT_SENTIMENT_LEXICONS,
  SENTIMENT_LABELS,
  scoreTokens,
  type SentimentLexicons,
  type SentimentResult,
} from './sentiment.js';
import { tokenize } from './text-normalization.js';
import { DEFAULT_THEME_DICTIONARY, type ThemeDictionary } from './theme-dictionary.js';
import { tagTokens, type ThemeMatch } from './theme-tagging.js';
import { CxError } from './cx-error.js';

/** Options of {@link analyzeVerbatim}. */
export interface VerbatimAnalysisOptions {
  /** Skip detection and use this language (e.g. the survey's locale). */
  language?: VerbatimLanguage;
  /** Language to use when detection finds no clue at all ("Ok.", "N/A"); default `other` (French and English terms). */
  fallbackLanguage?: VerbatimLanguage;
  /** Theme dictionary; validate user input with `parseThemeDictionary`. Default {@link DEFAULT_THEME_DICTIONARY}. */
  themes?: ThemeDictionary;
  /** Sentiment lexicons; default {@link DEFAULT_SENTIMENT_LEXICONS}. */
  lexicons?: SentimentLexicons;
}

/** What {@link analyzeVerbatim} finds in one open answer. */
export interface VerbatimAnalysis {
  /** Detected (or given) language. */
  readonly language: VerbatimLanguage;
  /** Score in [-1, 1], label and the words that made it. */
  readonly sentiment: SentimentResult;
  /** Themes found, in dictionary order, each with its evidence words. */
  readonly themes: readonly ThemeMatch[];
}

/**
 * The stored form of a {@link VerbatimAnalysis}, for validating what comes back from storage or another service.
 */
export const VerbatimAnalysisSchema = z.object({
  language: z.enum(VERBATIM_LANGUAGES),
  sentiment: z.object({
    score: z.number().min(-1).max(1),
    label: z.enum(SENTIMENT_LABELS),
    evidence: z.array(z.object({ text: z.string(), weight: z.number(), negated: z.boolean() })),
  }),
  themes: z.array(z.object({ theme: z.string().min(1), label: z.string(), evidence: z.array(z.string()) })),
});

/** Longest verbatim analysed, in characters: open answers are short and scoring is linear in length. */
export const MAX_VERBATIM_LENGTH = 10_000;

/**
 * Language, sentiment and themes of one open answer, with the words behind each, in one pass over its tokens.
 * No network and no model: lexicons and the theme dictionary are plain data, so it runs in the browser too.
 * @throws CxError `analyzeVerbatim/invalid-text` when text is not a string or longer than {@link MAX_VERBATIM_LENGTH}.
 * @example
 * analyzeVerbatim("Pas du tout satisfait : livraison en retard de 3 semaines")
 * // { language: 'fr', sentiment: { score: -0.8, label: 'negative', evidence: [...] },
 * //   themes: [{ theme: 'lead-time', label: 'Délais', evidence: ['en retard'] }, { theme: 'delivery', ... }] }
 */
export function analyzeVerbatim(text: string, options: VerbatimAnalysisOptions = {}): VerbatimAnalysis {
  if (typeof text !== 'string' || text.length > MAX_VERBATIM_LENGTH)
    throw new CxError(
      'analyzeVerbatim/invalid-text',
      `text must be a string of at most ${MAX_VERBATIM_LENGTH} characters`,
      { field: 'text' },
    );
  let language = options.language;
  if (language === undefined) {
    const detected = detectLanguage(text);
    language = detected.confidence === 0 ? (options.fallbackLanguage ?? 'other') : detected.language;
  }
  const tokens = tokenize(text);
  return {
    language,
    sentiment: scoreTokens(text, tokens, language, options.lexicons ?? DEFAULT_SENTIMENT_LEXICONS),
    themes: tagTokens(text, tokens, language, options.themes ?? DEFAULT_THEME_DICTIONARY),
  };
}
