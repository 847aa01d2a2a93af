// Trains cxkit's sentiment model: a multinomial logistic regression (softmax, L2 penalty, full-batch Adam) over
// the features of src/sentiment-features.ts, on data/sentiment-corpus/train.jsonl. The L2 strength, the number of
// hashed buckets and class weighting are chosen by macro-F1 on dev.jsonl; test.jsonl is never read here.
// Writes src/sentiment-model.json (deterministic: same corpus and code, same bytes).
// Run: node --conditions=source --import tsx packages/core/scripts/train-sentiment-model.ts [--out FILE] [--train FILE] [--dev FILE]
//   --check retrains and compares with the committed model instead of writing it (exit 1 when they differ), so
//   a corpus or feature change that was not followed by retraining shows up.
//   A tenant can train a model on its own labelled answers the same way and load it with parseSentimentModel.
import { readFileSync, writeFileSync } from 'node:fs';
import { format } from 'prettier';
import { parseArgs } from 'node:util';
import { DEFAULT_SENTIMENT_LEXICONS, SENTIMENT_LABELS, type SentimentLabel } from '../src/sentiment.js';
import { DENSE_FEATURE_NAMES, sentimentFeatures } from '../src/sentiment-features.js';
import { tokenize } from '../src/text-normalization.js';
import { detectLanguage } from '../src/language-detection.js';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: new URL('../src/sentiment-model.json', import.meta.url).pathname },
    train: {
      type: 'string',
      default: new URL('../data/sentiment-corpus/train.jsonl', import.meta.url).pathname,
    },
    dev: { type: 'string', default: new URL('../data/sentiment-corpus/dev.jsonl', import.meta.url).pathname },
    quick: { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
  },
});

interface Row {
  text: string;
  sentiment: SentimentLabel;
}
const read = (file: string): Row[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Row);

interface Example {
  dense: Float64Array;
  idx: Int32Array;
  val: Float64Array;
  y: number;
}

function featurize(rows: readonly Row[], buckets: number): Example[] {
  return rows.map((r) => {
    // As at run time: the detected language picks the lexicon (`other` uses both).
    const d = detectLanguage(r.text);
    const language = d.confidence === 0 ? 'other' : d.language;
    const f = sentimentFeatures(r.text, tokenize(r.text), language, DEFAULT_SENTIMENT_LEXICONS, buckets);
    const entries = [...f.hashed].sort((a, b) => a[0] - b[0]);
    return {
      dense: f.dense,
      idx: Int32Array.from(entries.map((e) => e[0])),
      val: Float64Array.from(entries.map((e) => e[1])),
      y: SENTIMENT_LABELS.indexOf(r.sentiment),
    };
  });
}

const D = DENSE_FEATURE_NAMES.length;
const C = 3;

interface Weights {
  dense: Float64Array[]; // [C][D]
  hashed: Float64Array[]; // [C][B]
}

function logits(w: Weights, x: Example): number[] {
  const out: number[] = [];
  for (let c = 0; c < C; c++) {
    const wd = w.dense[c] as Float64Array;
    const wh = w.hashed[c] as Float64Array;
    let z = 0;
    for (let i = 0; i < D; i++) z += (x.dense[i] as number) * (wd[i] as number);
    for (let k = 0; k < x.idx.length; k++) z += (x.val[k] as number) * (wh[x.idx[k] as number] as number);
    out.push(z);
  }
  return out;
}

function softmax(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

function train(data: Example[], buckets: number, l2: number, balanced: boolean, epochs: number): Weights {
  const counts = [0, 0, 0];
  for (const x of data) counts[x.y] = (counts[x.y] ?? 0) + 1;
  const classWeight = counts.map((n) => (balanced ? data.length / (C * Math.max(1, n)) : 1));
  const w: Weights = {
    dense: Array.from({ length: C }, () => new Float64Array(D)),
    hashed: Array.from({ length: C }, () => new Float64Array(buckets)),
  };
  const size = C * (D + buckets);
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  const g = new Float64Array(size);
  const lr = 0.05;
  const b1 = 0.9;
  const b2 = 0.999;
  const total = data.reduce((a, x) => a + (classWeight[x.y] as number), 0);
  for (let t = 1; t <= epochs; t++) {
    g.fill(0);
    for (const x of data) {
      const p = softmax(logits(w, x));
      const cw = (classWeight[x.y] as number) / total;
      for (let c = 0; c < C; c++) {
        const d = ((p[c] as number) - (c === x.y ? 1 : 0)) * cw;
        const base = c * (D + buckets);
        for (let i = 0; i < D; i++) g[base + i] = (g[base + i] as number) + d * (x.dense[i] as number);
        for (let k = 0; k < x.idx.length; k++) {
          const j = base + D + (x.idx[k] as number);
          g[j] = (g[j] as number) + d * (x.val[k] as number);
        }
      }
    }
    for (let c = 0; c < C; c++) {
      const base = c * (D + buckets);
      // No penalty on the bias (dense feature 0).
      for (let i = 1; i < D; i++) g[base + i] = (g[base + i] as number) + l2 * (w.dense[c]![i] as number);
      for (let j = 0; j < buckets; j++)
        g[base + D + j] = (g[base + D + j] as number) + l2 * (w.hashed[c]![j] as number);
    }
    for (let c = 0; c < C; c++) {
      const base = c * (D + buckets);
      for (let j = 0; j < D + buckets; j++) {
        const k = base + j;
        const gk = g[k] as number;
        m[k] = b1 * (m[k] as number) + (1 - b1) * gk;
        v[k] = b2 * (v[k] as number) + (1 - b2) * gk * gk;
        const step =
          (lr * ((m[k] as number) / (1 - b1 ** t))) / (Math.sqrt((v[k] as number) / (1 - b2 ** t)) + 1e-8);
        if (j < D) w.dense[c]![j] = (w.dense[c]![j] as number) - step;
        else w.hashed[c]![j - D] = (w.hashed[c]![j - D] as number) - step;
      }
    }
  }
  return w;
}

function macroF1(w: Weights, data: Example[]): number {
  const conf = [0, 1, 2].map(() => [0, 0, 0]);
  for (const x of data) {
    const p = logits(w, x);
    const yhat = p.indexOf(Math.max(...p));
    const row = conf[x.y] as number[];
    row[yhat] = (row[yhat] ?? 0) + 1;
  }
  let f = 0;
  for (let c = 0; c < C; c++) {
    const tp = conf[c]![c] as number;
    const support = conf[c]!.reduce((a, b) => a + b, 0);
    const predicted = conf.reduce((a, r) => a + (r[c] as number), 0);
    f += support + predicted > 0 ? (2 * tp) / (support + predicted) : 0;
  }
  return f / C;
}

function quantize(w: Float64Array): { scale: number; base64: string } {
  let max = 0;
  for (const x of w) max = Math.max(max, Math.abs(x));
  const scale = max / 127 || 1;
  let s = '';
  for (const x of w) {
    const q = Math.max(-127, Math.min(127, Math.round(x / scale)));
    s += String.fromCharCode(q < 0 ? q + 256 : q);
  }
  return { scale: Number(scale.toPrecision(6)), base64: btoa(s) };
}

const trainRows = read(values.train as string);
const devRows = read(values.dev as string);
const epochs = values.quick ? 150 : 400;
const grid = values.quick
  ? [{ buckets: 4096, l2: 1e-3, balanced: true }]
  : [2048, 4096].flatMap((buckets) =>
      [1e-4, 3e-4, 1e-3].flatMap((l2) => [true, false].map((balanced) => ({ buckets, l2, balanced }))),
    );
let best: { buckets: number; l2: number; balanced: boolean; f1: number; w: Weights } | undefined;
const cache = new Map<number, { tr: Example[]; dv: Example[] }>();
for (const h of grid) {
  let sets = cache.get(h.buckets);
  if (sets === undefined)
    cache.set(h.buckets, (sets = { tr: featurize(trainRows, h.buckets), dv: featurize(devRows, h.buckets) }));
  const w = train(sets.tr, h.buckets, h.l2, h.balanced, epochs);
  const f1 = macroF1(w, sets.dv);
  console.log(
    `buckets ${h.buckets} l2 ${h.l2} ${h.balanced ? 'balanced' : 'unweighted'}: dev macro-F1 ${f1.toFixed(3)} (train ${macroF1(w, sets.tr).toFixed(3)})`,
  );
  if (best === undefined || f1 > best.f1 + 1e-9) best = { ...h, f1, w };
}
if (best === undefined) throw new Error('empty grid');
const hashed = best.w.hashed.map(quantize);
const file = {
  format: 'cxkit-sentiment-linear/1',
  id: 'cxkit-linear/1',
  trainedOn: `data/sentiment-corpus/train.jsonl (${trainRows.length} items); chosen on dev.jsonl (${devRows.length}): buckets ${best.buckets}, l2 ${best.l2}, ${best.balanced ? 'balanced' : 'unweighted'} classes, dev macro-F1 ${best.f1.toFixed(3)} before quantisation`,
  classes: SENTIMENT_LABELS,
  dense: DENSE_FEATURE_NAMES,
  denseWeights: best.w.dense.map((w) => [...w].map((x) => Number(x.toFixed(4)))),
  buckets: best.buckets,
  hashedScale: hashed.map((h) => h.scale),
  hashedWeights: hashed.map((h) => h.base64),
};
// Formatted as the repository's prettier would, so the committed file is byte for byte what this writes.
const text = await format(JSON.stringify(file), { parser: 'json', printWidth: 110 });
console.log(`chosen: ${file.trainedOn}`);
if (values.check) {
  const same = readFileSync(values.out as string, 'utf8') === text;
  console.log(same ? `${values.out} is up to date` : `${values.out} differs from a retrained model`);
  process.exitCode = same ? 0 : 1;
} else {
  writeFileSync(values.out as string, text);
  console.log(`wrote ${values.out}`);
}
