// The sentiment model against the lexicon rules on one split of the corpus (default: test), on the same items:
// each one's macro-F1 with its 95 % bootstrap interval, and the paired bootstrap interval of the difference
// (the same resampled items score both), per language too. Prints the figures docs/verbatims.md reports.
// Then the 700 sentences of the UCI Amazon file the corpus left out of training (English consumer reviews,
// written by neither cxkit nor its labeller, positive/negative only): accuracy of each analyser and how many
// it calls neutral.
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

const used = new Set(
  readFileSync(new URL('../data/sentiment-corpus/train.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.includes('uci-amazon-'))
    .map((l) => (JSON.parse(l) as { id: string }).id),
);
const unseen = readFileSync(
  new URL('../data/sentiment-corpus/sources/uci-amazon-cells-labelled.txt', import.meta.url),
  'utf8',
)
  .split('\n')
  .map((l, i) => ({ l, id: `uci-amazon-${String(i + 1).padStart(4, '0')}` }))
  .filter(({ l, id }) => l.includes('\t') && !used.has(id))
  .map(({ l }) => {
    const [text, label] = l.split('\t') as [string, string];
    return {
      text: text.trim(),
      sentiment: (label.trim() === '1' ? 'positive' : 'negative') as SentimentLabel,
    };
  });
for (const [name, options] of [
  ['model', {}],
  ['lexicon', { model: null }],
] as const) {
  const predicted = unseen.map((i) => analyzeVerbatim(i.text, options).sentiment.label);
  const right = predicted.filter((p, k) => p === unseen[k]?.sentiment).length;
  const neutral = predicted.filter((p) => p === 'neutral').length;
  const polar = predicted.filter((p) => p !== 'neutral').length;
  const polarRight = predicted.filter((p, k) => p !== 'neutral' && p === unseen[k]?.sentiment).length;
  // Wilson score interval of the accuracy (95 %).
  const n = unseen.length;
  const p = right / n;
  const z = 1.959964;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  console.log(
    `UCI Amazon, unseen (n=${unseen.length}), ${name}: accuracy ${p.toFixed(3)} ` +
      `[${(centre - half).toFixed(3)}, ${(centre + half).toFixed(3)}], ` +
      `called neutral ${neutral}, accuracy where polar ${(polarRight / polar).toFixed(3)}`,
  );
}
