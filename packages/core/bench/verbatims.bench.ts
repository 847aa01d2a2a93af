// Benchmark: analyse the sentiment corpus's dev and test texts (language, sentiment, themes) over and over, with
// the shipped model and with the lexicon rules alone, first call timed apart, and print verbatims analysed per
// second and characters per second. Run with `pnpm --filter @cxkit/core bench` (or `pnpm bench` at the root);
// CX_BENCH_VERBATIM_ROUNDS sets the rounds (default 100).
import { readFileSync } from 'node:fs';
import { analyzeVerbatim, detectLanguage, parseLabelledVerbatims } from '@cxkit/core';

const ROUNDS = Number(process.env.CX_BENCH_VERBATIM_ROUNDS ?? 100);
const texts = ['dev', 'test'].flatMap((split) =>
  parseLabelledVerbatims(
    readFileSync(new URL(`../data/sentiment-corpus/${split}.jsonl`, import.meta.url), 'utf8'),
  ).map((i) => i.text),
);
const chars = texts.reduce((a, t) => a + t.length, 0);
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const n = ROUNDS * texts.length;

let t0 = performance.now();
analyzeVerbatim(texts[0] as string);
const coldMs = performance.now() - t0;
console.log(
  `verbatims: ${texts.length} texts (mean ${(chars / texts.length).toFixed(0)} chars) x ${ROUNDS} rounds`,
);
console.log(`  first call (decodes the model, compiles lexicons and themes): ${coldMs.toFixed(1)} ms`);

let sink = 0;
for (const [name, options] of [
  ['analyzeVerbatim (model)', {}],
  ['analyzeVerbatim (lexicon rules alone)', { model: null }],
] as const) {
  t0 = performance.now();
  for (let r = 0; r < ROUNDS; r++) for (const t of texts) sink += analyzeVerbatim(t, options).themes.length;
  const ms = performance.now() - t0;
  console.log(
    `  ${name}: ${fmt(n / (ms / 1000))} verbatims/s, ${fmt((ROUNDS * chars) / (ms / 1000))} chars/s, ${((ms * 1000) / n).toFixed(1)} µs each`,
  );
}

t0 = performance.now();
for (let r = 0; r < ROUNDS; r++) for (const t of texts) sink += detectLanguage(t).confidence;
const detectMs = performance.now() - t0;
console.log(`  detectLanguage alone: ${fmt(n / (detectMs / 1000))} verbatims/s`);
if (sink < 0) console.log(sink);
