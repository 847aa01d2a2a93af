import {
  DEFAULT_SENTIMENT_LEXICONS,
  SENTIMENT_LABELS,
  SENTIMENT_NEUTRAL_BAND,
  scoreTokens,
  type SentimentLabel,
  type SentimentLanguage,
  type SentimentLexicons,
  type SentimentResult,
} from './sentiment.js';
import { sentimentFeatures } from './sentiment-features.js';
import { DEFAULT_SENTIMENT_MODEL, predictSentiment, type SentimentModel } from './sentiment-model.js';
import { tokenize, type VerbatimToken } from './text-normalization.js';

/** Id recorded in results labelled by the lexicon rules alone. */
export const LEXICON_ANALYZER_ID = 'cxkit-lexicon';

/** Options of {@link analyzeSentiment}. */
export interface SentimentOptions {
  /** Which lexicon to use; default `other` (both). */
  language?: SentimentLanguage;
  /** Replacement lexicons (validate user input with `parseSentimentLexicon`); they feed the model's features too. */
  lexicons?: SentimentLexicons;
  /** The model that labels the answer; default {@link DEFAULT_SENTIMENT_MODEL}; `null` for the lexicon rules alone. */
  model?: SentimentModel | null;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Sentiment of tokenised text: the model's label (argmax of its probabilities) and score P(positive) − P(negative)
 * kept inside the label's band so that `sentimentLabel(score)` gives the same label; the evidence is the lexicon
 * rules' matches. With `model` null, the lexicon rules alone ({@link scoreTokens}).
 */
export function classifyTokens(
  text: string,
  tokens: readonly VerbatimToken[],
  language: SentimentLanguage = 'other',
  lexicons: SentimentLexicons = DEFAULT_SENTIMENT_LEXICONS,
  model: SentimentModel | null = DEFAULT_SENTIMENT_MODEL,
): SentimentResult {
  if (model === null)
    return { ...scoreTokens(text, tokens, language, lexicons), analyzer: LEXICON_ANALYZER_ID };
  // Nothing written, nothing to judge: the model's bias would otherwise pick a label.
  if (text.trim() === '') return { score: 0, label: 'neutral', evidence: [] };
  const features = sentimentFeatures(text, tokens, language, lexicons, model.buckets);
  const p = predictSentiment(model, features);
  let label: SentimentLabel = 'neutral';
  for (const l of SENTIMENT_LABELS) if (p[l] > p[label]) label = l;
  const band = SENTIMENT_NEUTRAL_BAND;
  let score = round3(p.positive - p.negative);
  if (label === 'positive') score = Math.max(score, band + 0.001);
  else if (label === 'negative') score = Math.min(score, -band - 0.001);
  else score = Math.min(band, Math.max(-band, score));
  return {
    score,
    label,
    evidence: features.matches.map((m) => ({ text: m.text, weight: m.weight, negated: m.negated })),
    probabilities: { negative: round3(p.negative), neutral: round3(p.neutral), positive: round3(p.positive) },
    analyzer: model.id,
  };
}

/**
 * Sentiment of a short French or English verbatim: label, score in [-1, 1], label probabilities and the lexicon
 * words behind it. Runs offline with the shipped model; `{ model: null }` gives the lexicon rules alone.
 * @example analyzeSentiment('Pas du tout satisfait du SAV', { language: 'fr' }).label // 'negative'
 */
export function analyzeSentiment(text: string, options: SentimentOptions = {}): SentimentResult {
  return classifyTokens(
    text,
    tokenize(text),
    options.language ?? 'other',
    options.lexicons ?? DEFAULT_SENTIMENT_LEXICONS,
    options.model === undefined ? DEFAULT_SENTIMENT_MODEL : options.model,
  );
}
