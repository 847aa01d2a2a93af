import type { SentimentLexicon } from './sentiment-lexicon.js';
import { SENTIMENT_LEXICON_EN } from './sentiment-lexicon-en.js';
import { SENTIMENT_LEXICON_FR } from './sentiment-lexicon-fr.js';
import type { VerbatimToken } from './text-normalization.js';
import { compileTerms, type TermMatcher } from './verbatim-term-matcher.js';

/** The three sentiment labels, from a score in [-1, 1]. */
export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;

/** A sentiment label. */
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

/** Scores strictly above this are positive, strictly below its opposite negative, the rest neutral. */
export const SENTIMENT_NEUTRAL_BAND = 0.05;

/** A span of the verbatim that moved the score, and by how much (after negation, boosters and contrast). */
export interface SentimentEvidence {
  /** The words as written, including the negation or booster that changed them ("pas du tout satisfait"). */
  readonly text: string;
  /** Contribution to the raw sum, on the lexicon's -3..3 scale. */
  readonly weight: number;
  /** True when a negation flipped or replaced the word's weight. */
  readonly negated: boolean;
}

/** Probability of each label, summing to 1. */
export type SentimentProbabilities = Readonly<Record<SentimentLabel, number>>;

/** Sentiment of one verbatim. */
export interface SentimentResult {
  /**
   * In [-1, 1], rounded to 3 decimals. The default model gives P(positive) − P(negative), kept inside its
   * label's band; the lexicon rules give sum / sqrt(sum² + 15) (0 without evidence).
   */
  readonly score: number;
  /** The label; always {@link sentimentLabel} of the score. */
  readonly label: SentimentLabel;
  /** The lexicon words behind the answer, in reading order (the explanation the card shows). */
  readonly evidence: readonly SentimentEvidence[];
  /** Label probabilities, when the analyser gives them (the default model does; the lexicon rules do not). */
  readonly probabilities?: SentimentProbabilities;
  /** Which analyser produced the label (`cxkit-linear/1`, `cxkit-lexicon`, or a provider's id). */
  readonly analyzer?: string;
}

/** The language whose lexicon scores a text; `other` uses French and English together. */
export type SentimentLanguage = 'fr' | 'en' | 'other';

/** Lexicons to score with, by language; defaults are cxkit's own. */
export interface SentimentLexicons {
  readonly fr: SentimentLexicon;
  readonly en: SentimentLexicon;
}

/** The lexicons cxkit ships (see `docs/verbatims.md` for how they compare with library lexicons). */
export const DEFAULT_SENTIMENT_LEXICONS: SentimentLexicons = {
  fr: SENTIMENT_LEXICON_FR,
  en: SENTIMENT_LEXICON_EN,
};

// Raw sums are squashed as in VADER: one strong word lands near ±0.6, several push towards ±1.
const ALPHA = 15;
// A negated word without an explicit negated weight counts as -0.75 of itself ("not great" is milder than "bad").
const NEGATION_FACTOR = -0.75;
// Around a contrast word the clause after it weighs more ("good product, but lead times are a disaster").
const BEFORE_CONTRAST = 0.5;
const AFTER_CONTRAST = 1.5;

interface CompiledLexicon {
  readonly terms: TermMatcher<number | readonly [number, number]>;
  readonly boosters: ReadonlyMap<string, number>;
}

const compiled = new WeakMap<SentimentLexicon, WeakMap<SentimentLexicon, CompiledLexicon>>();
const single = new WeakMap<SentimentLexicon, CompiledLexicon>();

function compile(lexicons: readonly SentimentLexicon[]): CompiledLexicon {
  const terms: [string, number | readonly [number, number]][] = [];
  const boosters = new Map<string, number>();
  for (const lexicon of lexicons) {
    for (const [term, weight] of Object.entries(lexicon.terms)) terms.push([term, weight]);
    for (const [word, boost] of Object.entries(lexicon.boosters ?? {})) boosters.set(word, boost);
  }
  return { terms: compileTerms(terms), boosters };
}

function lexiconFor(language: SentimentLanguage, lexicons: SentimentLexicons): CompiledLexicon {
  if (language !== 'other') {
    const lexicon = lexicons[language];
    let c = single.get(lexicon);
    if (c === undefined) single.set(lexicon, (c = compile([lexicon])));
    return c;
  }
  let inner = compiled.get(lexicons.fr);
  if (inner === undefined) compiled.set(lexicons.fr, (inner = new WeakMap()));
  let c = inner.get(lexicons.en);
  if (inner.get(lexicons.en) === undefined) inner.set(lexicons.en, (c = compile([lexicons.fr, lexicons.en])));
  return c as CompiledLexicon;
}

/**
 * Label of a sentiment score: negative < -0.05 <= neutral <= 0.05 < positive.
 * @example sentimentLabel(-0.3) // 'negative'
 */
export function sentimentLabel(score: number): SentimentLabel {
  if (score > SENTIMENT_NEUTRAL_BAND) return 'positive';
  if (score < -SENTIMENT_NEUTRAL_BAND) return 'negative';
  return 'neutral';
}

/** One lexicon match with where it sits, for the model's features (internal: not part of the stored result). */
export interface LexiconMatch extends SentimentEvidence {
  /** Index of the match's first token. */
  readonly token: number;
  /** Clause of that token (see {@link VerbatimToken.clause}). */
  readonly clause: number;
  /** Weight after negation and boosters, before the contrast rule. */
  readonly base: number;
}

/** The lexicon matches of a verbatim's tokens and their sum: the rule layer behind {@link scoreTokens}. */
export function lexiconMatches(
  text: string,
  tokens: readonly VerbatimToken[],
  language: SentimentLanguage = 'other',
  lexicons: SentimentLexicons = DEFAULT_SENTIMENT_LEXICONS,
): { readonly sum: number; readonly matches: readonly LexiconMatch[] } {
  const lexicon = lexiconFor(language, lexicons);
  const firstContrast = tokens.find((t) => t.contrast)?.clause;
  const matches: LexiconMatch[] = [];
  let sum = 0;
  for (let i = 0; i < tokens.length;) {
    const t = tokens[i] as VerbatimToken;
    // A booster that is also a sentiment word ("super lent") boosts when a sentiment word follows it.
    if (lexicon.boosters.has(t.norm)) {
      const next = tokens[i + 1];
      if (
        next !== undefined &&
        next.clause === t.clause &&
        lexicon.terms.matchAt(tokens, i + 1) !== undefined
      ) {
        i++;
        continue;
      }
    }
    const match = lexicon.terms.matchAt(tokens, i);
    if (match === undefined) {
      i++;
      continue;
    }
    const span = tokens.slice(i, i + match.length);
    const last = span[span.length - 1] as VerbatimToken;
    // A phrase that carries its own negation ("no complaints", "rien à redire") is never flipped again, nor is a
    // negated comparative that reads as a superlative ("never been so responsive", "could not be better").
    const negated = t.negated && !span.some((s) => s.negator) && !superlative(tokens, t.negatedBy, i);
    const [plain, whenNegated] = typeof match.value === 'number' ? [match.value, undefined] : match.value;
    let weight = negated ? (whenNegated ?? NEGATION_FACTOR * plain) : plain;
    let from = negated ? (tokens[t.negatedBy] as VerbatimToken).start : t.start;
    for (let j = i - 1; j >= 0 && j >= i - 2; j--) {
      const b = tokens[j] as VerbatimToken;
      if (b.clause !== t.clause) break;
      const boost = lexicon.boosters.get(b.norm);
      if (boost !== undefined) {
        weight *= 1 + boost;
        from = Math.min(from, b.start);
        break;
      }
    }
    const base = weight;
    if (firstContrast !== undefined) weight *= t.clause < firstContrast ? BEFORE_CONTRAST : AFTER_CONTRAST;
    if (weight !== 0) {
      sum += weight;
      matches.push({
        text: text.slice(from, last.end),
        weight: round(weight, 3),
        negated,
        token: i,
        clause: t.clause,
        base,
      });
    }
    i += match.length;
  }
  return { sum, matches };
}

// "never/jamais" + a comparative marker ("never been so quick", "jamais été aussi réactifs", "n'ont jamais
// répondu aussi vite") and "not" + "be" + a comparative ("could not be better", "ne pourrait pas être mieux")
// assert the word to an extreme: the negation does not flip it. "not so good", "pas si bien" and a comparison
// with something else ("never as fast as promised", "jamais aussi rapide que prévu") stay negated.
const TEMPORAL_NEGATORS = new Set(['never', 'jamais']);
const COMPARATIVE_MARKERS = new Set(['so', 'this', 'that', 'aussi', 'si', 'autant']);
const COMPARATIVE_WORDS = new Set(['better', 'happier', 'mieux', 'meilleur', 'meilleure', 'meilleurs']);
const BE = new Set(['be', 'been', 'etre', 'ete']);

function superlative(tokens: readonly VerbatimToken[], negatorAt: number, wordAt: number): boolean {
  if (negatorAt < 0) return false;
  const word = tokens[wordAt] as VerbatimToken;
  const before = tokens[wordAt - 1];
  if (COMPARATIVE_WORDS.has(word.norm) && before !== undefined && BE.has(before.norm)) return true;
  // "never as/aussi X as/que Y" compares with something else: left to the negation.
  const after = tokens[wordAt + 1];
  if (after !== undefined && after.clause === word.clause && (after.norm === 'as' || after.norm === 'que'))
    return false;
  let temporal = false;
  for (let j = negatorAt; j < wordAt; j++) {
    const t = tokens[j] as VerbatimToken;
    if (TEMPORAL_NEGATORS.has(t.norm)) temporal = true;
    else if (temporal && COMPARATIVE_MARKERS.has(t.norm)) return true;
  }
  return false;
}

/** sum / sqrt(sum² + 15), rounded to 3 decimals: the rule layer's score of a lexicon sum. */
export function lexiconScore(sum: number): number {
  return sum === 0 ? 0 : round(sum / Math.sqrt(sum * sum + ALPHA), 3);
}

/**
 * Scores tokens of a verbatim with the lexicon rules alone: each lexicon match adds its weight, flipped (×-0.75)
 * or replaced by its negated weight under a negation, scaled by a preceding booster (×(1+b)) and by the contrast
 * rule (×0.5 before `mais`/`but`, ×1.5 from it on); score = sum / sqrt(sum² + 15). The evidence words the card
 * shows come from here, whichever analyser labels the answer.
 */
export function scoreTokens(
  text: string,
  tokens: readonly VerbatimToken[],
  language: SentimentLanguage = 'other',
  lexicons: SentimentLexicons = DEFAULT_SENTIMENT_LEXICONS,
): SentimentResult {
  const { sum, matches } = lexiconMatches(text, tokens, language, lexicons);
  const score = lexiconScore(sum);
  return {
    score,
    label: sentimentLabel(score),
    evidence: matches.map((m) => ({ text: m.text, weight: m.weight, negated: m.negated })),
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
