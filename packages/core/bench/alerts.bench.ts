// Benchmark: false-alarm rate and detection of the default alert rules on simulated account histories.
// Run with `pnpm --filter @cxkit/core bench:alerts` (a few minutes). Environment: CX_BENCH_SEEDS (portfolios per
// scenario, default 10), CX_BENCH_RATES (answers a month, default "12,4"), CX_BENCH_KINDS (rule kinds switched on,
// default "anomaly"; "significant-change,anomaly" for both), CX_BENCH_Q (false-discovery rate, default the
// product's), CX_BENCH_RULE_EXTRA (JSON merged into each rule, e.g. '{"window":12}').
//
// Each portfolio has 200 accounts followed for 24 months (2025-01 to 2026-12) with a Poisson number of NPS
// answers a month; an account's true detractor and promoter shares are drawn once (detractors 10-35 %,
// promoters 30-60 %). The rule is what a CSM would switch on and leave on, written with nothing but
// { id, kind, metric, scope }: an anomaly rule on every account, product defaults for the rest (a fall against the
// 24 months before, lookback 3, last complete month, the product false-discovery rate per monthly run over all
// accounts). The second year is replayed month by month with `backtestAlertRules`, as the server evaluates at
// each month's end.
//   stable:  every account keeps its distribution; we count accounts with any alert in the year, and monthly
//            runs raising any alert (all false: with no change this is the run's false-discovery rate).
//   falling: 20 of the 200 accounts lose 40 NPS points (20 % of answers move from promoter to detractor) from a
//            month drawn in 2026-01..2026-10; we count those alerted by the end of the third month of the fall
//            (evaluations of the fall month and the two after), and false alarms on the 180 others.
// The alert modules directly (not the package index): the run loads only what it measures.
import { backtestAlertRules, type AccountMonthSummary } from '../src/alert-backtest.js';
import { AlertRuleSchema } from '../src/alert-rule.js';
import { periodRange } from '../src/period.js';
import { emptySummary } from '../src/score-summary.js';
import { mulberry32, poisson } from './random-draws.js';

const SEEDS = Number(process.env.CX_BENCH_SEEDS ?? 10);
const RATES = (process.env.CX_BENCH_RATES ?? '12,4').split(',').map(Number);
const ACCOUNTS = 200;
const FALLING = 20;
const MONTHS = periodRange('2025-01', '2026-12');
const YEAR = periodRange('2026-01', '2026-12');

const EXTRA = JSON.parse(process.env.CX_BENCH_RULE_EXTRA ?? '{}') as Record<string, unknown>;
const KINDS = (process.env.CX_BENCH_KINDS ?? 'anomaly').split(',');
const Q = process.env.CX_BENCH_Q === undefined ? undefined : Number(process.env.CX_BENCH_Q);
const rules = KINDS.map((kind) =>
  AlertRuleSchema.parse({ id: `nps-${kind}`, kind, metric: 'nps', scope: { type: 'account' }, ...EXTRA }),
);

interface Account {
  id: string;
  pd: number;
  pp: number;
  /** Index in MONTHS of the first month of the fall, or -1. */
  fall: number;
}

function simulate(seed: number, rate: number, falling: number) {
  const rand = mulberry32(seed);
  const accounts: Account[] = Array.from({ length: ACCOUNTS }, (_, i) => ({
    id: `a${String(i).padStart(3, '0')}`,
    pd: 0.1 + 0.25 * rand(),
    pp: 0.3 + 0.3 * rand(),
    fall: i < falling ? 12 + Math.floor(rand() * 10) : -1,
  }));
  const rows: AccountMonthSummary[] = [];
  for (const a of accounts)
    MONTHS.forEach((month, m) => {
      const fallen = a.fall >= 0 && m >= a.fall;
      const pd = fallen ? a.pd + 0.2 : a.pd;
      const pp = fallen ? a.pp - 0.2 : a.pp;
      const s = emptySummary('nps');
      const n = poisson(rand, rate);
      for (let k = 0; k < n; k++) {
        const u = rand();
        s.counts[u < pd ? 3 : u < pd + pp ? 10 : 8]! += 1;
      }
      rows.push({ accountId: a.id, metric: 'nps', month, summary: s });
    });
  const t0 = performance.now();
  // One replay per month, so every run's alerts are seen (a run with no change raising any alert is a false
  // discovery); keys already raised in an earlier month are then dropped, as the full replay does.
  const alerted = new Map<string, string[]>();
  const seen = new Set<string>();
  let runsWithAlert = 0;
  let evaluations = 0;
  for (const month of YEAR) {
    const result = backtestAlertRules(rules, rows, {
      from: month,
      to: month,
      ...(Q === undefined ? {} : { falseDiscoveryRate: Q }),
    });
    evaluations += result.evaluations;
    if (result.alerts.length > 0) runsWithAlert++;
    for (const e of result.alerts) {
      if (e.target.type !== 'account' || seen.has(e.dedupKey)) continue;
      seen.add(e.dedupKey);
      const list = alerted.get(e.target.accountId) ?? [];
      list.push(e.evaluatedAt);
      alerted.set(e.target.accountId, list);
    }
  }
  const ms = performance.now() - t0;
  let stableAlerted = 0;
  let detected = 0;
  const delays: number[] = [];
  for (const a of accounts) {
    const when = alerted.get(a.id) ?? [];
    if (a.fall < 0) {
      if (when.length > 0) stableAlerted++;
      continue;
    }
    // Evaluations at the ends of the fall month and the two after it (evaluatedAt is the next month's start).
    // (Built from the date, not from MONTHS: a fall in October is judged a third time at 2027-01-01.)
    const ends = [1, 2, 3].map((k) => new Date(Date.UTC(2025, a.fall + k, 1)).toISOString());
    const first = when.filter((w) => w >= ends[0]!).sort()[0];
    if (first !== undefined && first <= ends[2]!) {
      detected++;
      delays.push(ends.indexOf(first) + 1);
    }
  }
  return {
    stableAlerted,
    stable: ACCOUNTS - falling,
    detected,
    falling,
    delays,
    ms,
    evaluations,
    runsWithAlert,
  };
}

/** Share with its Wilson 95 % interval: with 200 falls a share of 60 % is known to about ±7 points. */
const pct = (x: number, n: number) => {
  const z = 1.959964;
  const p = x / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n)) * 100;
  return `${(100 * p).toFixed(1)} % [${(100 * centre - half).toFixed(1)}, ${(100 * centre + half).toFixed(1)}]`;
};
console.log(
  `alerts benchmark: ${SEEDS} portfolios of ${ACCOUNTS} accounts x ${MONTHS.length} months per scenario, rules ${rules.map((r) => r.id).join(' + ')} with product defaults (Node ${process.version}, ${new Date().toISOString().slice(0, 10)})`,
);
for (const rate of RATES) {
  let fa = 0;
  let faN = 0;
  let ms = 0;
  let runs = 0;
  for (let s = 0; s < SEEDS; s++) {
    const r = simulate(1000 + s, rate, 0);
    fa += r.stableAlerted;
    faN += r.stable;
    ms += r.ms;
    runs += r.runsWithAlert;
  }
  let det = 0;
  let detN = 0;
  let fa2 = 0;
  let fa2N = 0;
  const delays: number[] = [];
  for (let s = 0; s < SEEDS; s++) {
    const r = simulate(2000 + s, rate, FALLING);
    det += r.detected;
    detN += r.falling;
    fa2 += r.stableAlerted;
    fa2N += r.stable;
    delays.push(...r.delays);
  }
  const byMonth = [1, 2, 3].map((k) => delays.filter((d) => d === k).length);
  console.log(
    `~${rate} answers/month: stable accounts with any alert in a year ${fa}/${faN} = ${pct(fa, faN)}; ` +
      `falls of 40 points alerted within 3 months ${det}/${detN} = ${pct(det, detN)} ` +
      `(in the fall month ${byMonth[0]}, the next ${byMonth[1]}, the third ${byMonth[2]}); ` +
      `false alarms beside them ${fa2}/${fa2N} = ${pct(fa2, fa2N)}; ` +
      `stable monthly runs raising any alert ${runs}/${SEEDS * YEAR.length} = ${pct(runs, SEEDS * YEAR.length)}; replay ${(ms / SEEDS).toFixed(0)} ms per portfolio-year`,
  );
}
