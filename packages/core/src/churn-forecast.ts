import { brierScore } from './brier-score.js';
import { calibrationMetrics } from './calibration-metrics.js';
import { seededRandom } from './cross-validation.js';
import { CxError } from './cx-error.js';
import type { ColumnSpec, FeatureRow } from './feature-encoder.js';
import { logLoss } from './log-loss.js';
import { rocAuc } from './roc-auc.js';
import { predictChurn, trainChurnModel, type ChurnModel } from './churn-model.js';
import type { ChurnValidation, ForecastMetrics } from './churn-validation.js';

const DAY = 86_400_000;

/** One account as it was at one cut-off date, labelled with what happened within the horizon after it. */
export interface ChurnSnapshot {
  /** The account. */
  accountId: string;
  /** The cut-off (ISO): every feature describes the account as it was then. */
  cutoff: string;
  /** Features as of the cut-off. */
  features: FeatureRow;
  /** 1 when the account churned within the horizon after the cut-off. */
  label: 0 | 1;
  /** The health-based prior's probability at the cut-off (null without a health score). */
  prior: number | null;
}

/**
 * The label of an account at a cut-off: 1 when it churned in (cutoff, cutoff + horizon], 0 when it
 * was still a customer at the end of the horizon, null when it had already left (not at risk) or
 * the horizon is not over yet at `now` (the outcome is unknown: leaving such rows out keeps
 * "no churn yet" from counting as "stayed").
 */
export function churnLabelAt(
  churnedAt: Date | null,
  cutoff: Date,
  horizonDays: number,
  now: Date,
): 0 | 1 | null {
  if (churnedAt && churnedAt <= cutoff) return null;
  const end = cutoff.getTime() + horizonDays * DAY;
  if (churnedAt && churnedAt.getTime() <= end) return 1;
  if (end > now.getTime()) return null;
  return 0;
}

/**
 * Cut-off dates for snapshots, latest first: `now - horizon`, then every `stepDays` back, `count`
 * of them (the latest whose horizon has ended at `now`).
 */
export function churnCutoffs(now: Date, horizonDays: number, count = 12, stepDays = 30): Date[] {
  const last = now.getTime() - horizonDays * DAY;
  return Array.from({ length: count }, (_, k) => new Date(last - k * stepDays * DAY));
}

/** A model family and penalty the tuning tries. */
export interface ForecastCandidate {
  /** L2 penalty. */
  lambda: number;
  /** Spline knots (0 = linear in each numeric column). */
  splineKnots: number;
  /** Boosted trees on the residual. */
  trees: boolean;
}

/** Tried inside the training folds: linear and splined logistic regressions across penalties, and the splined one with trees. */
export const FORECAST_CANDIDATES: readonly ForecastCandidate[] = [
  { lambda: 0.1, splineKnots: 0, trees: false },
  { lambda: 1, splineKnots: 0, trees: false },
  { lambda: 10, splineKnots: 0, trees: false },
  { lambda: 100, splineKnots: 0, trees: false },
  { lambda: 1, splineKnots: 4, trees: false },
  { lambda: 10, splineKnots: 4, trees: false },
  { lambda: 10, splineKnots: 4, trees: true },
];

/** Options of {@link trainChurnForecast}. */
export interface ChurnForecastOptions {
  /** Horizon of the labels, days. Default 90. */
  horizonDays?: number;
  /** Distinct churned accounts needed in the snapshots. Default 30. */
  minEvents?: number;
  /** Fewest distinct churned accounts in the validation cut-offs. Default 5. */
  minValidationEvents?: number;
  /** Seed of the tuning folds and calibration. Default 1. */
  seed?: number;
  /** Candidates to tune over. Default {@link FORECAST_CANDIDATES}. */
  candidates?: readonly ForecastCandidate[];
  /** Folds (grouped by account) inside the training snapshots. Default 3. */
  tuningFolds?: number;
  /**
   * Snapshots beyond this are thinned by keeping a seeded random sample of accounts (all their
   * snapshots, so the base rate holds): 10,000 accounts x 24 cut-offs would otherwise cost minutes
   * per training. Default 20,000.
   */
  maxRows?: number;
}

/** Result of {@link trainChurnForecast}. */
export type ChurnForecastResult =
  | { status: 'trained'; model: ChurnModel; validation: ChurnValidation }
  | { status: 'too-few-events'; events: number; minEvents: number; reason: string }
  | { status: 'no-validation'; events: number; reason: string };

const distinctEvents = (rows: readonly ChurnSnapshot[]) =>
  new Set(rows.filter((r) => r.label === 1).map((r) => r.accountId)).size;

const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

/** AUC, Brier and calibration of probabilities `p` against `y`. */
export function forecastMetrics(p: readonly number[], y: readonly number[]): ForecastMetrics {
  const events = y.reduce((a, b) => a + b, 0);
  const both = events > 0 && events < y.length;
  const cal = calibrationMetrics(p, y);
  return {
    auc: both ? rocAuc(p, y) : null,
    brier: brierScore(p, y),
    calibrationSlope: finiteOrNull(cal.slope),
    calibrationIntercept: finiteOrNull(cal.intercept),
    ece: cal.ece,
  };
}

function fit(
  rows: readonly Pick<ChurnSnapshot, 'features' | 'label'>[],
  columns: readonly ColumnSpec[],
  c: ForecastCandidate,
  o: { seed: number; horizonDays: number; calibrate: boolean; label?: { column: string; positive: string } },
) {
  return trainChurnModel(
    { rows: rows.map((r) => r.features), labels: rows.map((r) => r.label), columns },
    {
      ...(o.label ? { label: o.label } : {}),
      seed: o.seed,
      lambda: c.lambda,
      splineKnots: c.splineKnots,
      boosting: c.trees ? {} : false,
      calibration: o.calibrate ? 'platt' : 'none',
      horizonDays: o.horizonDays,
    },
  );
}

/** Held-out log loss of a candidate over folds that keep each account's snapshots together. */
function tuningLoss(
  rows: readonly Pick<ChurnSnapshot, 'features' | 'label' | 'accountId'>[],
  columns: readonly ColumnSpec[],
  c: ForecastCandidate,
  folds: number,
  seed: number,
  horizonDays: number,
): number {
  const accounts = [...new Set(rows.map((r) => r.accountId))].sort();
  const random = seededRandom(seed);
  for (let i = accounts.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [accounts[i], accounts[j]] = [accounts[j] as string, accounts[i] as string];
  }
  const foldOf = new Map(accounts.map((a, i) => [a, i % folds]));
  let loss = 0;
  let n = 0;
  for (let f = 0; f < folds; f++) {
    const train = rows.filter((r) => foldOf.get(r.accountId) !== f);
    const test = rows.filter((r) => foldOf.get(r.accountId) === f);
    const events = train.filter((r) => r.label === 1).length;
    if (test.length === 0 || events === 0 || events === train.length) continue;
    const m = fit(train, columns, c, { seed, horizonDays, calibrate: false });
    const p = predictChurn(
      m,
      test.map((r) => r.features),
      { topDrivers: 0 },
    ).map((x) => x.probability);
    loss +=
      logLoss(
        p,
        test.map((r) => r.label),
      ) * test.length;
    n += test.length;
  }
  return n > 0 ? loss / n : Number.POSITIVE_INFINITY;
}

/**
 * Chooses the penalty and model family by held-out log loss over folds that keep each account's
 * rows together (each row is its own group in a one-row-per-account table), then trains the
 * chosen pipeline, Platt-calibrated, on all the rows. What `trainChurnForecast` does on its
 * training snapshots; usable on any account table (the Telco benchmark).
 */
export function tuneChurnModel(
  rows: readonly Pick<ChurnSnapshot, 'features' | 'label' | 'accountId'>[],
  columns: readonly ColumnSpec[],
  options: Pick<ChurnForecastOptions, 'seed' | 'horizonDays' | 'candidates' | 'tuningFolds'> & {
    /** The label column and value recorded in the model (what `cxkit churn train` read). */
    label?: { column: string; positive: string };
  } = {},
): { model: ChurnModel; chosen: ForecastCandidate; losses: number[] } {
  const seed = options.seed ?? 1;
  const horizonDays = options.horizonDays ?? 90;
  const candidates = options.candidates ?? FORECAST_CANDIDATES;
  const folds = options.tuningFolds ?? 3;
  let best = candidates[0] as ForecastCandidate;
  let bestLoss = Number.POSITIVE_INFINITY;
  const losses = candidates.map((c) => {
    const loss = tuningLoss(rows, columns, c, folds, seed, horizonDays);
    if (loss < bestLoss) {
      bestLoss = loss;
      best = c;
    }
    return loss;
  });
  const label = options.label ? { label: options.label } : {};
  return {
    model: fit(rows, columns, best, { seed, horizonDays, calibrate: true, ...label }),
    chosen: best,
    losses,
  };
}

/**
 * Trains a tenant's churn forecast from point-in-time snapshots and validates it over time:
 *
 * 1. at least `minEvents` distinct accounts must churn within the snapshots' horizons;
 * 2. the latest cut-offs holding at least `minValidationEvents` churned accounts (and a quarter of
 *    them) are held out; training keeps only the snapshots whose horizon ended by the first
 *    validation cut-off, so no training label peeks into the validation period;
 * 3. the penalty and the model family (linear, splines, splines + trees) are chosen by held-out log
 *    loss over folds of the training snapshots that keep each account's snapshots together;
 * 4. the chosen pipeline (Platt-calibrated) is trained on the training snapshots and scored on the
 *    validation ones (AUC, Brier, calibration) next to the health-based prior (a snapshot without a
 *    prior gets the training base rate); `beatsPrior` when its Brier score is lower and its AUC at
 *    least as high;
 * 5. the returned model is refitted on every snapshot with the same choice and carries the validation.
 * @throws CxError `trainChurnForecast/invalid-input` on a snapshot without a 0/1 label or a bad cut-off.
 */
export function trainChurnForecast(
  allSnapshots: readonly ChurnSnapshot[],
  columns: readonly ColumnSpec[],
  options: ChurnForecastOptions = {},
): ChurnForecastResult {
  const horizonDays = options.horizonDays ?? 90;
  const minEvents = options.minEvents ?? 30;
  const seed = options.seed ?? 1;
  let snapshots = allSnapshots;
  for (const [i, s] of snapshots.entries())
    if ((s.label !== 0 && s.label !== 1) || !Number.isFinite(Date.parse(s.cutoff)))
      throw new CxError(
        'trainChurnForecast/invalid-input',
        `snapshot ${i}: needs a 0/1 label and an ISO cut-off`,
      );
  const maxRows = options.maxRows ?? 20_000;
  if (snapshots.length > maxRows) {
    const accounts = [...new Set(snapshots.map((s) => s.accountId))].sort();
    const random = seededRandom(seed + 7);
    const keep = new Set(accounts.filter(() => random() < maxRows / snapshots.length));
    snapshots = snapshots.filter((s) => keep.has(s.accountId));
  }
  const events = distinctEvents(snapshots);
  if (events < minEvents)
    return {
      status: 'too-few-events',
      events,
      minEvents,
      reason: `${events} accounts churned within ${horizonDays} days of a cut-off (fewer than ${minEvents})`,
    };
  const cutoffs = [...new Set(snapshots.map((s) => s.cutoff))].sort();
  const minValidation = Math.max(options.minValidationEvents ?? 5, Math.ceil(events / 4));
  let split: { train: ChurnSnapshot[]; validation: ChurnSnapshot[] } | null = null;
  for (let k = cutoffs.length - 1; k > 0; k--) {
    const start = cutoffs[k] as string;
    const validation = snapshots.filter((s) => s.cutoff >= start);
    if (distinctEvents(validation) < minValidation) continue;
    const limit = Date.parse(start) - horizonDays * DAY;
    const train = snapshots.filter((s) => Date.parse(s.cutoff) <= limit);
    const trainEvents = train.filter((s) => s.label === 1).length;
    if (trainEvents >= 10 && trainEvents < train.length) split = { train, validation };
    break;
  }
  if (!split)
    return {
      status: 'no-validation',
      events,
      reason: `the history cannot be split in time with ${minValidation} churned accounts to validate on and 10 to train on`,
    };
  const { model: held, chosen: best } = tuneChurnModel(split.train, columns, {
    seed,
    horizonDays,
    ...(options.candidates ? { candidates: options.candidates } : {}),
    ...(options.tuningFolds ? { tuningFolds: options.tuningFolds } : {}),
  });
  const y = split.validation.map((s) => s.label as number);
  const p = predictChurn(
    held,
    split.validation.map((s) => s.features),
    { topDrivers: 0 },
  ).map((x) => x.probability);
  const baseRate = split.train.filter((s) => s.label === 1).length / split.train.length;
  const prior = split.validation.map((s) => s.prior ?? baseRate);
  const model = forecastMetrics(p, y);
  const priorMetrics = forecastMetrics(prior, y);
  const beatsPrior =
    model.brier < priorMetrics.brier && (model.auc ?? 0) >= (priorMetrics.auc ?? Number.POSITIVE_INFINITY);
  const span = (rows: ChurnSnapshot[]) => {
    const c = rows.map((r) => r.cutoff).sort();
    return {
      from: c[0] as string,
      to: c[c.length - 1] as string,
      rows: rows.length,
      events: rows.filter((r) => r.label === 1).length,
    };
  };
  const validation: ChurnValidation = {
    method: 'time-split',
    horizonDays,
    train: span(split.train),
    validation: span(split.validation),
    model,
    prior: priorMetrics,
    beatsPrior,
    chosen: { lambda: best.lambda, splineKnots: best.splineKnots, trees: best.trees },
  };
  const final = fit(snapshots, columns, best, { seed, horizonDays, calibrate: true });
  return { status: 'trained', model: { ...final, validation }, validation };
}
