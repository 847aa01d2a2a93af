import { z } from 'zod';
import { detectLanguage, VERBATIM_LANGUAGES, type VerbatimLanguage } from './language-detection.js';
import {
  DEFAULT_SENTIMENT_LEXICONS,
  SENTIMENT_LABELS,
  sentimentLabel,
  type SentimentLexicons,
  type SentimentResult,
} from './sentiment.js';
import type { SentimentProvider } from './sentiment-provider.js';
import { classifyTokens } from './sentiment-classifier.js';
import { DEFAULT_SENTIMENT_MODEL, type SentimentModel } from './sentiment-model.js';
import { tokenize, type VerbatimToken } from './text-normalization.js';
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
  /** Sentiment lexicons (evidence words and the model's lexicon features); default {@link DEFAULT_SENTIMENT_LEXICONS}. */
  lexicons?: SentimentLexicons;
  /** Sentiment model; default {@link DEFAULT_SENTIMENT_MODEL}; `null` for the lexicon rules alone. */
  model?: SentimentModel | null;
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
    probabilities: z
      .object({
        negative: z.number().min(0).max(1),
        neutral: z.number().min(0).max(1),
        positive: z.number().min(0).max(1),
      })
      .optional(),
    analyzer: z.string().max(200).optional(),
  }),
  themes: z.array(z.object({ theme: z.string().min(1), label: z.string(), evidence: z.array(z.string()) })),
});

/** Longest verbatim analysed, in characters: open answers are short and scoring is linear in length. */
export const MAX_VERBATIM_LENGTH = 10_000;

/**
 * Language, sentiment and themes of one open answer, with the words behind each, in one pass over its tokens.
 * No network: the model weights, lexicons and theme dictionary are plain data, so it runs in the browser too.
 * @throws CxError `analyzeVerbatim/invalid-text` when text is not a string or longer than {@link MAX_VERBATIM_LENGTH}.
 * @example
 * analyzeVerbatim("Pas du tout satisfait : livraison en retard de 3 semaines")
 * // { language: 'fr', sentiment: { score: -0.8, label: 'negative', evidence: [...] },
 * //   themes: [{ theme: 'lead-time', label: 'Délais', evidence: ['en retard'] }, { theme: 'delivery', ... }] }
 */
export function analyzeVerbatim(text: string, options: VerbatimAnalysisOptions = {}): VerbatimAnalysis {
  const { language, tokens } = prepare(text, options);
  return {
    language,
    sentiment: classifyTokens(
      text,
      tokens,
      language,
      options.lexicons ?? DEFAULT_SENTIMENT_LEXICONS,
      options.model === undefined ? DEFAULT_SENTIMENT_MODEL : options.model,
    ),
    themes: tagTokens(text, tokens, language, options.themes ?? DEFAULT_THEME_DICTIONARY),
  };
}

/**
 * {@link analyzeVerbatim} with another sentiment analyser (a hosted model, a tenant's model file): language and
 * themes as usual, the sentiment from `provider`, whose result is checked against {@link VerbatimAnalysisSchema}.
 * @throws CxError `analyzeVerbatim/invalid-text` as analyzeVerbatim; `sentimentProvider/invalid-reply` when the
 * provider returns a malformed result; whatever the provider throws.
 */
export async function analyzeVerbatimWith(
  provider: SentimentProvider,
  text: string,
  options: Omit<VerbatimAnalysisOptions, 'model'> = {},
): Promise<VerbatimAnalysis> {
  const { language, tokens } = prepare(text, options);
  const sentiment = await provider.analyze(text, { language, tokens });
  const checked = VerbatimAnalysisSchema.shape.sentiment.safeParse(sentiment);
  if (!checked.success || sentimentLabel(checked.data.score) !== checked.data.label) {
    const field = checked.success ? 'label' : (checked.error.issues[0]?.path.join('.') ?? '');
    throw new CxError(
      'sentimentProvider/invalid-reply',
      `${provider.id}: sentiment.${field}: ${checked.success ? 'label must equal sentimentLabel(score)' : checked.error.issues[0]?.message}`,
      { provider: provider.id, field },
    );
  }
  return {
    language,
    sentiment: { ...checked.data, analyzer: checked.data.analyzer ?? provider.id },
    themes: tagTokens(text, tokens, language, options.themes ?? DEFAULT_THEME_DICTIONARY),
  };
}

function prepare(
  text: string,
  options: Pick<VerbatimAnalysisOptions, 'language' | 'fallbackLanguage'>,
): { language: VerbatimLanguage; tokens: VerbatimToken[] } {
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
  return { language, tokens: tokenize(text) };
}
