// Benchmark: per-account NPS histograms over 10 M answers held in typed arrays (10,000 accounts):
// core's bulk path (addScores) against a plain typed-array histogram loop and against one
// addToSummary call per answer. Median of 7 runs each, interleaved, in CPU time. Figures go to docs/benchmarks.md.
// Run: pnpm --filter @cxkit/core bench (or node --conditions=source --import tsx bench/histograms.bench.ts)
import { cpus } from 'node:os';
import {
  SCORE_CODE,
  addScores,
  addToSummary,
  emptyHistograms,
  emptySummary,
  histogramSummaries,
  nps,
} from '../src/index.js';

const N = Number(process.env.CXKIT_BENCH_ANSWERS ?? 10_000_000);
const ACCOUNTS = 10_000;
const RUNS = 7;

// Seeded answers: an account and a 0-10 score each, 1 % skipped and 1 % can't-recommend.
let seed = 7;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const group = new Int32Array(N);
const code = new Int8Array(N);
for (let k = 0; k < N; k++) {
  group[k] = Math.floor(random() * ACCOUNTS);
  const r = random();
  code[k] = r < 0.01 ? SCORE_CODE.skipped : r < 0.02 ? SCORE_CODE.cantRecommend : Math.floor(random() * 11);
}

/** The reference: a histogram loop over the arrays it is given (as any reusable code takes them). */
function plainLoop(group: Int32Array, code: Int8Array, n: number): Float64Array {
  const counts = new Float64Array(ACCOUNTS * 13);
  for (let k = 0; k < n; k++) {
    const c = code[k] as number;
    const j = (group[k] as number) * 13 + (c < 0 ? 11 - c - 1 : c);
    counts[j] = (counts[j] as number) + 1;
  }
  return counts;
}

const cases: Record<string, () => number> = {
  'plain typed-array loop': () => plainLoop(group, code, N).length,
  'core addScores (bulk path)': () => {
    const h = emptyHistograms('nps');
    addScores(h, group, code, N);
    return h.groups;
  },
  'core addToSummary per answer': () => {
    const summaries = Array.from({ length: ACCOUNTS }, () => emptySummary('nps'));
    for (let k = 0; k < N; k++) {
      const c = code[k] as number;
      addToSummary(
        summaries[group[k] as number]!,
        c === SCORE_CODE.skipped ? null : c === SCORE_CODE.cantRecommend ? 'cant-recommend' : c,
      );
    }
    return summaries.length;
  },
};

const times = new Map<string, number[]>(Object.keys(cases).map((k) => [k, []]));
for (let run = 0; run < RUNS; run++)
  for (const [name, fn] of Object.entries(cases)) {
    (globalThis as { gc?: () => void }).gc?.();
    // CPU time of this (single-threaded) process: on a shared machine wall time measures the neighbours.
    const t = process.cpuUsage();
    fn();
    const used = process.cpuUsage(t);
    times.get(name)!.push((used.user + used.system) / 1000);
  }
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const plain = median(times.get('plain typed-array loop')!);
console.log(
  `histograms: ${N.toLocaleString('en-US')} answers, ${ACCOUNTS.toLocaleString('en-US')} accounts; ${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}, Node ${process.version}`,
);
for (const [name, xs] of times)
  console.log(
    `${name}: median ${median(xs).toFixed(1)} ms, best ${Math.min(...xs).toFixed(1)} ms (${(median(xs) / plain).toFixed(2)}x the plain loop)`,
  );

// Reading the summaries out and computing every account's NPS with its interval, once.
const h = addScores(emptyHistograms('nps'), group, code, N);
const t = performance.now();
const results = histogramSummaries(h).map((s) => nps(s));
console.log(
  `summaries and NPS with interval of ${results.length.toLocaleString('en-US')} accounts: ${(performance.now() - t).toFixed(1)} ms`,
);
