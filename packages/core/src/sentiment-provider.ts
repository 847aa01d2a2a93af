import { z } from 'zod';
import { CxError } from './cx-error.js';
import type { VerbatimLanguage } from './language-detection.js';
import {
  DEFAULT_SENTIMENT_LEXICONS,
  SENTIMENT_LABELS,
  SENTIMENT_NEUTRAL_BAND,
  scoreTokens,
  type SentimentLexicons,
  type SentimentResult,
} from './sentiment.js';
import { classifyTokens, LEXICON_ANALYZER_ID } from './sentiment-classifier.js';
import { DEFAULT_SENTIMENT_MODEL, type SentimentModel } from './sentiment-model.js';
import type { VerbatimToken } from './text-normalization.js';

/** What a provider is told about the answer besides its text. */
export interface SentimentProviderContext {
  /** Detected (or given) language of the answer. */
  readonly language: VerbatimLanguage;
  /** cxkit's tokens of the text (negation scopes, clauses), for providers that build on them. */
  readonly tokens: readonly VerbatimToken[];
}

/**
 * Something that labels the sentiment of one open answer: the shipped model, the lexicon rules, a model file a
 * tenant trained, or a hosted model behind HTTP. A provider may be asynchronous; it must return a valid
 * {@link SentimentResult} (the label equal to `sentimentLabel(score)`) or throw a `CxError`.
 */
export interface SentimentProvider {
  /** Stable id, recorded as the result's `analyzer` so stored analyses say who labelled them. */
  readonly id: string;
  /** Labels one answer. */
  analyze(text: string, context: SentimentProviderContext): SentimentResult | Promise<SentimentResult>;
}

/**
 * The provider of a linear model: the shipped one by default, or a local model file read with
 * `parseSentimentModel` (trained with `packages/core/scripts/train-sentiment-model.ts` on a tenant's own answers).
 */
export function modelSentimentProvider(
  model: SentimentModel = DEFAULT_SENTIMENT_MODEL,
  lexicons: SentimentLexicons = DEFAULT_SENTIMENT_LEXICONS,
): SentimentProvider {
  return {
    id: model.id,
    analyze: (text, { language, tokens }) => classifyTokens(text, tokens, language, lexicons, model),
  };
}

/** The lexicon rules alone (cxkit's labels before the model; kept for comparison and explanations). */
export function lexiconSentimentProvider(
  lexicons: SentimentLexicons = DEFAULT_SENTIMENT_LEXICONS,
): SentimentProvider {
  return {
    id: LEXICON_ANALYZER_ID,
    analyze: (text, { language, tokens }) => ({
      ...scoreTokens(text, tokens, language, lexicons),
      analyzer: LEXICON_ANALYZER_ID,
    }),
  };
}

/** What an HTTP sentiment service answers: a label, and optionally a score in [-1, 1] and probabilities. */
export const HttpSentimentReplySchema = z.object({
  label: z.enum(SENTIMENT_LABELS),
  score: z.number().min(-1).max(1).optional(),
  probabilities: z
    .object({
      negative: z.number().min(0).max(1),
      neutral: z.number().min(0).max(1),
      positive: z.number().min(0).max(1),
    })
    .optional(),
});

/** Options of {@link httpSentimentProvider}. */
export interface HttpSentimentProviderOptions {
  /** The service's URL; it receives `POST {"text", "language"}` as JSON. */
  url: string;
  /** Id recorded in results; default `http:<host>`. */
  id?: string;
  /** Extra request headers (an API key: keep it server-side, never in a browser bundle). */
  headers?: Record<string, string>;
  /** Abort after this long; default 10 s. */
  timeoutMs?: number;
  /** The fetch to use; default the global one (Node 18+, browsers). */
  fetch?: typeof fetch;
}

/**
 * A provider that asks an HTTP service (a hosted LLM behind a small adapter, a model server) for the label. The
 * evidence words still come from cxkit's lexicon rules, so the card explains every answer the same way.
 * @throws CxError `sentimentProvider/failed` (network error, timeout, non-2xx status) or
 * `sentimentProvider/invalid-reply` naming the field, from `analyze`.
 */
export function httpSentimentProvider(options: HttpSentimentProviderOptions): SentimentProvider {
  const url = new URL(options.url);
  const id = options.id ?? `http:${url.host}`;
  const doFetch = options.fetch ?? fetch;
  return {
    id,
    async analyze(text, { language, tokens }) {
      let body: unknown;
      try {
        const response = await doFetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...options.headers },
          body: JSON.stringify({ text, language }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
        if (!response.ok) throw new Error(`status ${response.status}`);
        body = await response.json();
      } catch (error) {
        throw new CxError('sentimentProvider/failed', `${id}: ${(error as Error).message}`, { provider: id });
      }
      const reply = HttpSentimentReplySchema.safeParse(body);
      if (!reply.success) {
        const field = reply.error.issues[0]?.path.join('.') ?? '';
        throw new CxError(
          'sentimentProvider/invalid-reply',
          `${id}: ${field || 'reply'}: ${reply.error.issues[0]?.message ?? 'invalid'}`,
          { provider: id, field },
        );
      }
      const { label, probabilities } = reply.data;
      // The score is kept inside the label's band, as everywhere in cxkit.
      const edge = SENTIMENT_NEUTRAL_BAND + 0.001;
      const raw = reply.data.score ?? (label === 'positive' ? 0.5 : label === 'negative' ? -0.5 : 0);
      const score =
        label === 'positive'
          ? Math.max(raw, edge)
          : label === 'negative'
            ? Math.min(raw, -edge)
            : Math.min(SENTIMENT_NEUTRAL_BAND, Math.max(-SENTIMENT_NEUTRAL_BAND, raw));
      return {
        score: Math.round(score * 1000) / 1000,
        label,
        evidence: scoreTokens(text, tokens, language, DEFAULT_SENTIMENT_LEXICONS).evidence,
        ...(probabilities !== undefined ? { probabilities } : {}),
        analyzer: id,
      };
    },
  };
}
