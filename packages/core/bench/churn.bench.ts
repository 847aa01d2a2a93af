// Benchmarks of the health score and churn model (issue 5). Prints figures; records nothing.
// Run: pnpm bench (in packages/core), or node --conditions=source --import tsx bench/churn.bench.ts
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import {
  DEFAULT_HEALTH_CONFIG,
  computeHealthScores,
  evaluateChurnModel,
  inferColumnTypes,
  predictChurn,
  seededRandom,
  trainChurnModel,
  type ColumnSpec,
  type FeatureRow,
  type HealthInput,
} from '@cxkit/core';

const seconds = (t0: number) => (performance.now() - t0) / 1000;
// CPU seconds of this process as well as wall time: the machine is shared, and wall time alone
// would measure the neighbours.
let cpu0 = process.cpuUsage();
const startCpu = () => (cpu0 = process.cpuUsage());
const cpuSeconds = () => {
  const d = process.cpuUsage(cpu0);
  return `${((d.user + d.system) / 1e6).toFixed(2)} s CPU`;
};
const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en-US')}/s`;

console.log(`churn bench: Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}`);

// 1. Telco evaluation (5-fold stratified, the documented protocol).
const telcoPath = new URL('../../../data/telco-customer-churn.csv', import.meta.url);
// The file ships with the repository (data/README.md); a missing file is an error, not a skip.
const telco = readFileSync(telcoPath, 'utf8');
{
  // the file has no quoted fields: a plain split reads it exactly
  const [header, ...lines] = telco.trim().split(/\r?\n/);
  const names = header!.split(',');
  const records = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i]!, v])));
  const labels = records.map((r) => (r.Churn === 'Yes' ? 1 : 0));
  const columns = inferColumnTypes(
    records,
    names.filter((n) => n !== 'Churn' && n !== 'customerID'),
  );
  startCpu();
  const t0 = performance.now();
  const e = evaluateChurnModel({ rows: records, labels, columns }, { folds: 5, seed: 1 });
  const s = seconds(t0);
  console.log(
    `telco evaluate (7,043 rows, 5 folds): ${s.toFixed(2)} s (${cpuSeconds()}); AUC ${e.auc.mean.toFixed(4)} ± ${e.auc.sd.toFixed(4)}, ` +
      `Brier ${e.brier.mean.toFixed(4)}, log loss ${e.logLoss.mean.toFixed(4)}, accuracy ${e.accuracy.mean.toFixed(4)}`,
  );
}

// 2-3. Training and scoring on 100,000 synthetic accounts with 40 features (30 numeric, 10 categorical).
const N = 100_000;
const random = seededRandom(2026);
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const columns: ColumnSpec[] = [
  ...Array.from({ length: 30 }, (_, j) => ({ name: `n${j}`, type: 'numeric' as const })),
  ...Array.from({ length: 10 }, (_, j) => ({ name: `c${j}`, type: 'categorical' as const })),
];
const rows: FeatureRow[] = [];
const labels: number[] = [];
for (let i = 0; i < N; i++) {
  const row: Record<string, number | string | null> = {};
  let z = -1.6;
  for (let j = 0; j < 30; j++) {
    const v = j % 3 === 0 ? Math.exp(normal()) : normal(); // some skewed columns
    row[`n${j}`] = random() < 0.02 ? null : Number(v.toFixed(3));
    if (j < 8) z += (j % 2 === 0 ? 0.4 : -0.3) * (j % 3 === 0 ? Math.log(v) : v);
  }
  z += 0.3 * Math.max(0, (row.n1 as number | null) ?? 0) ** 2;
  for (let j = 0; j < 10; j++) {
    const level = Math.floor(random() ** 1.5 * (3 + j));
    row[`c${j}`] = `L${level}`;
    if (j < 3) z += level === 0 ? 0.5 : -0.1 * level;
  }
  rows.push(row);
  labels.push(random() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
}
const events = labels.reduce((a, b) => a + b, 0);
startCpu();
let t0 = performance.now();
const model = trainChurnModel({ rows, labels, columns }, { seed: 1 });
let s = seconds(t0);
console.log(
  `train (100,000 accounts x 40 features, ${events.toLocaleString('en-US')} churned; ${model.encoder.features.length} model features, ` +
    `${model.trees.length} trees, calibration cross-fitted on 3 folds): ${s.toFixed(2)} s (${cpuSeconds()}), ${rate(N, s)}`,
);
startCpu();
t0 = performance.now();
const predictions = predictChurn(model, rows, { topDrivers: 3 });
s = seconds(t0);
console.log(
  `score (100,000 accounts, probability + 3 drivers): ${s.toFixed(2)} s (${cpuSeconds()}), ${rate(predictions.length, s)}`,
);

// 4. Health recomputation for 100,000 accounts with the default B2B configuration (16 components, 3 percentile).
const inputs: HealthInput[] = Array.from({ length: N }, (_, i) => ({
  accountId: `acc-${i}`,
  values: {
    nps: random() < 0.2 ? null : Math.round(random() * 200 - 100),
    npsTrend: random() < 0.3 ? null : Math.round(normal() * 15),
    csat: random() < 0.3 ? null : 40 + random() * 60,
    csatTrend: random() < 0.4 ? null : normal() * 8,
    ces: random() < 0.5 ? null : 1 + random() * 6,
    usageFrequency: Math.floor(random() * 31),
    activeUsers: Math.floor(Math.exp(normal() * 1.2 + 2)),
    featuresUsed: Math.floor(random() * 25),
    openTickets: Math.floor(random() ** 3 * 12),
    fcr: random() < 0.4 ? null : 30 + random() * 70,
    timeToResolutionHours: random() < 0.4 ? null : random() * 120,
    mrrTrend: normal() * 10,
    daysToRenewal: Math.floor(random() * 365),
    paymentIssues: random() < 0.9 ? 0 : 1 + Math.floor(random() * 3),
    daysSinceLastAnswer: random() < 0.1 ? null : Math.floor(random() * 400),
    daysSinceLastActivity: Math.floor(random() ** 2 * 120),
  },
}));
startCpu();
t0 = performance.now();
const health = computeHealthScores(inputs, DEFAULT_HEALTH_CONFIG);
s = seconds(t0);
const bands = new Map<string, number>();
for (const h of health) if (h.status === 'ok') bands.set(h.band, (bands.get(h.band) ?? 0) + 1);
console.log(
  `health recompute (100,000 accounts, default config): ${(s * 1000).toFixed(0)} ms (${cpuSeconds()}), ${rate(N, s)}; bands ${JSON.stringify(Object.fromEntries(bands))}`,
);
