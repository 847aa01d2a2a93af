import { countAnswers } from './answer-counts.js';
import { CxError } from './cx-error.js';
import { SMALL_SAMPLE_THRESHOLD, type KpiResult } from './kpi-result.js';
import { proportion, type RateDetails } from './rate.js';
import { assertAtMost, assertCount } from './validate.js';

/**
 * Mergeable counts of a single- or multi-choice question's answers: per option (in `options` order)
 * how many respondents chose it, how many answered (non-null, an empty multi-choice included) and
 * how many skipped. Tallies of disjoint answer sets add up option by option.
 */
export interface ChoiceTally {
  /** The question's option ids, in its order. */
  options: string[];
  /** `counts[i]`: respondents who chose `options[i]`. */
  counts: number[];
  /** Answers with a value (the denominator of every share). */
  respondents: number;
  /** Answers shown and skipped (`null`). */
  skipped: number;
}

/** One option's result: how many chose it and their share of the respondents, in percent with a Wilson interval. */
export interface OptionShare {
  /** Option id. */
  id: string;
  /** Respondents who chose it. */
  count: number;
  /** count / respondents × 100; `n` = respondents. */
  share: KpiResult<RateDetails>;
}

/** Result of {@link multiChoiceSummary} and {@link singleChoiceSummary}. */
export interface ChoiceSummary {
  /** Question kind. */
  kind: 'single-choice' | 'multi-choice';
  /** Respondents who answered (the base of every share). */
  n: number;
  /** True when n is below {@link SMALL_SAMPLE_THRESHOLD}. */
  smallSample: boolean;
  /** Answers shown and skipped. */
  skipped: number;
  /** Per option, in the question's order. */
  options: OptionShare[];
}

/**
 * Tallies choice answers: a single-choice answer is an option id, a multi-choice one a list of ids.
 * @throws CxError `tallyChoices/unknown-option` for an id not among `options`,
 *   `tallyChoices/duplicate-option` when a list names an option twice.
 * @example tallyChoices(['a', 'b'], [['a'], ['a', 'b'], null]).counts // [2, 1]
 */
export function tallyChoices(
  options: readonly string[],
  values: readonly (string | readonly string[] | null)[],
): ChoiceTally {
  const index = new Map(options.map((id, i) => [id, i]));
  const counts = options.map(() => 0);
  const answers = countAnswers(values, (v) => {
    const ids = typeof v === 'string' ? [v] : v;
    if (new Set(ids).size !== ids.length)
      throw new CxError('tallyChoices/duplicate-option', 'an answer names an option twice', { value: ids });
    for (const id of ids) {
      const i = index.get(id);
      if (i === undefined)
        throw new CxError('tallyChoices/unknown-option', `"${id}" is not an option`, { value: id });
      counts[i]!++;
    }
  });
  return { options: [...options], counts, ...answers };
}

/** Internal: the shares of a tally, under the caller's name for error codes. */
function choiceSummary(
  fn: string,
  kind: ChoiceSummary['kind'],
  t: ChoiceTally,
  level: number | undefined,
): ChoiceSummary {
  assertCount(fn, 'respondents', t.respondents);
  assertCount(fn, 'skipped', t.skipped);
  if (t.counts.length !== t.options.length)
    throw new CxError(`${fn}/counts-mismatch`, 'counts must have one entry per option', { field: 'counts' });
  const options = t.options.map((id, i) => {
    const count = t.counts[i]!;
    const share = proportion(
      fn,
      { field: `counts.${i}`, value: count },
      { field: 'respondents', value: t.respondents },
      level === undefined ? {} : { level },
    );
    return { id, count, share };
  });
  if (kind === 'single-choice')
    assertAtMost(
      fn,
      'sum of counts',
      t.counts.reduce((a, b) => a + b, 0),
      'respondents',
      t.respondents,
    );
  return {
    kind,
    n: t.respondents,
    smallSample: t.respondents < SMALL_SAMPLE_THRESHOLD,
    skipped: t.skipped,
    options,
  };
}

/**
 * Multi-choice results: per option, the share of respondents who ticked it (shares may add up to more
 * than 100 %), in percent with a Wilson interval; n = respondents who answered (an empty answer counts).
 * @throws CxError `multiChoiceSummary/invalid-count`, `multiChoiceSummary/exceeds-total` when an option
 *   count exceeds the respondents, `multiChoiceSummary/counts-mismatch`, `multiChoiceSummary/invalid-level`.
 * @example multiChoiceSummary(tallyChoices(['a', 'b'], [['a'], ['a', 'b']])).options[1].share.value // 50
 */
export function multiChoiceSummary(t: ChoiceTally, o: { level?: number } = {}): ChoiceSummary {
  return choiceSummary('multiChoiceSummary', 'multi-choice', t, o.level);
}

/**
 * Single-choice results: per option, its count and share of the respondents in percent with a Wilson
 * interval (shares add up to 100 %).
 * @throws CxError `singleChoiceSummary/exceeds-total` when the counts add up to more than the respondents,
 *   and the errors of {@link multiChoiceSummary} under this name.
 * @example singleChoiceSummary(tallyChoices(['a', 'b'], ['a', 'a', 'b'])).options[0].count // 2
 */
export function singleChoiceSummary(t: ChoiceTally, o: { level?: number } = {}): ChoiceSummary {
  return choiceSummary('singleChoiceSummary', 'single-choice', t, o.level);
}
