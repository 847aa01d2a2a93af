// The churn model from 30 churn events (issue 14): Telco subsamples of 30 churners and retained
// accounts at the file's base rate, scored on every other account. Compares the previous default
// (fixed lambda 0.01, splines + trees) with the penalty and model family tuned inside the training
// rows (tuneChurnModel, what the server's forecast does). Prints figures; records nothing.
// Run: node --conditions=source --import tsx bench/churn-small-sample.bench.ts [TELCO.csv] [--seeds 1,2,3,4,5]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  forecastMetrics,
  inferColumnTypes,
  predictChurn,
  seededRandom,
  trainChurnModel,
  tuneChurnModel,
  type ChurnModel,
  type FeatureRow,
} from '@cxkit/core';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { seeds: { type: 'string', default: '1,2,3,4,5' }, events: { type: 'string', default: '30' } },
});
const path =
  positionals[0] ?? fileURLToPath(new URL('../../../data/telco-customer-churn.csv', import.meta.url));
// the file has no quoted fields: a plain split reads it exactly
const [header, ...lines] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
const names = header!.split(',');
const records = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i]!, v])));
const labels = records.map((r) => (r.Churn === 'Yes' ? 1 : 0));
const featureNames = names.filter((n) => n !== 'customerID' && n !== 'Churn');
const rows: FeatureRow[] = records.map((r) => Object.fromEntries(featureNames.map((n) => [n, r[n] ?? null])));
const columns = inferColumnTypes(rows, featureNames);
const events = Number(values.events);
const base = labels.reduce((a: number, b) => a + b, 0) / labels.length;
const retained = Math.round((events * (1 - base)) / base);

const score = (model: ChurnModel, idx: number[]) =>
  forecastMetrics(
    predictChurn(
      model,
      idx.map((i) => rows[i]!),
      { topDrivers: 0 },
    ).map((p) => p.probability),
    idx.map((i) => labels[i]!),
  );
const f = (v: number | null, d = 3) => (v === null ? 'n/a' : v.toFixed(d));

console.log(
  `Telco, ${events} churners + ${retained} retained to train (base rate ${f(base)}), scored on the other ${labels.length - events - retained}`,
);
console.log('seed | fixed default: AUC  slope  ECE   | tuned: AUC  slope  ECE   | tuned choice');
const sums = { a: [0, 0, 0], b: [0, 0, 0] };
const seeds = values.seeds.split(',').map(Number);
for (const seed of seeds) {
  const random = seededRandom(seed);
  const pos = labels.flatMap((y, i) => (y === 1 ? [i] : []));
  const neg = labels.flatMap((y, i) => (y === 0 ? [i] : []));
  const pick = (from: number[], k: number) => {
    const a = [...from];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a.slice(0, k);
  };
  const train = [...pick(pos, events), ...pick(neg, retained)];
  const inTrain = new Set(train);
  const test = labels.flatMap((_, i) => (inTrain.has(i) ? [] : [i]));
  const fixed = trainChurnModel(
    { rows: train.map((i) => rows[i]!), labels: train.map((i) => labels[i]!), columns },
    { seed },
  );
  const tuned = tuneChurnModel(
    train.map((i) => ({ accountId: records[i]!.customerID!, features: rows[i]!, label: labels[i] as 0 | 1 })),
    columns,
    { seed },
  );
  const a = score(fixed, test);
  const b = score(tuned.model, test);
  sums.a = [sums.a[0]! + a.auc!, sums.a[1]! + a.calibrationSlope!, sums.a[2]! + a.ece];
  sums.b = [sums.b[0]! + b.auc!, sums.b[1]! + b.calibrationSlope!, sums.b[2]! + b.ece];
  const c = tuned.chosen;
  console.log(
    `${String(seed).padStart(4)} |              ${f(a.auc)}  ${f(a.calibrationSlope, 2).padStart(5)}  ${f(a.ece)} |        ${f(b.auc)}  ${f(b.calibrationSlope, 2).padStart(5)}  ${f(b.ece)} | lambda ${c.lambda}, knots ${c.splineKnots}${c.trees ? ', trees' : ''}`,
  );
}
const mean = (s: number[]) => s.map((v) => v / seeds.length);
const [aa, as, ae] = mean(sums.a);
const [ba, bs, be] = mean(sums.b);
console.log(
  `mean |              ${f(aa!)}  ${f(as!, 2).padStart(5)}  ${f(ae!)} |        ${f(ba!)}  ${f(bs!, 2).padStart(5)}  ${f(be!)} |`,
);
