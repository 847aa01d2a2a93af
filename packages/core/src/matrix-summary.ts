import { countAnswers } from './answer-counts.js';
import { CxError } from './cx-error.js';
import { SMALL_SAMPLE_THRESHOLD, insufficient, type KpiResult } from './kpi-result.js';
import { meanResult, type MeanDetails } from './mean-score.js';
import { matrixTopBox } from './question-scale.js';
import { proportion, type RateDetails } from './rate.js';
import type { Scale } from './scale.js';
import { inTopBox } from './score-band.js';
import { DEFAULT_LEVEL, assertCount, assertLevel } from './validate.js';

/**
 * Mergeable counts of a matrix question's answers: `counts[i][j]` respondents rated `items[i]`
 * `scale.min + j`. An optional matrix may be answered for some items only, so each item has its own n.
 */
export interface MatrixTally {
  /** The question's item ids, in its order. */
  items: string[];
  /** The scale the items are rated on. */
  scale: Scale;
  /** `counts[i][j]`: ratings of `items[i]` equal to `scale.min + j`. */
  counts: number[][];
  /** Answers with a value (at least one item rated). */
  respondents: number;
  /** Answers shown and skipped (`null`). */
  skipped: number;
}

/** One item's result. */
export interface MatrixItemResult {
  /** Item id. */
  id: string;
  /** Respondents who rated this item. */
  n: number;
  /** Mean rating with a t interval, normalised so higher is better (see `meanScore`). */
  mean: KpiResult<MeanDetails>;
  /** Share of ratings in the scale's top box (see `matrixTopBox`), in percent with a Wilson interval. */
  topBox: KpiResult<RateDetails>;
}

/** Result of {@link matrixSummary}. */
export interface MatrixSummary {
  /** Question kind. */
  kind: 'matrix';
  /** Respondents who rated at least one item. */
  n: number;
  /** True when n is below {@link SMALL_SAMPLE_THRESHOLD}. */
  smallSample: boolean;
  /** Answers shown and skipped. */
  skipped: number;
  /** The scale, and the lowest rating counted in the top box (highest on a higher-is-worse scale). */
  scale: Scale;
  /** Top-box threshold on the scale. */
  topBoxFrom: number;
  /** Per item, in the question's order. */
  items: MatrixItemResult[];
}

/**
 * Tallies matrix answers (each a record of item id to rating).
 * @throws CxError `tallyMatrix/unknown-item`, `tallyMatrix/out-of-scale`.
 * @example tallyMatrix(['a', 'b'], { min: 1, max: 3, polarity: 'higher-is-better' }, [{ a: 3 }]).counts // [[0, 0, 1], [0, 0, 0]]
 */
export function tallyMatrix(
  items: readonly string[],
  scale: Scale,
  values: readonly (Readonly<Record<string, number>> | null)[],
): MatrixTally {
  const index = new Map(items.map((id, i) => [id, i]));
  const width = scale.max - scale.min + 1;
  const counts = items.map(() => new Array<number>(width).fill(0));
  const answers = countAnswers(values, (v) => {
    for (const [id, x] of Object.entries(v)) {
      const i = index.get(id);
      if (i === undefined)
        throw new CxError('tallyMatrix/unknown-item', `"${id}" is not an item`, { value: id });
      if (!Number.isInteger(x) || x < scale.min || x > scale.max)
        throw new CxError('tallyMatrix/out-of-scale', `${x} is not on the scale ${scale.min}-${scale.max}`, {
          value: x,
        });
      counts[i]![x - scale.min]!++;
    }
  });
  return { items: [...items], scale: { ...scale }, counts, ...answers };
}

/**
 * Matrix results per item: n, the mean rating with a Student t interval (higher-is-worse scales
 * reversed as min + max − x, as `meanScore` does), and the top-box share with a Wilson interval.
 * @throws CxError `matrixSummary/invalid-count`, `matrixSummary/counts-mismatch` when `counts` is not
 *   one row per item of one entry per scale point, `matrixSummary/exceeds-total` when an item has more
 *   ratings than respondents, `matrixSummary/invalid-level`.
 * @example matrixSummary(tallyMatrix(['a', 'b'], { min: 1, max: 5, polarity: 'higher-is-better' }, [{ a: 5, b: 2 }, { a: 3 }])).items[0].mean.value // 4
 */
export function matrixSummary(t: MatrixTally, o: { level?: number } = {}): MatrixSummary {
  const fn = 'matrixSummary';
  const { scale } = t;
  const width = scale.max - scale.min + 1;
  assertCount(fn, 'respondents', t.respondents);
  assertCount(fn, 'skipped', t.skipped);
  assertLevel(fn, o.level ?? DEFAULT_LEVEL);
  if (t.counts.length !== t.items.length || t.counts.some((row) => row.length !== width))
    throw new CxError(
      `${fn}/counts-mismatch`,
      'counts must have one row per item and one entry per scale point',
      {
        field: 'counts',
      },
    );
  const reversed = scale.polarity === 'higher-is-worse';
  const box = matrixTopBox(scale);
  const base = { scale: { ...scale }, reversed, skipped: t.skipped };
  const items = t.items.map((id, i) => {
    const row = t.counts[i]!;
    let n = 0;
    let sum = 0;
    let top = 0;
    const point = (j: number) => (reversed ? scale.max - j : scale.min + j);
    row.forEach((c, j) => {
      assertCount(fn, `counts.${i}.${j}`, c);
      n += c;
      sum += c * point(j);
      if (inTopBox(scale.min + j, box, scale)) top += c;
    });
    const topBox = proportion(fn, { field: `topBox.${i}`, value: top }, { field: 'n', value: n }, o);
    if (n > t.respondents)
      throw new CxError(
        `${fn}/exceeds-total`,
        `item ${id} has ${n} ratings but only ${t.respondents} respondents`,
        {
          field: `counts.${i}`,
        },
      );
    if (n === 0)
      return {
        id,
        n,
        mean: insufficient(0, 'no ratings', { ...base, sd: null, se: null, finitePopulationFactor: null }),
        topBox,
      };
    const mean = sum / n;
    let ss = 0;
    row.forEach((c, j) => (ss += c * (point(j) - mean) ** 2));
    const sd = n >= 2 ? Math.sqrt(ss / (n - 1)) : null;
    return { id, n, mean: meanResult(fn, n, { mean, sd, df: n - 1, effectiveN: n }, base, o), topBox };
  });
  return {
    kind: 'matrix',
    n: t.respondents,
    smallSample: t.respondents < SMALL_SAMPLE_THRESHOLD,
    skipped: t.skipped,
    scale: { ...scale },
    topBoxFrom: box,
    items,
  };
}
