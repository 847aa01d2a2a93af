// Benchmark: analyse the 496 labelled verbatims (language, sentiment, themes) over and over, first call
// (lexicon compilation) timed apart, and print verbatims analysed per second and characters per second.
// Run with `pnpm --filter @cxkit/core bench` (or `pnpm bench` at the root).
import { readFileSync } from 'node:fs';
import { analyzeVerbatim, detectLanguage, parseLabelledVerbatims } from '@cxkit/core';

const ROUNDS = Number(process.env.CX_BENCH_VERBATIM_ROUNDS ?? 200);
const texts = ['dev', 'test'].flatMap((split) =>
  parseLabelledVerbatims(
    readFileSync(new URL(`../data/verbatims/${split}.jsonl`, import.meta.url), 'utf8'),
  ).map((i) => i.text),
);
const chars = texts.reduce((a, t) => a + t.length, 0);

let t0 = performance.now();
analyzeVerbatim(texts[0] as string);
const coldMs = performance.now() - t0;

let sink = 0;
t0 = performance.now();
for (let r = 0; r < ROUNDS; r++) for (const t of texts) sink += analyzeVerbatim(t).themes.length;
const ms = performance.now() - t0;

t0 = performance.now();
for (let r = 0; r < ROUNDS; r++) for (const t of texts) sink += detectLanguage(t).confidence;
const detectMs = performance.now() - t0;

const n = ROUNDS * texts.length;
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
console.log(
  `verbatims: ${texts.length} texts (mean ${(chars / texts.length).toFixed(0)} chars) x ${ROUNDS} rounds`,
);
console.log(`  first call (compiles lexicons and themes): ${coldMs.toFixed(1)} ms`);
console.log(
  `  analyzeVerbatim: ${fmt(n / (ms / 1000))} verbatims/s, ${fmt((ROUNDS * chars) / (ms / 1000))} chars/s`,
);
console.log(`  detectLanguage alone: ${fmt(n / (detectMs / 1000))} verbatims/s`);
if (sink < 0) console.log(sink);
