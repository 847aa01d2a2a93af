import { tCdf, tCritical } from './t-distribution.js';

/** One cluster (an account) of a regression whose regressors are constant within the cluster. */
export interface ClusterRow {
  /** The cluster's regressors (the first is usually the intercept, 1). */
  x: readonly number[];
  /** Its observations (answers). */
  n: number;
  /** The sum of its outcomes. */
  sum: number;
}

/** A fitted coefficient with its cluster-robust standard error and interval. */
export interface ClusterCoefficient {
  estimate: number;
  se: number;
  lower: number;
  upper: number;
  /** Two-sided p-value on t(G − 1). */
  p: number;
}

/** Result of {@link clusterRegression}: null when X'X is singular or there are too few clusters. */
export interface ClusterRegression {
  coefficients: ClusterCoefficient[];
  /** Clusters (G) and observations (N). */
  clusters: number;
  observations: number;
}

/** Inverse of a symmetric positive-definite matrix by Gauss-Jordan with partial pivoting; null if singular. */
function invert(a: number[][]): number[][] | null {
  const k = a.length;
  const m = a.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  const scale = Math.max(...a.map((row, i) => Math.abs(row[i]!)), 1e-300);
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    const d = m[c]![c]!;
    // Relative tolerance: a column that is (nearly) a combination of the others makes the fit meaningless.
    if (Math.abs(d) < 1e-10 * scale) return null;
    for (let j = 0; j < 2 * k; j++) m[c]![j]! /= d;
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = m[r]![c]!;
      if (f !== 0) for (let j = 0; j < 2 * k; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  return m.map((row) => row.slice(k));
}

/** Two-sided p of a t statistic on df degrees of freedom. */
const twoSidedP = (t: number, df: number) => Math.min(1, 2 * (1 - tCdf(Math.abs(t), df)));

/**
 * Least squares of observation-level outcomes on cluster-level regressors, from per-cluster totals only
 * (n, Σy): since x is constant within a cluster, X'X = Σ n_c x_c x_c' and X'y = Σ x_c Σy_c, and each
 * cluster's score is u_c = x_c (Σy_c − n_c x_c'b). Variance: the CR1 sandwich
 * (X'X)⁻¹ (Σ u_c u_c') (X'X)⁻¹ × G/(G − 1) × (N − 1)/(N − k), as Stata's `regress, vce(cluster)`;
 * intervals on t(G − 1). Returns null when X'X is singular or G ≤ k.
 * @example clusterRegression([{ x: [1, 0], n: 3, sum: 100 }, ...], 0.95).coefficients[1]
 */
export function clusterRegression(rows: readonly ClusterRow[], level: number): ClusterRegression | null {
  const live = rows.filter((r) => r.n > 0);
  const k = live[0]?.x.length ?? 0;
  const G = live.length;
  const N = live.reduce((s, r) => s + r.n, 0);
  if (k === 0 || G <= k || N <= k) return null;
  const xtx = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const xty = new Array<number>(k).fill(0);
  for (const r of live)
    for (let i = 0; i < k; i++) {
      xty[i]! += r.x[i]! * r.sum;
      for (let j = 0; j < k; j++) xtx[i]![j]! += r.n * r.x[i]! * r.x[j]!;
    }
  const inv = invert(xtx);
  if (!inv) return null;
  const b = inv.map((row) => row.reduce((s, v, j) => s + v * xty[j]!, 0));
  const meat = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const r of live) {
    const e = r.sum - r.n * r.x.reduce((s, v, j) => s + v * b[j]!, 0);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) meat[i]![j]! += r.x[i]! * e * r.x[j]! * e;
  }
  const c = (G / (G - 1)) * ((N - 1) / (N - k));
  const t = tCritical(G - 1, level);
  const coefficients = b.map((estimate, i): ClusterCoefficient => {
    // Diagonal of inv · meat · inv.
    let v = 0;
    for (let a = 0; a < k; a++) for (let d = 0; d < k; d++) v += inv[i]![a]! * meat[a]![d]! * inv[d]![i]!;
    const se = Math.sqrt(Math.max(0, c * v));
    // Rounding noise of an exact fit (se ≈ 1e-14) must not read as an effect with a sign.
    const clean = (x: number) => Math.round(x * 1e9) / 1e9;
    return {
      estimate: clean(estimate),
      se,
      lower: clean(estimate - t * se),
      upper: clean(estimate + t * se),
      p: se > 0 ? twoSidedP(estimate / se, G - 1) : estimate === 0 ? 1 : 0,
    };
  });
  return { coefficients, clusters: G, observations: N };
}
