import { z } from 'zod';
import { CxError } from './cx-error.js';
import type { DesignMatrix } from './logistic-regression.js';

/** A raw cell of an account's feature row: blanks are `null`, `undefined`, `''` or NaN. */
export type FeatureValue = number | string | boolean | null | undefined;

/** One account's raw features, keyed by column name. */
export type FeatureRow = Readonly<Record<string, FeatureValue>>;

/** How a column is encoded. */
export const ColumnTypeSchema = z.enum(['numeric', 'categorical']);

/** A column type. */
export type ColumnType = z.infer<typeof ColumnTypeSchema>;

/** A column and its type. */
export interface ColumnSpec {
  /** Column name. */
  name: string;
  /** numeric (imputed, splined, standardised) or categorical (one-hot). */
  type: ColumnType;
}

/** Label of the one-hot level that collects blanks. */
export const BLANK_LEVEL = '(blank)';
/** Label of the one-hot level that collects rare and unseen values. */
export const OTHER_LEVEL = '(other)';

/** True for a blank cell: null, undefined, NaN, or a string of whitespace. */
export function isBlank(value: FeatureValue): boolean {
  return (
    value === null ||
    value === undefined ||
    (typeof value === 'number' && Number.isNaN(value)) ||
    (typeof value === 'string' && value.trim() === '')
  );
}

/** The number a cell holds, or null when blank or not numeric. */
export function toNumber(value: FeatureValue): number | null {
  if (isBlank(value)) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  const n = Number((value as string).trim());
  return Number.isFinite(n) ? n : null;
}

/** The category a cell holds (its trimmed string form), or {@link BLANK_LEVEL}. */
export function toCategory(value: FeatureValue): string {
  return isBlank(value) ? BLANK_LEVEL : String(value).trim();
}

/** Explicit type overrides for {@link inferColumnTypes}. */
export interface ColumnTypeOverrides {
  /** Columns forced numeric (a non-numeric cell then counts as blank). */
  numeric?: readonly string[];
  /** Columns forced categorical. */
  categorical?: readonly string[];
}

/**
 * Types each column from its cells: numeric when every non-blank cell is a number or a numeric
 * string (and at least one is present), categorical otherwise. Overrides win.
 * @throws CxError `inferColumnTypes/conflicting-override` when a column is forced both ways.
 * @example inferColumnTypes([{ a: '1.5', b: 'x' }], ['a', 'b']) // [{ name: 'a', type: 'numeric' }, { name: 'b', type: 'categorical' }]
 */
export function inferColumnTypes(
  rows: readonly FeatureRow[],
  columns: readonly string[],
  overrides: ColumnTypeOverrides = {},
): ColumnSpec[] {
  const forcedNumeric = new Set(overrides.numeric ?? []);
  const forcedCategorical = new Set(overrides.categorical ?? []);
  for (const c of forcedNumeric)
    if (forcedCategorical.has(c))
      throw new CxError(
        'inferColumnTypes/conflicting-override',
        `column "${c}" is forced both numeric and categorical`,
      );
  return columns.map((name) => {
    if (forcedNumeric.has(name)) return { name, type: 'numeric' };
    if (forcedCategorical.has(name)) return { name, type: 'categorical' };
    let seen = 0;
    for (const row of rows) {
      const v = row[name];
      if (isBlank(v)) continue;
      if (typeof v === 'boolean' || toNumber(v) === null) return { name, type: 'categorical' };
      seen++;
    }
    return { name, type: seen > 0 ? 'numeric' : 'categorical' };
  });
}

const NumericColumnSchema = z.strictObject({
  name: z.string(),
  type: z.literal('numeric'),
  /** Training median, imputed for blanks. */
  median: z.number(),
  /** Training quartiles, used to word drivers ("low", "high"). */
  quartiles: z.tuple([z.number(), z.number(), z.number()]),
  /** Restricted cubic spline knots (empty: linear only). */
  knots: z.array(z.number()),
  /** Blank cells seen in training (a missing indicator is a feature when > 0). */
  blanks: z.int().min(0),
});

const CategoricalColumnSchema = z.strictObject({
  name: z.string(),
  type: z.literal('categorical'),
  /** Levels kept as one-hot features, most frequent first. */
  levels: z.array(z.string()),
  /** Blank cells seen in training (they form the level "(blank)"). */
  blanks: z.int().min(0),
});

const FeatureKindSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('linear'), column: z.string() }),
  z.strictObject({ kind: z.literal('spline'), column: z.string(), term: z.int().min(0) }),
  z.strictObject({ kind: z.literal('missing'), column: z.string() }),
  z.strictObject({ kind: z.literal('level'), column: z.string(), level: z.string() }),
  /** Product of two earlier (standardised) features, by index. */
  z.strictObject({ kind: z.literal('interaction'), a: z.int().min(0), b: z.int().min(0) }),
]);

/** One design column: how it is derived from the row, and its training mean and standard deviation. */
export const FeatureSchema = z.intersection(
  FeatureKindSchema,
  z.object({ name: z.string(), mean: z.number(), sd: z.number().positive() }),
);

/** A design column. */
export type Feature = z.infer<typeof FeatureSchema>;

/** A fitted encoder: everything needed to turn raw rows into the standardised design, learned from training rows only. */
export const FeatureEncoderSchema = z.strictObject({
  columns: z.array(z.discriminatedUnion('type', [NumericColumnSchema, CategoricalColumnSchema])),
  features: z.array(FeatureSchema),
});

/** A fitted feature encoder (plain JSON). */
export type FeatureEncoder = z.infer<typeof FeatureEncoderSchema>;

/** Options of {@link fitFeatureEncoder}. */
export interface FeatureEncoderOptions {
  /** Knots of the restricted cubic spline added to numeric columns with enough distinct values (0 or 3-5). Default 4. */
  splineKnots?: number;
  /** Levels seen fewer times than this in training are pooled into "(other)". Default 10. */
  minLevelCount?: number;
}

/** Type-7 quantile of sorted values. */
function quantileSorted(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

const KNOT_QUANTILES: Readonly<Record<number, readonly number[]>> = {
  3: [0.1, 0.5, 0.9],
  4: [0.05, 0.35, 0.65, 0.95],
  5: [0.05, 0.275, 0.5, 0.725, 0.95],
};

/** Positive part cubed, (v)+^3. */
function cube(v: number): number {
  return v > 0 ? v * v * v : 0;
}

/** Nonlinear terms of a restricted cubic spline (Harrell's parameterisation, scaled by the knot span squared). */
function splineTerms(x: number, knots: readonly number[], out: number[]): void {
  const k = knots.length;
  const tk = knots[k - 1] as number;
  const tk1 = knots[k - 2] as number;
  const norm = (tk - (knots[0] as number)) ** 2;
  for (let j = 0; j < k - 2; j++) {
    const tj = knots[j] as number;
    out[j] =
      (cube(x - tj) - (cube(x - tk1) * (tk - tj)) / (tk - tk1) + (cube(x - tk) * (tk1 - tj)) / (tk - tk1)) /
      norm;
  }
}

/** The level a categorical cell maps to under a fitted column, or null when it maps to none (unseen, no pool). */
export function levelOf(column: { levels: readonly string[] }, value: FeatureValue): string | null {
  const c = toCategory(value);
  if (column.levels.includes(c)) return c;
  return column.levels.includes(OTHER_LEVEL) ? OTHER_LEVEL : null;
}

/** An encoder compiled for fast row encoding: per column, the design indices it feeds. */
interface EncodingPlan {
  numeric: {
    name: string;
    median: number;
    knots: readonly number[];
    linear: number;
    spline: number[];
    missing: number;
  }[];
  categorical: {
    name: string;
    levels: ReadonlySet<string>;
    feature: ReadonlyMap<string, number>;
    other: number;
  }[];
  mean: Float64Array;
  sd: Float64Array;
  /** Per feature: -1, or the index of its interaction in `pairs`. */
  interaction: Int32Array;
  pairs: [number, number][];
}

function compile(encoder: FeatureEncoder): EncodingPlan {
  const p = encoder.features.length;
  const plan: EncodingPlan = {
    numeric: [],
    categorical: [],
    mean: new Float64Array(p),
    sd: new Float64Array(p),
    interaction: new Int32Array(p).fill(-1),
    pairs: [],
  };
  const numeric = new Map<string, EncodingPlan['numeric'][number]>();
  const categorical = new Map<string, { feature: Map<string, number>; other: number }>();
  for (const col of encoder.columns) {
    if (col.type === 'numeric') {
      const entry = {
        name: col.name,
        median: col.median,
        knots: col.knots,
        linear: -1,
        spline: new Array<number>(Math.max(0, col.knots.length - 2)).fill(-1),
        missing: -1,
      };
      numeric.set(col.name, entry);
      plan.numeric.push(entry);
    } else {
      const entry = {
        name: col.name,
        levels: new Set(col.levels),
        feature: new Map<string, number>(),
        other: -1,
      };
      categorical.set(col.name, entry);
      plan.categorical.push(entry);
    }
  }
  encoder.features.forEach((f, i) => {
    plan.mean[i] = f.mean;
    plan.sd[i] = f.sd;
    switch (f.kind) {
      case 'linear':
        numeric.get(f.column)!.linear = i;
        break;
      case 'spline':
        numeric.get(f.column)!.spline[f.term] = i;
        break;
      case 'missing':
        numeric.get(f.column)!.missing = i;
        break;
      case 'level': {
        const c = categorical.get(f.column)!;
        c.feature.set(f.level, i);
        if (f.level === OTHER_LEVEL) c.other = i;
        break;
      }
      case 'interaction':
        plan.interaction[i] = plan.pairs.length;
        plan.pairs.push([f.a, f.b]);
        break;
    }
  });
  return plan;
}

/**
 * Turns rows into the standardised design matrix of a fitted encoder: blanks imputed with the
 * training median (plus a missing indicator), categories one-hot, splines and interactions
 * added, then every column centred and scaled by the training mean and standard deviation.
 */
export function encodeRows(encoder: FeatureEncoder, rows: readonly FeatureRow[]): DesignMatrix {
  const plan = compile(encoder);
  const p = encoder.features.length;
  const data = new Float64Array(rows.length * p);
  const scratch: number[] = [];
  const { mean, sd, interaction, pairs } = plan;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as FeatureRow;
    const o = r * p;
    // unstandardised values first (the array starts at 0: absent levels stay 0)
    for (const c of plan.numeric) {
      const v = toNumber(row[c.name]);
      const x = v ?? c.median;
      if (c.linear >= 0) data[o + c.linear] = x;
      if (c.spline.length > 0) {
        splineTerms(x, c.knots, scratch);
        for (let t = 0; t < c.spline.length; t++) {
          const fi = c.spline[t] as number;
          if (fi >= 0) data[o + fi] = scratch[t] as number;
        }
      }
      if (c.missing >= 0 && v === null) data[o + c.missing] = 1;
    }
    for (const c of plan.categorical) {
      const level = toCategory(row[c.name]);
      const fi = c.levels.has(level) ? (c.feature.get(level) ?? -1) : c.other;
      if (fi >= 0) data[o + fi] = 1;
    }
    for (let i = 0; i < p; i++) {
      const k = interaction[i] as number;
      const raw =
        k < 0
          ? (data[o + i] as number)
          : (data[o + (pairs[k] as [number, number])[0]] as number) *
            (data[o + (pairs[k] as [number, number])[1]] as number);
      data[o + i] = (raw - (mean[i] as number)) / (sd[i] as number);
    }
  }
  return { rows: rows.length, cols: p, data };
}

type FeatureKind = z.infer<typeof FeatureKindSchema>;

/** Mean and standard deviation of one design column before standardisation; sd 0 means constant. */
function moments(values: Float64Array): { mean: number; sd: number } {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return { mean, sd: Math.sqrt(ss / values.length) };
}

/** A readable name for a design column. */
function featureName(kind: FeatureKind, features: readonly Feature[]): string {
  switch (kind.kind) {
    case 'linear':
      return kind.column;
    case 'spline':
      return `${kind.column}~spline${kind.term + 1}`;
    case 'missing':
      return `${kind.column} blank`;
    case 'level':
      return `${kind.column}=${kind.level}`;
    case 'interaction':
      return `${features[kind.a]?.name ?? '?'} x ${features[kind.b]?.name ?? '?'}`;
  }
}

/**
 * Learns an encoder from training rows only (medians, quartiles, spline knots, kept levels, means
 * and standard deviations), so applying it to held-out rows leaks nothing from them.
 * Constant columns are dropped.
 * @throws CxError `fitFeatureEncoder/no-rows` on an empty training set, `fitFeatureEncoder/invalid-option` on bad options.
 */
export function fitFeatureEncoder(
  rows: readonly FeatureRow[],
  columns: readonly ColumnSpec[],
  options: FeatureEncoderOptions = {},
): FeatureEncoder {
  return fitAndEncodeRows(rows, columns, options).encoder;
}

/**
 * {@link fitFeatureEncoder} plus the training rows' standardised design, computed in the same
 * pass (what `encodeRows(encoder, rows)` returns, without encoding the rows twice).
 */
export function fitAndEncodeRows(
  rows: readonly FeatureRow[],
  columns: readonly ColumnSpec[],
  options: FeatureEncoderOptions = {},
): { encoder: FeatureEncoder; x: DesignMatrix } {
  if (rows.length === 0) throw new CxError('fitFeatureEncoder/no-rows', 'needs at least one training row');
  const splineKnots = options.splineKnots ?? 4;
  const minLevelCount = options.minLevelCount ?? 10;
  if (splineKnots !== 0 && !(splineKnots >= 3 && splineKnots <= 5 && Number.isInteger(splineKnots)))
    throw new CxError(
      'fitFeatureEncoder/invalid-option',
      `splineKnots must be 0, 3, 4 or 5, got ${splineKnots}`,
    );
  const encoder: FeatureEncoder = { columns: [], features: [] };
  const kinds: FeatureKind[] = [];
  for (const spec of columns) {
    if (spec.type === 'numeric') {
      const values: number[] = [];
      for (const row of rows) {
        const v = toNumber(row[spec.name]);
        if (v !== null) values.push(v);
      }
      if (values.length === 0) continue;
      values.sort((a, b) => a - b);
      let distinct = values.length > 0 ? 1 : 0;
      for (let i = 1; i < values.length; i++) if (values[i] !== values[i - 1]) distinct++;
      let knots: number[] = [];
      if (splineKnots > 0 && distinct >= 2 * splineKnots) {
        knots = [...new Set((KNOT_QUANTILES[splineKnots] ?? []).map((q) => quantileSorted(values, q)))];
        if (knots.length < 3) knots = [];
      }
      const col = {
        name: spec.name,
        type: 'numeric' as const,
        median: quantileSorted(values, 0.5),
        quartiles: [
          quantileSorted(values, 0.25),
          quantileSorted(values, 0.5),
          quantileSorted(values, 0.75),
        ] as [number, number, number],
        knots,
        blanks: rows.length - values.length,
      };
      encoder.columns.push(col);
      kinds.push({ kind: 'linear', column: spec.name });
      for (let t = 0; t < knots.length - 2; t++) kinds.push({ kind: 'spline', column: spec.name, term: t });
      if (col.blanks > 0) kinds.push({ kind: 'missing', column: spec.name });
    } else {
      const counts = new Map<string, number>();
      let blanks = 0;
      for (const row of rows) {
        const c = toCategory(row[spec.name]);
        if (c === BLANK_LEVEL) blanks++;
        counts.set(c, (counts.get(c) ?? 0) + 1);
      }
      const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      const levels = sorted.filter(([, n]) => n >= minLevelCount).map(([l]) => l);
      if (sorted.some(([, n]) => n < minLevelCount)) levels.push(OTHER_LEVEL);
      encoder.columns.push({ name: spec.name, type: 'categorical', levels, blanks });
      for (const level of levels) kinds.push({ kind: 'level', column: spec.name, level });
    }
  }
  // Standardise with training moments; drop constant columns.
  const provisional: FeatureEncoder = {
    columns: encoder.columns,
    features: kinds.map((k) => ({ ...k, name: '', mean: 0, sd: 1 }) as Feature),
  };
  const raw = encodeRows(provisional, rows);
  // column moments in row-major passes (a column-wise walk would miss the cache on every row)
  const n = rows.length;
  const q0 = raw.cols;
  const means = new Float64Array(q0);
  const squares = new Float64Array(q0);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < q0; j++) means[j] = (means[j] as number) + (raw.data[i * q0 + j] as number);
  for (let j = 0; j < q0; j++) means[j] = (means[j] as number) / n;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < q0; j++) {
      const d = (raw.data[i * q0 + j] as number) - (means[j] as number);
      squares[j] = (squares[j] as number) + d * d;
    }
  const kept: number[] = [];
  kinds.forEach((kind, j) => {
    const mean = means[j] as number;
    const sd = Math.sqrt((squares[j] as number) / n);
    if (sd > 1e-12) {
      encoder.features.push({ ...kind, name: featureName(kind, encoder.features), mean, sd } as Feature);
      kept.push(j);
    }
  });
  // standardise the kept columns of the raw design in place, compacting rows to the kept width
  const p = kept.length;
  const q = raw.cols;
  const data = raw.data;
  for (let i = 0; i < rows.length; i++)
    for (let t = 0; t < p; t++) {
      const f = encoder.features[t] as Feature;
      data[i * p + t] = ((data[i * q + (kept[t] as number)] as number) - f.mean) / f.sd;
    }
  return {
    encoder,
    x: { rows: rows.length, cols: p, data: p === q ? data : data.slice(0, rows.length * p) },
  };
}

/**
 * Adds interaction columns (products of two standardised features, by index) to a fitted encoder,
 * standardised with moments from the given training rows' design `x`. Returns a new encoder.
 */
export function addInteractions(
  encoder: FeatureEncoder,
  x: DesignMatrix,
  pairs: readonly (readonly [number, number])[],
): FeatureEncoder {
  const features = [...encoder.features];
  const column = new Float64Array(x.rows);
  for (const [a, b] of pairs) {
    for (let i = 0; i < x.rows; i++)
      column[i] = (x.data[i * x.cols + a] as number) * (x.data[i * x.cols + b] as number);
    const { mean, sd } = moments(column);
    if (sd <= 1e-12) continue;
    const kind: FeatureKind = { kind: 'interaction', a, b };
    features.push({ ...kind, name: featureName(kind, features), mean, sd });
  }
  return { columns: encoder.columns, features };
}

/** The raw columns a design column derives from (two for an interaction). */
export function featureColumns(encoder: FeatureEncoder, index: number): string[] {
  const f = encoder.features[index];
  if (!f) return [];
  if (f.kind === 'interaction') return [...featureColumns(encoder, f.a), ...featureColumns(encoder, f.b)];
  return [f.column];
}
