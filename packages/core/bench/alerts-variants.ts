// Exploration behind the anomaly rule's defaults (docs/alerts.md), not a product benchmark: the same simulated
// portfolios as alerts.bench.ts (same seeds), each account-month's change-point starts computed once, then
// ways of turning them into one p-value per account compared at several false-discovery rates.
// Run: node --conditions=source --import tsx bench/alerts-variants.ts (CX_BENCH_SEEDS, default 10;
// CX_BENCH_VARIANTS, comma-separated names; CX_BENCH_QS, default "0.3,0.35,0.4"; CX_BENCH_RATE, default 12).
// It counts an account as alerted whenever a run rejects it (no dedup keys): within 0.5 point of the replay.
import { maxStartP } from '../src/alert-evaluation.js';
import { exactChangeMidP } from '../src/exact-change-test.js';
import { benjaminiHochberg } from '../src/false-discovery-rate.js';
import { normalCdf, normalQuantile } from '../src/normal-distribution.js';
import { mulberry32, poisson } from './random-draws.js';

const SEEDS = Number(process.env.CX_BENCH_SEEDS ?? 10);
const RATE = Number(process.env.CX_BENCH_RATE ?? 12);
const ACCOUNTS = 200;
const MONTHS = 24;
const LOOKBACK = 3;

/** Detractors, passives, promoters. */
type Counts = [number, number, number];

/** The same draws, in the same order, as alerts.bench.ts. */
function simulate(seed: number, falling: number) {
  const rand = mulberry32(seed);
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => ({
    pd: 0.1 + 0.25 * rand(),
    pp: 0.3 + 0.3 * rand(),
    fall: i < falling ? 12 + Math.floor(rand() * 10) : -1,
  }));
  const counts = accounts.map((a) =>
    Array.from({ length: MONTHS }, (_, m): Counts => {
      const fallen = a.fall >= 0 && m >= a.fall;
      const pd = fallen ? a.pd + 0.2 : a.pd;
      const pp = fallen ? a.pp - 0.2 : a.pp;
      const c: Counts = [0, 0, 0];
      const n = poisson(rand, RATE);
      for (let k = 0; k < n; k++) {
        const u = rand();
        c[u < pd ? 0 : u < pd + pp ? 2 : 1] += 1;
      }
      return c;
    }),
  );
  return { fall: accounts.map((a) => a.fall), counts };
}

const size = (c: Counts) => c[0] + c[1] + c[2];
const add = (list: Counts[]) =>
  list.reduce<Counts>((a, c) => [a[0] + c[0], a[1] + c[1], a[2] + c[2]], [0, 0, 0]);
const asNps = (c: Counts) => ({ detractors: c[0], passives: c[1], promoters: c[2] });

interface Start {
  /** Months since the start, counting the evaluated one (1 = the evaluated month alone). */
  s: number;
  p: number;
  recent: string[];
  base: string[];
}

/** The anomaly rule's starts at evaluated month t (defaults: window 24, minHistory 6, minResponses 5). */
function startsAt(counts: Counts[], t: number): Start[] {
  const out: Start[] = [];
  for (let s = 1; s <= 2 * LOOKBACK; s++) {
    const first = t - s + 1;
    const recent: number[] = [];
    for (let m = first; m <= t; m++) if (size(counts[m]!) > 0) recent.push(m);
    const base: number[] = [];
    for (let m = Math.max(0, first - 24); m < first; m++) if (size(counts[m]!) > 0) base.push(m);
    if (recent.length === 0 || base.length < 6) continue;
    const r = add(recent.map((m) => counts[m]!));
    if (size(r) < 5) continue;
    const p = exactChangeMidP(asNps(add(base.map((m) => counts[m]!))), asNps(r), 'decrease')!;
    out.push({ s, p, recent: recent.map(String), base: base.map(String) });
  }
  return out;
}

interface Cell {
  starts: Start[];
  n: (month: string) => number;
}

type Variant = (cell: Cell) => number | null;

/** Placed within the lookback unless an earlier start's p is `margin` times smaller than the best within it. */
const located = (c: Cell, margin: number) => {
  const within = Math.min(1, ...c.starts.filter((x) => x.s <= LOOKBACK).map((x) => x.p));
  const earlier = Math.min(1, ...c.starts.filter((x) => x.s > LOOKBACK).map((x) => x.p));
  return within <= margin * earlier;
};
const deciding = (c: Cell) => c.starts.filter((x) => x.s <= LOOKBACK);

/** Correlation of the starts' statistics under no change, as maxStartP computes it. */
function correlation(st: Start[], n: (m: string) => number): number[][] {
  const w = st.map(({ recent, base }) => {
    const map = new Map<string, number>();
    const nr = recent.reduce((a, m) => a + n(m), 0);
    const nb = base.reduce((a, m) => a + n(m), 0);
    for (const m of recent) map.set(m, 1 / nr);
    for (const m of base) map.set(m, -1 / nb);
    return map;
  });
  const cov = (a: Map<string, number>, b: Map<string, number>) => {
    let c = 0;
    for (const [m, x] of a) c += x * (b.get(m) ?? 0) * n(m);
    return c;
  };
  return w.map((a) => w.map((b) => cov(a, b) / Math.sqrt(cov(a, a) * cov(b, b))));
}

/** The starts' z-scores summed (Stouffer with their correlation): a sustained fall moves every start. */
function stouffer(c: Cell): number {
  const d = deciding(c);
  const z = d.map((x) => -normalQuantile(Math.min(Math.max(x.p, 1e-15), 1 - 1e-15)));
  const variance = correlation(d, c.n).reduce((a, row) => a + row.reduce((b, r) => b + r, 0), 0);
  return 1 - normalCdf(z.reduce((a, b) => a + b, 0) / Math.sqrt(variance));
}

const VARIANTS: Record<string, Variant> = {};
for (const margin of [1, 3, 10, 30, 100, Infinity]) {
  const m = margin === Infinity ? 'never-old' : `margin-${margin}`;
  VARIANTS[`max-statistic/${m}`] = (c) =>
    deciding(c).length === 0 ? null : located(c, margin) ? maxStartP(deciding(c), c.n) : 1;
  VARIANTS[`stouffer/${m}`] = (c) => (deciding(c).length === 0 ? null : located(c, margin) ? stouffer(c) : 1);
  // Weighted Bonferroni over the starts: most of the test's level on the whole lookback, some on the last months.
  for (const w of [
    [0.2, 0.2, 0.6],
    [0.1, 0.1, 0.8],
  ])
    VARIANTS[`weighted-${w.join('-')}/${m}`] = (c) =>
      deciding(c).length === 0
        ? null
        : located(c, margin)
          ? Math.min(1, ...deciding(c).map((x) => x.p / w[x.s - 1]!))
          : 1;
  VARIANTS[`last-3-months/${m}`] = (c) => {
    const x = c.starts.find((y) => y.s === LOOKBACK);
    return x === undefined ? null : located(c, margin) ? x.p : 1;
  };
}

function build(seedBase: number, falling: number) {
  return Array.from({ length: SEEDS }, (_, k) => {
    const { fall, counts } = simulate(seedBase + k, falling);
    const cells = Array.from({ length: 12 }, (_, i) =>
      counts.map((c): Cell => ({ starts: startsAt(c, 12 + i), n: (m) => size(c[Number(m)]!) })),
    );
    return { fall, cells };
  });
}

function score(portfolios: ReturnType<typeof build>, variant: Variant, q: number) {
  let stableAlerted = 0;
  let stable = 0;
  let detected = 0;
  let falls = 0;
  for (const { fall, cells } of portfolios) {
    const any = new Array<boolean>(ACCOUNTS).fill(false);
    const found = new Array<boolean>(ACCOUNTS).fill(false);
    cells.forEach((row, i) => {
      const t = 12 + i;
      const tested = row.flatMap((cell, a) => {
        const p = variant(cell);
        return p === null ? [] : [{ a, p }];
      });
      if (tested.length === 0) return;
      const bh = benjaminiHochberg(
        tested.map((x) => x.p),
        q,
      );
      tested.forEach(({ a, p }, j) => {
        if (!bh.rejected[j] || !(p < 0.05)) return;
        any[a] = true;
        if (fall[a]! >= 0 && t >= fall[a]! && t <= fall[a]! + 2) found[a] = true;
      });
    });
    fall.forEach((f, a) => {
      if (f < 0) {
        stable++;
        if (any[a]) stableAlerted++;
      } else {
        falls++;
        if (found[a]) detected++;
      }
    });
  }
  return { stableAlerted, stable, detected, falls };
}

const pct = (x: number, n: number) => (n === 0 ? '-' : `${((100 * x) / n).toFixed(1)} %`);
const names = (process.env.CX_BENCH_VARIANTS ?? Object.keys(VARIANTS).join(',')).split(',');
const qs = (process.env.CX_BENCH_QS ?? '0.3,0.35,0.4').split(',').map(Number);
const stablePortfolios = build(1000, 0);
const fallingPortfolios = build(2000, 20);
console.log(`alert rule variants: ${SEEDS} portfolios per scenario, ~${RATE} answers a month`);
for (const name of names)
  for (const q of qs) {
    const variant = VARIANTS[name];
    if (!variant) throw new Error(`unknown variant ${name}; known: ${Object.keys(VARIANTS).join(', ')}`);
    const a = score(stablePortfolios, variant, q);
    const b = score(fallingPortfolios, variant, q);
    console.log(
      `${name} q=${q}: stable accounts alerted ${pct(a.stableAlerted, a.stable)}, falls found within 3 months ${pct(b.detected, b.falls)}, false alarms beside them ${pct(b.stableAlerted, b.stable)}`,
    );
  }
