import { brierScore } from './brier-score.js';
import { calibrationMetrics } from './calibration-metrics.js';
import { classificationAccuracy } from './classification-accuracy.js';
import { stratifiedFolds } from './cross-validation.js';
import { logLoss } from './log-loss.js';
import { rocAuc } from './roc-auc.js';
import { tuneChurnModel } from './churn-forecast.js';
import {
  predictChurn,
  trainChurnModel,
  type ChurnTrainingData,
  type ChurnTrainingOptions,
} from './churn-model.js';

/** Mean and sample standard deviation (n - 1) of a metric over folds. */
export interface FoldStat {
  /** Mean over folds. */
  mean: number;
  /** Sample standard deviation over folds (0 with one fold). */
  sd: number;
}

/** One fold's held-out metrics. */
export interface FoldMetrics {
  /** Held-out rows. */
  rows: number;
  /** Held-out churn events. */
  events: number;
  /** ROC AUC. */
  auc: number;
  /** Brier score. */
  brier: number;
  /** Log loss (natural log). */
  logLoss: number;
  /** Accuracy at probability 0.5. */
  accuracy: number;
  /** Calibration slope (1 is ideal; see `calibrationMetrics`). */
  calibrationSlope: number;
  /** Calibration in the large (0 is ideal). */
  calibrationIntercept: number;
  /** Expected calibration error over 10 equal-width bins. */
  ece: number;
}

/** Result of {@link evaluateChurnModel}. */
export interface ChurnEvaluation {
  /** Number of folds. */
  folds: number;
  /** ROC AUC over folds. */
  auc: FoldStat;
  /** Brier score over folds. */
  brier: FoldStat;
  /** Log loss over folds. */
  logLoss: FoldStat;
  /** Accuracy over folds. */
  accuracy: FoldStat;
  /** Calibration of the held-out probabilities over folds: slope, intercept (in the large) and ECE. */
  calibration: { slope: FoldStat; intercept: FoldStat; ece: FoldStat };
  /** Per-fold metrics, in fold order. */
  perFold: FoldMetrics[];
}

/** Options of {@link evaluateChurnModel}. */
export interface ChurnEvaluationOptions extends ChurnTrainingOptions {
  /** Number of stratified folds. Default 5. */
  folds?: number;
  /**
   * Tune the penalty and model family inside each training fold (`tuneChurnModel`, what the server
   * and `cxkit churn train` ship) instead of training the fixed options. Default false.
   */
  tuned?: boolean;
}

/** Mean and sample standard deviation. */
export function foldStat(values: readonly number[]): FoldStat {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const ss = values.reduce((a, b) => a + (b - mean) ** 2, 0);
  return { mean, sd: values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : 0 };
}

/**
 * Honest K-fold evaluation of the churn model: folds are stratified by label with the seed, and
 * the whole pipeline (encoding, scaling, splines, model, trees, calibration) is trained on the
 * other folds only, then scored on the held-out fold. Returns mean and sd over folds of ROC AUC,
 * Brier score, log loss, accuracy and calibration (slope, intercept in the large, ECE).
 * @throws CxError `stratifiedFolds/invalid-k` when a class has fewer rows than folds, and the errors of {@link trainChurnModel}.
 */
export function evaluateChurnModel(
  data: ChurnTrainingData,
  options: ChurnEvaluationOptions = {},
): ChurnEvaluation {
  const k = options.folds ?? 5;
  const seed = options.seed ?? 1;
  const labels = Array.from(data.labels);
  const fold = stratifiedFolds(labels, k, seed);
  const perFold: FoldMetrics[] = [];
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < labels.length; i++) (fold[i] === f ? test : train).push(i);
    const model = options.tuned
      ? tuneChurnModel(
          // one row per account: each row is its own group in the tuning folds
          train.map((i) => ({
            accountId: String(i),
            features: data.rows[i]!,
            label: labels[i] === 1 ? 1 : 0,
          })),
          data.columns,
          { seed: seed + 1 + f, ...(options.horizonDays ? { horizonDays: options.horizonDays } : {}) },
        ).model
      : trainChurnModel(
          {
            rows: train.map((i) => data.rows[i]!),
            labels: train.map((i) => labels[i]!),
            columns: data.columns,
          },
          { ...options, seed: seed + 1 + f },
        );
    const yTest = test.map((i) => labels[i]!);
    const p = predictChurn(
      model,
      test.map((i) => data.rows[i]!),
      { topDrivers: 0 },
    ).map((r) => r.probability);
    const cal = calibrationMetrics(p, yTest);
    perFold.push({
      rows: test.length,
      events: yTest.reduce((a, b) => a + b, 0),
      auc: rocAuc(p, yTest),
      brier: brierScore(p, yTest),
      logLoss: logLoss(p, yTest),
      accuracy: classificationAccuracy(p, yTest),
      calibrationSlope: cal.slope,
      calibrationIntercept: cal.intercept,
      ece: cal.ece,
    });
  }
  return {
    folds: k,
    auc: foldStat(perFold.map((m) => m.auc)),
    brier: foldStat(perFold.map((m) => m.brier)),
    logLoss: foldStat(perFold.map((m) => m.logLoss)),
    accuracy: foldStat(perFold.map((m) => m.accuracy)),
    calibration: {
      slope: foldStat(perFold.map((m) => m.calibrationSlope)),
      intercept: foldStat(perFold.map((m) => m.calibrationIntercept)),
      ece: foldStat(perFold.map((m) => m.ece)),
    },
    perFold,
  };
}
