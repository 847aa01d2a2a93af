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
  /** Newton iterations cap. Default 50. */
  maxIterations?: number;
  /** Stop when the largest coefficient step is below this. Default 1e-8. */
  tolerance?: number;
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

/** Solves A x = b in place for symmetric positive definite A (size m, row-major) by Cholesky; false when A is not SPD. */
function choleskySolve(a: Float64Array, b: Float64Array, m: number): boolean {
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
  for (let i = 0; i < m; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (a[i * m + k] as number) * (b[k] as number);
    b[i] = s / (a[i * m + i] as number);
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = b[i] as number;
    for (let k = i + 1; k < m; k++) s -= (a[k * m + i] as number) * (b[k] as number);
    b[i] = s / (a[i * m + i] as number);
  }
  return true;
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
 * Cost per iteration is O(n p^2 + p^3), fine for the few hundred columns churn models use.
 * @throws CxError `fitLogisticRegression/invalid-input` on shape mismatch, non 0/1 labels or a negative lambda.
 * @example fitLogisticRegression({ rows: 4, cols: 1, data: Float64Array.of(-2, -1, 1, 2) }, [0, 1, 0, 1]).coefficients[0] // > 0
 */
export function fitLogisticRegression(
  x: DesignMatrix,
  y: ArrayLike<number>,
  options: LogisticRegressionOptions = {},
): LogisticRegressionFit {
  const lambda = options.lambda ?? 1;
  const maxIterations = options.maxIterations ?? 50;
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
  const xi = new Float64Array(m);
  const candidate = new Float64Array(m);
  let f = objective(theta);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    h.fill(0);
    g.fill(0);
    for (let i = 0; i < n; i++) {
      const mu = sigmoid(eta[i] as number);
      const w = Math.max(mu * (1 - mu), 1e-12);
      const r = mu - (y[i] as number);
      xi[0] = 1;
      const o = i * p;
      for (let j = 0; j < p; j++) xi[j + 1] = data[o + j] as number;
      for (let j = 0; j < m; j++) {
        const xj = xi[j] as number;
        if (xj === 0) continue; // one-hot columns are mostly zero
        g[j] = (g[j] as number) + r * xj;
        const wj = w * xj;
        const row = j * m;
        for (let k = 0; k <= j; k++) h[row + k] = (h[row + k] as number) + wj * (xi[k] as number);
      }
    }
    for (let j = 1; j < m; j++) {
      g[j] = (g[j] as number) + lambda * (theta[j] as number);
      h[j * m + j] = (h[j * m + j] as number) + lambda;
    }
    for (let j = 0; j < m; j++) for (let k = j + 1; k < m; k++) h[j * m + k] = h[k * m + j] as number;
    // a tiny ridge on the intercept keeps the system solvable when lambda = 0 and columns are collinear
    for (let j = 0; j < m; j++) h[j * m + j] = (h[j * m + j] as number) * (1 + 1e-10) + 1e-10;
    const step = g; // solved in place: step = H^-1 g
    if (!choleskySolve(h, step, m))
      throw new CxError(
        'fitLogisticRegression/singular',
        'the Hessian is not positive definite; add an L2 penalty',
      );
    let scale = 1;
    let fNew = Infinity;
    for (let halving = 0; halving < 30; halving++) {
      for (let j = 0; j < m; j++) candidate[j] = (theta[j] as number) - scale * (step[j] as number);
      fNew = objective(candidate);
      if (fNew <= f + 1e-12 * Math.abs(f)) break;
      scale /= 2;
    }
    let maxStep = 0;
    for (let j = 0; j < m; j++) maxStep = Math.max(maxStep, Math.abs(scale * (step[j] as number)));
    const fPrev = f;
    if (fNew <= f + 1e-12 * Math.abs(f)) {
      theta.set(candidate);
      f = fNew;
    } else {
      objective(theta); // restore eta for theta
    }
    if (maxStep < tolerance || Math.abs(fPrev - f) < 1e-13 * (1 + Math.abs(f))) {
      converged = true;
      break;
    }
  }
  return { intercept: theta[0] as number, coefficients: theta.slice(1), iterations, converged };
}
