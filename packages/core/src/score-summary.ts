import { z } from 'zod';
import { CxError } from './cx-error.js';
import type { ScoredKind } from './question-kind.js';
import { DEFAULT_SCALES, type Scale } from './scale.js';

/**
 * A mergeable summary of one scored question's answers: a histogram of score counts
 * plus can't-recommend and skipped counts. Summaries of disjoint answer sets merge by
 * addition, so any grouping (account, segment, month) is built by merging, and every
 * survey KPI is computed from a summary.
 *
 * `counts[i]` is the number of answers with score `scale.min + i`.
 */
export const ScoreSummarySchema = z
  .strictObject({
    kind: z.enum(['nps', 'csat', 'ces', 'c2es']),
    scale: z.strictObject({
      min: z.int().min(0).max(10),
      max: z.int().min(1).max(10),
      polarity: z.enum(['higher-is-better', 'higher-is-worse']),
    }),
    counts: z.array(z.int().min(0)),
    cantRecommend: z.int().min(0),
    skipped: z.int().min(0),
  })
  .refine((s) => s.scale.max > s.scale.min && s.counts.length === s.scale.max - s.scale.min + 1, {
    message: 'counts must have one entry per scale point',
    path: ['counts'],
  });

/** A mergeable score summary. */
export type ScoreSummary = z.infer<typeof ScoreSummarySchema>;

/**
 * An empty summary for a scored question kind on the given scale (the kind's default scale when omitted).
 * @example emptySummary('nps').counts.length // 11
 */
export function emptySummary(kind: ScoredKind, scale: Scale = DEFAULT_SCALES[kind]): ScoreSummary {
  if (!Number.isInteger(scale.min) || !Number.isInteger(scale.max) || scale.max <= scale.min)
    throw new CxError(
      'emptySummary/invalid-scale',
      `scale ${scale.min}-${scale.max} must be integers with max > min`,
    );
  return {
    kind,
    scale: { ...scale },
    counts: new Array<number>(scale.max - scale.min + 1).fill(0),
    cantRecommend: 0,
    skipped: 0,
  };
}

/**
 * Adds one answer to `summary` in place and returns it: a score, `'cant-recommend'`, or `null` (skipped).
 * In place because building summaries over millions of answers must not allocate per answer;
 * callers own the summary they add to.
 * @throws CxError `addToSummary/out-of-scale` when the score is not an integer on the scale,
 *   `addToSummary/cant-recommend-not-nps` when a non-NPS answer is "can't recommend".
 * @example addToSummary(emptySummary('nps'), 9).counts[9] // 1
 */
export function addToSummary(summary: ScoreSummary, value: number | 'cant-recommend' | null): ScoreSummary {
  if (value === null) {
    summary.skipped += 1;
    return summary;
  }
  if (value === 'cant-recommend') {
    if (summary.kind !== 'nps')
      throw new CxError(
        'addToSummary/cant-recommend-not-nps',
        `"can't recommend" only applies to NPS, not ${summary.kind}`,
      );
    summary.cantRecommend += 1;
    return summary;
  }
  const i = value - summary.scale.min;
  if (!Number.isInteger(value) || i < 0 || i >= summary.counts.length)
    throw new CxError(
      'addToSummary/out-of-scale',
      `score ${String(value)} is not an integer on the ${summary.kind} scale ${summary.scale.min}-${summary.scale.max}`,
      { value },
    );
  summary.counts[i] = (summary.counts[i] ?? 0) + 1;
  return summary;
}

/**
 * Builds a summary from a list of answer values.
 * @example summarize('nps', [10, 9, 3, 'cant-recommend', null]) // counts 1x3, 1x9, 1x10; cantRecommend 1; skipped 1
 */
export function summarize(
  kind: ScoredKind,
  values: Iterable<number | 'cant-recommend' | null>,
  scale: Scale = DEFAULT_SCALES[kind],
): ScoreSummary {
  const s = emptySummary(kind, scale);
  for (const v of values) addToSummary(s, v);
  return s;
}

/**
 * Merges summaries of the same kind and scale by adding their counts (associative and commutative,
 * with the empty summary as identity). Returns a new summary; inputs are not modified.
 * @throws CxError `mergeSummaries/empty` with no summaries, `mergeSummaries/scale-mismatch` when kinds or scales differ.
 * @example mergeSummaries([summarize('nps', [10]), summarize('nps', [0])]).counts // [1,0,...,0,1]
 */
export function mergeSummaries(summaries: readonly ScoreSummary[]): ScoreSummary {
  const first = summaries[0];
  if (first === undefined) throw new CxError('mergeSummaries/empty', 'needs at least one summary');
  const out = emptySummary(first.kind, first.scale);
  for (const s of summaries) {
    if (
      s.kind !== first.kind ||
      s.scale.min !== first.scale.min ||
      s.scale.max !== first.scale.max ||
      s.scale.polarity !== first.scale.polarity
    )
      throw new CxError(
        'mergeSummaries/scale-mismatch',
        `cannot merge ${s.kind} ${s.scale.min}-${s.scale.max} (${s.scale.polarity}) into ${first.kind} ${first.scale.min}-${first.scale.max} (${first.scale.polarity})`,
      );
    for (let i = 0; i < out.counts.length; i++) out.counts[i] = (out.counts[i] ?? 0) + (s.counts[i] ?? 0);
    out.cantRecommend += s.cantRecommend;
    out.skipped += s.skipped;
  }
  return out;
}

/**
 * Number of scored answers in a summary (excludes can't-recommend and skipped).
 * @example scoredCount(summarize('nps', [9, 'cant-recommend', null])) // 1
 */
export function scoredCount(summary: ScoreSummary): number {
  let n = 0;
  for (const c of summary.counts) n += c;
  return n;
}
