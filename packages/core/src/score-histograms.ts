import { CxError, type CxErrorCode } from './cx-error.js';
import type { ScoredKind } from './question-kind.js';
import { emptySummary, type ScoreSummary } from './score-summary.js';
import { DEFAULT_SCALES, type Scale } from './scale.js';

/**
 * How an answer is written in a typed array of scores: the score itself, or one of these codes.
 * Scores are integers from 0 to 10, so the codes are negative.
 */
export const SCORE_CODE = {
  /** The question was skipped. */
  skipped: -1,
  /** The respondent cannot recommend (NPS only). */
  cantRecommend: -2,
} as const;

/**
 * Score histograms of many groups in typed arrays: the bulk path to {@link ScoreSummary}s. Adding a
 * million answers one `addToSummary` call at a time costs several times a plain histogram loop; here
 * a batch of answers (a group index and a score code per answer) is binned in one loop as tight as the
 * plain one, and each group's summary, mergeable like any other, is read out at the end.
 */
export interface ScoreHistograms {
  /** The question kind of every answer. */
  readonly kind: ScoredKind;
  /** The scale of every answer. */
  readonly scale: Scale;
  /** Number of groups with storage (grows as answers of higher groups are added). */
  groups: number;
  /** Entries per group in `counts`: one per scale point, then skipped, then can't-recommend. */
  readonly stride: number;
  /** `counts[g * stride + i]`: answers of group g scored `scale.min + i`; then its skipped and can't-recommend answers. */
  counts: Float64Array;
}

/**
 * Empty histograms for `groups` groups (more are added as needed).
 * @throws CxError `emptySummary/invalid-scale` for a scale that is not integers with max > min.
 * @example emptyHistograms('nps').stride // 13
 */
export function emptyHistograms(
  kind: ScoredKind,
  scale: Scale = DEFAULT_SCALES[kind],
  groups = 0,
): ScoreHistograms {
  const stride = emptySummary(kind, scale).counts.length + 2; // validates the scale
  return { kind, scale: { ...scale }, groups, stride, counts: new Float64Array(groups * stride) };
}

function ensureGroups(h: ScoreHistograms, groups: number): void {
  if (groups <= h.groups) return;
  if (groups * h.stride > h.counts.length) {
    // Double the storage, so adding groups one at a time costs amortised O(1) each.
    const counts = new Float64Array(Math.max(groups, (h.counts.length / h.stride) * 2, 16) * h.stride);
    counts.set(h.counts);
    h.counts = counts;
  }
  h.groups = groups;
}

/** Column of each score code in a group's entries (index: code + 2), -1 when not an answer of this kind. */
function columns(h: ScoreHistograms): Int32Array {
  const width = h.stride - 2;
  const lut = new Int32Array(2 + 11).fill(-1);
  for (let c = h.scale.min; c <= h.scale.max; c++) lut[c + 2] = c - h.scale.min;
  lut[SCORE_CODE.skipped + 2] = width;
  if (h.kind === 'nps') lut[SCORE_CODE.cantRecommend + 2] = width + 1;
  return lut;
}

/**
 * Adds `length` answers in place: answer k has group `group[k]` (a small non-negative integer) and
 * score code `code[k]` ({@link SCORE_CODE}). Returns `h`.
 * @throws CxError `addScores/out-of-scale` naming the first code that is not on the scale,
 *   `addScores/cant-recommend-not-nps`, `addScores/invalid-group`; a failed batch adds nothing.
 * @example
 *   const h = emptyHistograms('nps');
 *   addScores(h, Int32Array.of(0, 0, 1), Int8Array.of(10, SCORE_CODE.skipped, 3));
 *   histogramSummary(h, 0).counts[10] // 1
 */
export function addScores(
  h: ScoreHistograms,
  group: Int32Array | Uint32Array | Uint16Array | Uint8Array,
  code: Int8Array | Int16Array | Int32Array,
  length: number = Math.min(group.length, code.length),
): ScoreHistograms {
  const min = h.scale.min;
  const width = h.stride - 2;
  const stride = h.stride;
  const nps = h.kind === 'nps';
  let counts = h.counts;
  let groups = h.groups;
  for (let k = 0; k < length; k++) {
    const g = group[k] as number;
    const c = code[k] as number;
    let col = c - min;
    // One test on the hot path: a score on the scale, of a group that has storage (`>>> 0` sends
    // negative groups there too).
    if (!(col >= 0 && col < width) || g >>> 0 >= groups) {
      if (g < 0) fail(h, group, code, k, 'addScores/invalid-group', `group ${g} of answer ${k} is negative`);
      if (!(col >= 0 && col < width))
        col =
          c === SCORE_CODE.skipped
            ? width
            : c === SCORE_CODE.cantRecommend && nps
              ? width + 1
              : fail(
                  h,
                  group,
                  code,
                  k,
                  c === SCORE_CODE.cantRecommend
                    ? 'addScores/cant-recommend-not-nps'
                    : 'addScores/out-of-scale',
                  c === SCORE_CODE.cantRecommend
                    ? `"can't recommend" only applies to NPS, not ${h.kind} (answer ${k})`
                    : `score ${c} is not on the ${h.kind} scale ${min}-${h.scale.max} (answer ${k})`,
                );
      if (g >= groups) {
        ensureGroups(h, g + 1);
        counts = h.counts;
        groups = h.groups;
      }
    }
    const j = g * stride + col;
    counts[j] = (counts[j] as number) + 1;
  }
  return h;
}

/** Takes back answers 0..k-1 of the batch (so a failed batch adds nothing), then throws. */
function fail(
  h: ScoreHistograms,
  group: ArrayLike<number>,
  code: ArrayLike<number>,
  k: number,
  errorCode: CxErrorCode,
  message: string,
): never {
  const lut = columns(h);
  for (let j = 0; j < k; j++) {
    const i = (group[j] as number) * h.stride + (lut[(code[j] as number) + 2] as number);
    h.counts[i] = (h.counts[i] as number) - 1;
  }
  throw new CxError(errorCode, message, { value: code[k] });
}

/**
 * The summary of group `g` (an empty summary for a group with no answers).
 * @example histogramSummary(emptyHistograms('csat'), 3) // emptySummary('csat')
 */
export function histogramSummary(h: ScoreHistograms, g: number): ScoreSummary {
  const s = emptySummary(h.kind, h.scale);
  if (g < 0 || g >= h.groups) return s;
  const width = s.counts.length;
  const base = g * h.stride;
  for (let i = 0; i < width; i++) s.counts[i] = h.counts[base + i] as number;
  s.skipped = h.counts[base + width] as number;
  s.cantRecommend = h.counts[base + width + 1] as number;
  return s;
}

/**
 * The summary of every group, in group order.
 * @example histogramSummaries(h).length === h.groups
 */
export function histogramSummaries(h: ScoreHistograms): ScoreSummary[] {
  return Array.from({ length: h.groups }, (_, g) => histogramSummary(h, g));
}
