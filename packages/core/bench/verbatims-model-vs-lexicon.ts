// The sentiment model against the lexicon rules on one split of the corpus (default: test), on the same items:
// each one's macro-F1 with its 95 % bootstrap interval, and the paired bootstrap interval of the difference
// (the same resampled items score both), per language too. Prints the figures docs/verbatims.md reports.
// Run: node --conditions=source --import tsx packages/core/bench/verbatims-model-vs-lexicon.ts [dev|test]
import { readFileSync } from 'node:fs';
import {
  analyzeVerbatim,
  bootstrapMacroF1,
  evaluateVerbatims,
  parseLabelledVerbatims,
  SENTIMENT_LABELS,
  type LabelledVerbatim,
  type SentimentLabel,
} from '@cxkit/core';

const split = process.argv[2] ?? 'test';
const items = parseLabelledVerbatims(
  readFileSync(new URL(`../data/sentiment-corpus/${split}.jsonl`, import.meta.url), 'utf8'),
);

function macroF1(
  truth: readonly SentimentLabel[],
  predicted: readonly SentimentLabel[],
  pick: number[],
): number {
  let sum = 0;
  let classes = 0;
  for (const l of SENTIMENT_LABELS) {
    let tp = 0;
    let support = 0;
    let pred = 0;
    for (const i of pick) {
      if (truth[i] === l) support++;
      if (predicted[i] === l) pred++;
      if (truth[i] === l && predicted[i] === l) tp++;
    }
    if (support + pred === 0) continue;
    classes++;
    sum += (2 * tp) / (support + pred);
  }
  return sum / classes;
}

function report(name: string, set: readonly LabelledVerbatim[]) {
  const truth = set.map((i) => i.sentiment);
  const model = set.map((i) => analyzeVerbatim(i.text).sentiment.label);
  const rules = set.map((i) => analyzeVerbatim(i.text, { model: null }).sentiment.label);
  const all = set.map((_, i) => i);
  let seed = 18;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const diffs: number[] = [];
  for (let r = 0; r < 1000; r++) {
    const pick = all.map(() => Math.floor(random() * set.length));
    diffs.push(macroF1(truth, model, pick) - macroF1(truth, rules, pick));
  }
  diffs.sort((a, b) => a - b);
  const ci = (x: ReturnType<typeof bootstrapMacroF1>) =>
    x === null ? '-' : `[${x.lower.toFixed(3)}, ${x.upper.toFixed(3)}]`;
  console.log(`${name} (n=${set.length})`);
  console.log(
    `  model:   macro-F1 ${macroF1(truth, model, all).toFixed(3)} ${ci(bootstrapMacroF1(truth, model))}`,
  );
  console.log(
    `  lexicon: macro-F1 ${macroF1(truth, rules, all).toFixed(3)} ${ci(bootstrapMacroF1(truth, rules))}`,
  );
  console.log(
    `  difference: ${(macroF1(truth, model, all) - macroF1(truth, rules, all)).toFixed(3)} ` +
      `[${(diffs[25] as number).toFixed(3)}, ${(diffs[974] as number).toFixed(3)}] (paired bootstrap, 1,000 resamples)`,
  );
}

console.log(`split: ${split}`);
report('all', items);
for (const language of ['fr', 'en'] as const)
  report(
    language,
    items.filter((i) => i.language === language),
  );
const themes = evaluateVerbatims(items, { resamples: 10 }).themes.micro;
console.log(
  `themes (same for both: the analyser does not change tagging): micro-F1 ${themes.f1}, P ${themes.precision}, R ${themes.recall}`,
);
