import { z } from 'zod';
import { CalibrationSchema, calibratedLogit, fitPlattScaling, type Calibration } from './calibration.js';
import {
  BoostedTreeSchema,
  boostedAttributions,
  fitBoostedTrees,
  type BoostingOptions,
} from './churn-gradient-boosting.js';
import { ChurnValidationSchema } from './churn-validation.js';
import { stratifiedFolds } from './cross-validation.js';
import { CxError } from './cx-error.js';
import {
  ColumnTypeSchema,
  FeatureEncoderSchema,
  encodeRows,
  featureColumns,
  fitAndEncodeRows,
  isBlank,
  levelOf,
  toNumber,
  type ColumnSpec,
  type FeatureEncoder,
  type FeatureRow,
} from './feature-encoder.js';
import { fitLogisticRegression, linearPredictor, sigmoid, type DesignMatrix } from './logistic-regression.js';

/** Format tag of a serialised churn model. */
export const CHURN_MODEL_FORMAT = 'cxkit-churn-model';
/** Current churn model format version; {@link parseChurnModel} rejects others. */
export const CHURN_MODEL_VERSION = 1;

/** A trained churn model as plain JSON (store it, send it, load it with {@link parseChurnModel}). */
export const ChurnModelSchema = z.strictObject({
  format: z.literal(CHURN_MODEL_FORMAT),
  version: z.literal(CHURN_MODEL_VERSION),
  /** The churn horizon the labels were built with ("churned within N days"). */
  horizonDays: z.int().min(1),
  /** Where the label came from, for the record (e.g. `{ column: 'Churn', positive: 'Yes' }`). */
  label: z.strictObject({ column: z.string(), positive: z.string() }).optional(),
  training: z.strictObject({
    rows: z.int().min(1),
    /** Churn events (positive labels) the model learned from. */
    events: z.int().min(0),
    seed: z.int(),
    lambda: z.number().min(0),
    columns: z.array(z.strictObject({ name: z.string(), type: ColumnTypeSchema })),
  }),
  encoder: FeatureEncoderSchema,
  /** Logistic regression on the standardised design. */
  intercept: z.number(),
  coefficients: z.array(z.number()),
  /** Boosted trees fitted on the logistic regression's residual log-odds (may be empty). */
  trees: z.array(BoostedTreeSchema),
  calibration: CalibrationSchema,
  /** Time-split validation on the tenant's history (`trainChurnForecast`); absent for models trained otherwise. */
  validation: ChurnValidationSchema.optional(),
});

/** A trained churn model. */
export type ChurnModel = z.infer<typeof ChurnModelSchema>;

/** Training data: raw rows, their 0/1 churn labels, and the columns to use with their types. */
export interface ChurnTrainingData {
  /** One raw feature row per account. */
  rows: readonly FeatureRow[];
  /** 1 = churned within the horizon, 0 = stayed; one per row. */
  labels: ArrayLike<number>;
  /** Feature columns and their types (see `inferColumnTypes`). */
  columns: readonly ColumnSpec[];
}

/** Options of {@link trainChurnModel}. */
export interface ChurnTrainingOptions {
  /** Seed of the calibration folds. Default 1. */
  seed?: number;
  /** L2 penalty of the logistic regression on standardised features. Default 0.01. */
  lambda?: number;
  /** Restricted cubic spline knots for numeric columns (0 = linear only). Default 4. */
  splineKnots?: number;
  /** Rare categorical levels below this count are pooled. Default 10. */
  minLevelCount?: number;
  /** Boosted trees on top of the logistic regression, or false for a plain (splined) logistic regression. */
  boosting?: BoostingOptions | false;
  /** 'platt' (cross-fitted inside the training data) or 'none'. Default 'platt'. */
  calibration?: 'platt' | 'none';
  /** Folds used to cross-fit the calibration. Default 3. */
  calibrationFolds?: number;
  /** Churn horizon in days recorded in the model. Default 90. */
  horizonDays?: number;
  /** Label provenance recorded in the model. */
  label?: { column: string; positive: string };
}

/** Trees used when `boosting` is not given: shallow, shrunk, few, so they only add interactions the linear model misses. */
export const DEFAULT_BOOSTING: Readonly<Required<Omit<BoostingOptions, 'features' | 'maxRows'>>> = {
  trees: 50,
  depth: 2,
  learningRate: 0.05,
  minLeafHessian: 20,
  leafLambda: 1,
  bins: 32,
};

interface Pipeline {
  encoder: FeatureEncoder;
  intercept: number;
  coefficients: Float64Array;
  trees: ChurnModel['trees'];
}

function checkData(data: ChurnTrainingData): number {
  const { rows, labels } = data;
  if (rows.length !== labels.length)
    throw new CxError('trainChurnModel/length-mismatch', `${rows.length} rows but ${labels.length} labels`);
  let events = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (y !== 0 && y !== 1)
      throw new CxError(
        'trainChurnModel/invalid-label',
        `label of row ${i} is ${String(y)}, expected 0 or 1`,
      );
    events += y;
  }
  if (events === 0 || events === labels.length)
    throw new CxError(
      'trainChurnModel/one-class',
      `needs churned and retained accounts, got ${events} churned of ${labels.length}`,
    );
  if (data.columns.length === 0)
    throw new CxError('trainChurnModel/no-columns', 'needs at least one feature column');
  return events;
}

function fitPipeline(
  rows: readonly FeatureRow[],
  labels: ArrayLike<number>,
  columns: readonly ColumnSpec[],
  o: ChurnTrainingOptions,
): Pipeline {
  const { encoder, x } = fitAndEncodeRows(rows, columns, {
    splineKnots: o.splineKnots ?? 4,
    minLevelCount: o.minLevelCount ?? 10,
  });
  const fit = fitLogisticRegression(x, labels, { lambda: o.lambda ?? 0.01 });
  const trees =
    o.boosting === false
      ? []
      : fitBoostedTrees(x, labels, linearPredictor(x, fit), {
          ...DEFAULT_BOOSTING,
          // spline terms are monotone-ish transforms of their column, which trees split on already
          features: encoder.features.flatMap((f, j) => (f.kind === 'spline' ? [] : [j])),
          ...o.boosting,
        });
  return { encoder, intercept: fit.intercept, coefficients: fit.coefficients, trees };
}

function rawScores(p: Pipeline, x: DesignMatrix): Float64Array {
  const out = linearPredictor(x, p);
  const scratch = new Float64Array(x.cols);
  for (let i = 0; i < x.rows; i++) {
    scratch.fill(0);
    let s = boostedAttributions(p.trees, x.data, i * x.cols, scratch);
    for (const v of scratch) s += v;
    out[i] = (out[i] as number) + s;
  }
  return out;
}

function pick<T>(items: readonly T[], idx: readonly number[]): T[] {
  return idx.map((i) => items[i] as T);
}

/**
 * Trains a churn model on a tenant's own history: one-hot encoding, median imputation with
 * missing indicators, restricted cubic splines for numeric columns, standardisation, an
 * L2-regularised logistic regression, shallow boosted trees on its residual log-odds, and Platt
 * calibration cross-fitted inside the training data (each calibration score comes from a
 * pipeline that did not see that row). Every transformation is learned from `data` only.
 * Deterministic for a given seed.
 * @throws CxError `trainChurnModel/*` on mismatched lengths, non 0/1 labels, a single class, no columns
 *   or an invalid horizon or seed.
 */
export function trainChurnModel(data: ChurnTrainingData, options: ChurnTrainingOptions = {}): ChurnModel {
  const events = checkData(data);
  const seed = options.seed ?? 1;
  const horizonDays = options.horizonDays ?? 90;
  if (!Number.isInteger(horizonDays) || horizonDays < 1)
    throw new CxError(
      'trainChurnModel/invalid-option',
      `horizonDays must be an integer >= 1, got ${horizonDays}`,
    );
  if (!Number.isInteger(seed))
    throw new CxError('trainChurnModel/invalid-option', `seed must be an integer, got ${seed}`);
  const { rows, labels, columns } = data;
  let calibration: Calibration = { method: 'none' };
  if ((options.calibration ?? 'platt') === 'platt') {
    const k = Math.min(options.calibrationFolds ?? 3, events, rows.length - events);
    if (k >= 2) {
      const fold = stratifiedFolds(labels, k, seed);
      const oof = new Float64Array(rows.length);
      for (let f = 0; f < k; f++) {
        const trainIdx: number[] = [];
        const testIdx: number[] = [];
        for (let i = 0; i < rows.length; i++) (fold[i] === f ? testIdx : trainIdx).push(i);
        const p = fitPipeline(pick(rows, trainIdx), pick(Array.from(labels), trainIdx), columns, options);
        const s = rawScores(p, encodeRows(p.encoder, pick(rows, testIdx)));
        testIdx.forEach((i, t) => (oof[i] = s[t] as number));
      }
      calibration = fitPlattScaling(oof, labels);
    }
  }
  const p = fitPipeline(rows, labels, columns, options);
  const model: ChurnModel = {
    format: CHURN_MODEL_FORMAT,
    version: CHURN_MODEL_VERSION,
    horizonDays,
    training: {
      rows: rows.length,
      events,
      seed,
      lambda: options.lambda ?? 0.01,
      columns: columns.map((c) => ({ name: c.name, type: c.type })),
    },
    encoder: p.encoder,
    intercept: p.intercept,
    coefficients: Array.from(p.coefficients),
    trees: p.trees,
    calibration,
  };
  if (options.label) model.label = { ...options.label };
  return model;
}

/**
 * Validates untrusted JSON as a churn model (format, version, shapes, coefficient count).
 * @throws CxError `parseChurnModel/invalid` naming the first bad field, `parseChurnModel/unsupported-version` for other versions.
 */
export function parseChurnModel(json: unknown): ChurnModel {
  if (typeof json === 'object' && json !== null && 'version' in json && json.version !== CHURN_MODEL_VERSION)
    throw new CxError(
      'parseChurnModel/unsupported-version',
      `model version ${String(json.version)} is not supported (expected ${CHURN_MODEL_VERSION}); retrain the model`,
    );
  const r = ChurnModelSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new CxError(
      'parseChurnModel/invalid',
      `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid model'}`,
      { issues: r.error.issues },
    );
  }
  const m = r.data;
  const p = m.encoder.features.length;
  if (m.coefficients.length !== p)
    throw new CxError(
      'parseChurnModel/invalid',
      `coefficients: ${m.coefficients.length} values for ${p} features`,
    );
  m.encoder.features.forEach((f, i) => {
    if (f.kind === 'interaction' && (f.a >= i || f.b >= i))
      throw new CxError(
        'parseChurnModel/invalid',
        `encoder.features.${i}: an interaction must refer to earlier features`,
      );
  });
  for (const [t, tree] of m.trees.entries())
    for (const [node, f] of tree.feature.entries())
      if (f >= p || (f >= 0 && ((tree.left[node] ?? -1) <= node || (tree.right[node] ?? -1) <= node)))
        throw new CxError(
          'parseChurnModel/invalid',
          `trees.${t}: node ${node} refers to a missing feature or child`,
        );
  return m;
}

/** A signed contribution of one input column to an account's churn log-odds, in plain words. */
export interface ChurnDriver {
  /** The input column. */
  feature: string;
  /** Contribution to the calibrated log-odds relative to an average account; positive raises the risk. */
  contribution: number;
  /** E.g. "Contract = Month-to-month raises risk (+0.82)". */
  text: string;
}

/** One account's churn prediction. */
export interface ChurnPrediction {
  /** Calibrated probability of churning within the model's horizon. */
  probability: number;
  /** Calibrated log-odds: baseline + the sum of all column contributions. */
  logit: number;
  /** Calibrated log-odds of an average account (all features at their training means). */
  baseline: number;
  /** The largest contributions by absolute size, largest first. */
  drivers: ChurnDriver[];
}

/** Options of {@link predictChurn}. */
export interface ChurnPredictOptions {
  /** How many drivers to return per account. Default 3. */
  topDrivers?: number;
  /** Display names of columns in the drivers' text (e.g. `health_nps` → "Account NPS score"); the column name otherwise. */
  columnLabels?: Readonly<Record<string, string>>;
}

// Drivers are read at a glance: three significant digits, whole numbers from 100 up.
function formatNumber(v: number): string {
  if (Number.isInteger(v) || Math.abs(v) >= 100) return String(Math.round(v));
  return String(Number(v.toPrecision(3)));
}

function signed(v: number): string {
  return `${v >= 0 ? '+' : '\u2212'}${Math.abs(v).toFixed(2)}`;
}

/** Plain-words description of a column's value and its effect. */
function driverText(
  model: ChurnModel,
  column: string,
  row: FeatureRow,
  contribution: number,
  label: string,
): string {
  const col = model.encoder.columns.find((c) => c.name === column);
  const effect = `${contribution >= 0 ? 'raises' : 'lowers'} risk (${signed(contribution)})`;
  const raw = row[column];
  if (!col || isBlank(raw)) return `${label} unknown ${effect}`;
  if (col.type === 'categorical') {
    const level = levelOf(col, raw);
    const shown = level === null || level === '(other)' ? `${String(raw).trim()} (rare)` : level;
    return `${label} = ${shown} ${effect}`;
  }
  const v = toNumber(raw);
  if (v === null) return `${label} unreadable "${String(raw)}" ${effect}`;
  const [q1, , q3] = col.quartiles;
  const where = v < q1 ? ' (low)' : v > q3 ? ' (high)' : '';
  return `${label} ${formatNumber(v)}${where} ${effect}`;
}

/**
 * Scores accounts with a trained model: calibrated churn probability and the top drivers, each
 * column's signed contribution to the calibrated log-odds relative to an average account
 * (coefficient x standardised value, plus the trees' path attributions; an interaction is shared
 * equally by its two columns). Contributions plus the baseline sum to the account's log-odds.
 * @example predictChurn(model, [{ Contract: 'Month-to-month', tenure: 2 }])[0].drivers[0].text // "Contract = Month-to-month raises risk (+0.82)"
 */
export function predictChurn(
  model: ChurnModel,
  rows: readonly FeatureRow[],
  options: ChurnPredictOptions = {},
): ChurnPrediction[] {
  const top = options.topDrivers ?? 3;
  const x = encodeRows(model.encoder, rows);
  const p = x.cols;
  const columnNames = model.encoder.columns.map((c) => c.name);
  const columnIndex = new Map(columnNames.map((n, i) => [n, i]));
  // each design feature's share of each column, precomputed once
  const owners = model.encoder.features.map((_, j) =>
    featureColumns(model.encoder, j).map((c) => columnIndex.get(c) ?? 0),
  );
  const slope = model.calibration.method === 'platt' ? model.calibration.slope : 1;
  const perFeature = new Float64Array(p);
  const perColumn = new Float64Array(columnNames.length);
  return rows.map((row, i) => {
    perFeature.fill(0);
    const treeBase = boostedAttributions(model.trees, x.data, i * p, perFeature);
    for (let j = 0; j < p; j++)
      perFeature[j] =
        (perFeature[j] as number) + (model.coefficients[j] as number) * (x.data[i * p + j] as number);
    perColumn.fill(0);
    let rawSum = 0;
    for (let j = 0; j < p; j++) {
      const share = (perFeature[j] as number) / (owners[j] as number[]).length;
      for (const c of owners[j] as number[]) perColumn[c] = (perColumn[c] as number) + share;
      rawSum += perFeature[j] as number;
    }
    const baseline = calibratedLogit(model.calibration, model.intercept + treeBase);
    const logit = calibratedLogit(model.calibration, model.intercept + treeBase + rawSum);
    const order = Array.from(perColumn.keys())
      .filter((c) => slope * (perColumn[c] as number) !== 0)
      .sort((a, b) => Math.abs(perColumn[b] as number) - Math.abs(perColumn[a] as number) || a - b)
      .slice(0, top);
    const drivers = order.map((c) => {
      const contribution = slope * (perColumn[c] as number);
      const feature = columnNames[c] as string;
      const label = options.columnLabels?.[feature] ?? feature;
      return { feature, contribution, text: driverText(model, feature, row, contribution, label) };
    });
    return { probability: sigmoid(logit), logit, baseline, drivers };
  });
}
