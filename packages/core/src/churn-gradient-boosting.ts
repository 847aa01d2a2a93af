import { z } from 'zod';
import { CxError } from './cx-error.js';
import type { DesignMatrix } from './logistic-regression.js';
import { sigmoid } from './logistic-regression.js';

/** One regression tree, stored as flat arrays (node 0 is the root; a leaf has feature -1). */
export const BoostedTreeSchema = z.strictObject({
  /** Split feature per node, -1 for a leaf. */
  feature: z.array(z.int().min(-1)),
  /** Split threshold per node: rows with x <= threshold go left. */
  threshold: z.array(z.number()),
  /** Left child index per node (-1 for a leaf). */
  left: z.array(z.int().min(-1)),
  /** Right child index per node (-1 for a leaf). */
  right: z.array(z.int().min(-1)),
  /** Node value in log-odds: the leaf output, or for inner nodes the cover-weighted mean of the leaves below (for attributions). */
  value: z.array(z.number()),
});

/** A regression tree of a boosted ensemble. */
export type BoostedTree = z.infer<typeof BoostedTreeSchema>;

/** Options of {@link fitBoostedTrees}. */
export interface BoostingOptions {
  /** Number of trees. Default 100. */
  trees?: number;
  /** Maximum depth of each tree. Default 3. */
  depth?: number;
  /** Shrinkage applied to every tree. Default 0.05. */
  learningRate?: number;
  /** Minimum hessian sum (about p(1-p) x rows) per leaf. Default 5. */
  minLeafHessian?: number;
  /** L2 penalty on leaf values. Default 1. */
  leafLambda?: number;
  /** Histogram bins per feature. Default 32. */
  bins?: number;
  /** Design columns the trees may split on (default all). */
  features?: readonly number[];
  /** Rows the trees are grown on (every k-th row when there are more). Default 20,000. */
  maxRows?: number;
}

/** Bins each column at up to `bins - 1` quantile thresholds of its training values (from at most 20,000 evenly spaced rows). */
function binColumns(x: DesignMatrix, bins: number): { codes: Uint8Array; thresholds: number[][] } {
  const { rows: n, cols: p, data } = x;
  const codes = new Uint8Array(n * p);
  const thresholds: number[][] = [];
  const column = new Float64Array(n);
  const stride = Math.max(1, Math.ceil(n / 20000));
  const sample = new Float64Array(Math.ceil(n / stride));
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < n; i++) column[i] = data[i * p + j] as number;
    for (let i = 0, k = 0; i < n; i += stride, k++) sample[k] = column[i] as number;
    const sorted = sample.slice().sort();
    const ns = sorted.length;
    const cuts: number[] = [];
    for (let b = 1; b < bins; b++) {
      const v = sorted[Math.min(ns - 1, Math.floor((b * ns) / bins))] as number;
      // a cut sits between two distinct values so "x <= cut" means the same on new rows
      if (cuts.length === 0 || v > (cuts[cuts.length - 1] as number)) cuts.push(v);
    }
    const distinctMax = sorted[ns - 1] as number;
    const finalCuts = cuts.filter((c) => c < distinctMax);
    thresholds.push(finalCuts);
    for (let i = 0; i < n; i++) {
      const v = column[i] as number;
      let lo = 0;
      let hi = finalCuts.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (v <= (finalCuts[mid] as number)) hi = mid;
        else lo = mid + 1;
      }
      codes[i * p + j] = lo;
    }
  }
  return { codes, thresholds };
}

/**
 * Fits gradient-boosted regression trees on the log-odds scale (second-order boosting of the log
 * loss, histogram splits), starting from the given per-row offset, e.g. a logistic regression's
 * linear predictor so the trees only learn what the linear model misses (interactions, thresholds).
 * Deterministic: no random sampling.
 * @throws CxError `fitBoostedTrees/invalid-input` on shape mismatch.
 */
export function fitBoostedTrees(
  full: DesignMatrix,
  fullY: ArrayLike<number>,
  fullOffset: ArrayLike<number>,
  options: BoostingOptions = {},
): BoostedTree[] {
  const trees = options.trees ?? 100;
  const depth = options.depth ?? 3;
  const lr = options.learningRate ?? 0.05;
  const minHess = options.minLeafHessian ?? 5;
  const leafLambda = options.leafLambda ?? 1;
  const bins = Math.min(255, options.bins ?? 32);
  if (fullY.length !== full.rows || fullOffset.length !== full.rows)
    throw new CxError(
      'fitBoostedTrees/invalid-input',
      `design has ${full.rows} rows, labels ${fullY.length}, offsets ${fullOffset.length}`,
    );
  // Trees correcting a linear model's residuals need far fewer rows than the linear model:
  // they are grown on at most maxRows evenly spaced rows (all rows on small data).
  const stride = Math.max(1, Math.ceil(full.rows / (options.maxRows ?? 20000)));
  const x: DesignMatrix =
    stride === 1
      ? full
      : {
          rows: Math.ceil(full.rows / stride),
          cols: full.cols,
          data: Float64Array.from({ length: Math.ceil(full.rows / stride) * full.cols }, (_, k) => {
            const i = Math.floor(k / full.cols) * stride;
            return full.data[i * full.cols + (k % full.cols)] as number;
          }),
        };
  const y = stride === 1 ? fullY : Array.from({ length: x.rows }, (_, i) => fullY[i * stride] as number);
  const offset =
    stride === 1 ? fullOffset : Array.from({ length: x.rows }, (_, i) => fullOffset[i * stride] as number);
  const { rows: n, cols: p } = x;
  const { codes, thresholds } = binColumns(x, bins);
  const usable = Int32Array.from(options.features ?? Array.from({ length: p }, (_, j) => j));
  const q = usable.length;
  const eta = Float64Array.from(offset);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const out: BoostedTree[] = [];
  /** Gradient and hessian histograms of the rows in `rows`, over the usable features. */
  const histogram = (rows: Int32Array): Float64Array => {
    const hist = new Float64Array(2 * q * bins);
    for (const i of rows) {
      const gi = g[i] as number;
      const hi = h[i] as number;
      const o = i * p;
      for (let u = 0; u < q; u++) {
        const k = 2 * (u * bins + (codes[o + (usable[u] as number)] as number));
        hist[k] = (hist[k] as number) + gi;
        hist[k + 1] = (hist[k + 1] as number) + hi;
      }
    }
    return hist;
  };
  for (let t = 0; t < trees; t++) {
    let G0 = 0;
    let H0 = 0;
    for (let i = 0; i < n; i++) {
      const mu = sigmoid(eta[i] as number);
      g[i] = mu - (y[i] as number);
      h[i] = Math.max(mu * (1 - mu), 1e-9);
      G0 += g[i] as number;
      H0 += h[i] as number;
    }
    const tree: BoostedTree = { feature: [-1], threshold: [0], left: [-1], right: [-1], value: [0] };
    const sumG = [G0];
    const sumH = [H0];
    const rowsOf = new Map<number, Int32Array>([[0, all]]);
    const histOf = new Map<number, Float64Array>([[0, histogram(all)]]);
    let frontier = [0];
    for (let level = 0; level < depth && frontier.length > 0; level++) {
      const next: number[] = [];
      for (const node of frontier) {
        const hist = histOf.get(node) as Float64Array;
        const G = sumG[node] as number;
        const H = sumH[node] as number;
        const parentScore = (G * G) / (H + leafLambda);
        let best = { gain: 1e-9, feature: -1, bin: -1, gl: 0, hl: 0 };
        for (let u = 0; u < q; u++) {
          const j = usable[u] as number;
          const cuts = (thresholds[j] as number[]).length;
          let gl = 0;
          let hl = 0;
          for (let b = 0; b < cuts; b++) {
            const k = 2 * (u * bins + b);
            gl += hist[k] as number;
            hl += hist[k + 1] as number;
            const hr = H - hl;
            if (hl < minHess || hr < minHess) continue;
            const gr = G - gl;
            const gain = (gl * gl) / (hl + leafLambda) + (gr * gr) / (hr + leafLambda) - parentScore;
            if (gain > best.gain) best = { gain, feature: j, bin: b, gl, hl };
          }
        }
        histOf.delete(node);
        if (best.feature < 0) continue; // stays a leaf, keeping its rows
        const rows = rowsOf.get(node) as Int32Array;
        rowsOf.delete(node);
        const l = tree.feature.length;
        const r = l + 1;
        tree.feature[node] = best.feature;
        tree.threshold[node] = (thresholds[best.feature] as number[])[best.bin] as number;
        tree.left[node] = l;
        tree.right[node] = r;
        for (let c = 0; c < 2; c++) {
          tree.feature.push(-1);
          tree.threshold.push(0);
          tree.left.push(-1);
          tree.right.push(-1);
          tree.value.push(0);
        }
        sumG.push(best.gl, G - best.gl);
        sumH.push(best.hl, H - best.hl);
        let nl = 0;
        for (const i of rows) if ((codes[i * p + best.feature] as number) <= best.bin) nl++;
        const leftRows = new Int32Array(nl);
        const rightRows = new Int32Array(rows.length - nl);
        let a = 0;
        let b = 0;
        for (const i of rows)
          if ((codes[i * p + best.feature] as number) <= best.bin) leftRows[a++] = i;
          else rightRows[b++] = i;
        rowsOf.set(l, leftRows);
        rowsOf.set(r, rightRows);
        if (level + 1 < depth) {
          // histogram of the smaller child; the sibling's is the parent's minus it
          const small = nl <= rows.length - nl ? l : r;
          const smallHist = histogram(small === l ? leftRows : rightRows);
          for (let k = 0; k < hist.length; k++) hist[k] = (hist[k] as number) - (smallHist[k] as number);
          histOf.set(small, smallHist);
          histOf.set(small === l ? r : l, hist);
        }
        next.push(l, r);
      }
      frontier = next;
    }
    const leafOf = new Int32Array(n);
    for (const [node, rows] of rowsOf) for (const i of rows) leafOf[i] = node;
    for (let node = 0; node < tree.feature.length; node++)
      if (tree.feature[node] === -1)
        tree.value[node] = (-lr * (sumG[node] as number)) / ((sumH[node] as number) + leafLambda);
    // inner node values: hessian-weighted mean of their leaves, so a path's steps attribute the leaf value to split features
    for (let node = tree.feature.length - 1; node >= 0; node--) {
      if (tree.feature[node] === -1) continue;
      const l = tree.left[node] as number;
      const r = tree.right[node] as number;
      const hl = sumH[l] as number;
      const hr = sumH[r] as number;
      tree.value[node] = ((tree.value[l] as number) * hl + (tree.value[r] as number) * hr) / (hl + hr);
    }
    for (let i = 0; i < n; i++) eta[i] = (eta[i] as number) + (tree.value[leafOf[i] as number] as number);
    out.push(tree);
  }
  return out;
}

/** Sum of the trees' outputs for one row of a design (values read from `data` at `offset`). */
export function boostedOutput(trees: readonly BoostedTree[], data: ArrayLike<number>, offset = 0): number {
  let s = 0;
  for (const tree of trees) {
    let node = 0;
    while ((tree.feature[node] as number) >= 0) {
      const f = tree.feature[node] as number;
      node =
        (data[offset + f] as number) <= (tree.threshold[node] as number)
          ? (tree.left[node] as number)
          : (tree.right[node] as number);
    }
    s += tree.value[node] as number;
  }
  return s;
}

/**
 * Per-feature attribution of the trees' output for one row (Saabas path attribution): each split
 * on the path credits its feature with the change in node value. The attributions plus the
 * trees' root values sum to the trees' output.
 */
export function boostedAttributions(
  trees: readonly BoostedTree[],
  data: ArrayLike<number>,
  offset: number,
  out: Float64Array,
): number {
  let base = 0;
  for (const tree of trees) {
    let node = 0;
    base += tree.value[0] as number;
    while ((tree.feature[node] as number) >= 0) {
      const f = tree.feature[node] as number;
      const child =
        (data[offset + f] as number) <= (tree.threshold[node] as number)
          ? (tree.left[node] as number)
          : (tree.right[node] as number);
      out[f] = (out[f] as number) + (tree.value[child] as number) - (tree.value[node] as number);
      node = child;
    }
  }
  return base;
}
