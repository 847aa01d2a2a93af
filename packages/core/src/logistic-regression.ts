import { CxError } from './cx-error.js';

/** A dense row-major design matrix: `data[i * cols + j]` is feature j of row i. */
export interface DesignMatrix {
  /** Number of rows. */
  readonly rows: number;
  /** Number of feature columns (the intercept is not a column). */
  readonly cols: number;
  /** Row-major values, length rows x cols. */
  readonly data: Float64Array;
}

/** Options of {@link fitLogisticRegression}. */
export interface LogisticRegressionOptions {
  /** L2 penalty on the coefficients (not the intercept): the objective adds lambda/2 * ||beta||^2 to the summed log loss. Default 1. */
  lambda?: number;
  /** Newton iterations cap. Default 100. */
  maxIterations?: number;
  /** Stop when the largest coefficient step is below this. Default 1e-8. */
  tolerance?: number;
  /** Rows used to estimate the Hessian (every k-th row when there are more). Default 10,000. */
  hessianRows?: number;
  /** Starting point (warm start), e.g. the fit at a neighbouring lambda. */
  start?: { intercept: number; coefficients: ArrayLike<number> };
}

/** A fitted L2-regularised logistic regression. */
export interface LogisticRegressionFit {
  /** Intercept (log-odds at x = 0). */
  intercept: number;
  /** One coefficient per design column. */
  coefficients: Float64Array;
  /** Newton iterations used. */
  iterations: number;
  /** Whether the tolerance was reached before the iteration cap. */
  converged: boolean;
}

/** Numerically stable logistic function. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Log-odds of a probability, clipped away from 0 and 1. */
export function logit(p: number, eps = 1e-12): number {
  const q = Math.min(1 - eps, Math.max(eps, p));
  return Math.log(q / (1 - q));
}

/** Stable log(1 + e^z). */
function log1pExp(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** Cholesky factor of symmetric positive definite A (size m, row-major) in place (lower triangle); false when A is not SPD. */
function choleskyFactor(a: Float64Array, m: number): boolean {
  for (let j = 0; j < m; j++) {
    let d = a[j * m + j] as number;
    for (let k = 0; k < j; k++) d -= (a[j * m + k] as number) ** 2;
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    a[j * m + j] = ljj;
    for (let i = j + 1; i < m; i++) {
      let s = a[i * m + j] as number;
      for (let k = 0; k < j; k++) s -= (a[i * m + k] as number) * (a[j * m + k] as number);
      a[i * m + j] = s / ljj;
    }
  }
  return true;
}

/** Solves L L^T x = b in place given the Cholesky factor L. */
function choleskySolve(l: Float64Array, b: Float64Array, m: number): void {
  for (let i = 0; i < m; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (l[i * m + k] as number) * (b[k] as number);
    b[i] = s / (l[i * m + i] as number);
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = b[i] as number;
    for (let k = i + 1; k < m; k++) s -= (l[k * m + i] as number) * (b[k] as number);
    b[i] = s / (l[i * m + i] as number);
  }
}

/** Linear predictor (log-odds) of every row of `x` under a fit. */
export function linearPredictor(
  x: DesignMatrix,
  fit: { intercept: number; coefficients: ArrayLike<number> },
  out = new Float64Array(x.rows),
): Float64Array {
  const { rows, cols, data } = x;
  const beta = fit.coefficients;
  for (let i = 0; i < rows; i++) {
    let eta = fit.intercept;
    const o = i * cols;
    for (let j = 0; j < cols; j++) eta += (data[o + j] as number) * (beta[j] as number);
    out[i] = eta;
  }
  return out;
}

/**
 * Fits a logistic regression with an L2 penalty by Newton's method (IRLS) with step halving.
 * Deterministic: no randomness, the same input gives the same coefficients bit for bit.
 *
 * minimise  sum_i [ ln(1 + e^eta_i) - y_i eta_i ] + lambda/2 sum_j beta_j^2,  eta_i = b0 + x_i . beta
 *
 * Cost per iteration is O(n p) plus, when the Hessian is refreshed, O(min(n, hessianRows) p^2 + p^3):
 * fine for the few hundred columns churn models use.
 * @throws CxError `fitLogisticRegression/invalid-input` on shape mismatch, non 0/1 labels or a negative lambda.
 * @example fitLogisticRegression({ rows: 4, cols: 1, data: Float64Array.of(-2, -1, 1, 2) }, [0, 1, 0, 1]).coefficients[0] // > 0
 */
export function fitLogisticRegression(
  x: DesignMatrix,
  y: ArrayLike<number>,
  options: LogisticRegressionOptions = {},
): LogisticRegressionFit {
  const lambda = options.lambda ?? 1;
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-8;
  const { rows: n, cols: p, data } = x;
  if (data.length !== n * p || y.length !== n)
    throw new CxError(
      'fitLogisticRegression/invalid-input',
      `design is ${n}x${p} with ${data.length} values and ${y.length} labels: they must agree`,
    );
  if (!(lambda >= 0))
    throw new CxError('fitLogisticRegression/invalid-input', `lambda must be >= 0, got ${lambda}`);
  for (let i = 0; i < n; i++)
    if (y[i] !== 0 && y[i] !== 1)
      throw new CxError(
        'fitLogisticRegression/invalid-input',
        `label at row ${i} is ${String(y[i])}, expected 0 or 1`,
      );

  const m = p + 1; // parameter 0 is the intercept
  const theta = new Float64Array(m);
  if (options.start) {
    theta[0] = options.start.intercept;
    for (let j = 0; j < p; j++) theta[j + 1] = options.start.coefficients[j] ?? 0;
  } else {
    let pos = 0;
    for (let i = 0; i < n; i++) pos += y[i] as number;
    theta[0] = logit((pos + 0.5) / (n + 1));
  }
  const eta = new Float64Array(n);
  const objective = (t: Float64Array): number => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      let e = t[0] as number;
      const o = i * p;
      for (let j = 0; j < p; j++) e += (data[o + j] as number) * (t[j + 1] as number);
      eta[i] = e;
      f += log1pExp(e) - (y[i] as number) * e;
    }
    let pen = 0;
    for (let j = 1; j < m; j++) pen += (t[j] as number) ** 2;
    return f + (lambda / 2) * pen;
  };

  const h = new Float64Array(m * m);
  const g = new Float64Array(m);
  const candidate = new Float64Array(m);
  let f = objective(theta);
  let iterations = 0;
  let converged = false;
  // The Hessian costs O(n p^2) and the gradient O(n p): after two exact Newton steps the Hessian
  // barely moves, so it is reused (a chord step) while the gradient keeps shrinking fast, and
  // recomputed when it does not or when a step had to be halved. The optimum is the same.
  let refresh = true;
  let lastGradient = Infinity;
  // On large data the Hessian is estimated from every stride-th row (the gradient always uses all
  // rows): an approximate Hessian only slows convergence a little, it does not move the optimum.
  const stride = Math.max(1, Math.ceil(n / (options.hessianRows ?? 10000)));
  const ns = Math.ceil(n / stride);
  const v = new Float64Array(ns * m);
  while (iterations < maxIterations) {
    iterations++;
    const fresh = refresh;
    g.fill(0);
    for (let i = 0; i < n; i++) {
      const mu = sigmoid(eta[i] as number);
      const r = mu - (y[i] as number);
      const o = i * p;
      g[0] = (g[0] as number) + r;
      for (let j = 0; j < p; j++) g[j + 1] = (g[j + 1] as number) + r * (data[o + j] as number);
      if (fresh && i % stride === 0) {
        // column-major sqrt(w) x, so each Hessian entry is one contiguous dot product
        const s = i / stride;
        const sw = Math.sqrt(Math.max(mu * (1 - mu), 1e-12) * stride);
        v[s] = sw;
        for (let j = 0; j < p; j++) v[(j + 1) * ns + s] = sw * (data[o + j] as number);
      }
    }
    if (fresh)
      for (let j = 0; j < m; j++) {
        const vj = v.subarray(j * ns, (j + 1) * ns);
        for (let k = 0; k <= j; k++) {
          const vk = v.subarray(k * ns, (k + 1) * ns);
          let d0 = 0;
          let d1 = 0;
          let s = 0;
          for (; s + 1 < ns; s += 2) {
            d0 += (vj[s] as number) * (vk[s] as number);
            d1 += (vj[s + 1] as number) * (vk[s + 1] as number);
          }
          if (s < ns) d0 += (vj[s] as number) * (vk[s] as number);
          h[j * m + k] = d0 + d1;
        }
      }
    let gradientSize = 0;
    for (let j = 1; j < m; j++) g[j] = (g[j] as number) + lambda * (theta[j] as number);
    for (let j = 0; j < m; j++) gradientSize = Math.max(gradientSize, Math.abs(g[j] as number));
    if (fresh) {
      for (let j = 1; j < m; j++) h[j * m + j] = (h[j * m + j] as number) + lambda;
      // a tiny ridge keeps the system solvable when lambda = 0 and columns are collinear
      for (let j = 0; j < m; j++) h[j * m + j] = (h[j * m + j] as number) * (1 + 1e-10) + 1e-10;
      if (!choleskyFactor(h, m))
        throw new CxError(
          'fitLogisticRegression/singular',
          'the Hessian is not positive definite; add an L2 penalty',
        );
    }
    const step = g; // solved in place: step = H^-1 g
    choleskySolve(h, step, m);
    let scale = 1;
    let fNew = Infinity;
    let halvings = 0;
    for (; halvings < 30; halvings++) {
      for (let j = 0; j < m; j++) candidate[j] = (theta[j] as number) - scale * (step[j] as number);
      fNew = objective(candidate);
      if (fNew <= f + 1e-12 * Math.abs(f)) break;
      scale /= 2;
    }
    let maxStep = 0;
    for (let j = 0; j < m; j++) maxStep = Math.max(maxStep, Math.abs(scale * (step[j] as number)));
    const fPrev = f;
    const improved = fNew <= f + 1e-12 * Math.abs(f);
    if (improved) {
      theta.set(candidate);
      f = fNew;
    } else {
      objective(theta); // restore eta for theta
    }
    if (maxStep < tolerance || (fresh && Math.abs(fPrev - f) < 1e-13 * (1 + Math.abs(f)))) {
      converged = true;
      break;
    }
    // a subsampled Hessian stays approximate however often it is refreshed: keep it unless a step failed
    refresh =
      iterations < 2 || halvings > 0 || !improved || (stride === 1 && gradientSize > 0.25 * lastGradient);
    lastGradient = gradientSize;
  }
  return { intercept: theta[0] as number, coefficients: theta.slice(1), iterations, converged };
}
