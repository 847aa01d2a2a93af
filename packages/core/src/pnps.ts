import { nps, type NpsDetails, type NpsOptions } from './nps.js';
import { insufficient, type KpiResult } from './kpi-result.js';
import { mergeSummaries, type ScoreSummary } from './score-summary.js';

/** Summaries keyed by audience (`customer`, `partner`, `employee`), as a Map or a plain object. */
export type SummariesByAudience =
  | ReadonlyMap<string, ScoreSummary | readonly ScoreSummary[]>
  | Readonly<Record<string, ScoreSummary | readonly ScoreSummary[] | undefined>>;

/**
 * Partner NPS: the NPS computed on the partner audience only (resellers, distributors; seed 001
 * "adapt the questionnaires: clients vs partners (pNPS)"). Same formula and interval as {@link nps};
 * the partner summaries are merged first.
 *
 * pNPS = 100 × (partner promoters − partner detractors) / partner answers.
 * @example pnps({ customer: summarize('nps', [10, 2]), partner: summarize('nps', [9, 9, 4]) }).value // 33.3
 */
export function pnps(
  byAudience: SummariesByAudience,
  o: NpsOptions & { audience?: string } = {},
): KpiResult<NpsDetails> {
  const audience = o.audience ?? 'partner';
  const entry =
    byAudience instanceof Map ? byAudience.get(audience) : (byAudience as Record<string, unknown>)[audience];
  const list: readonly ScoreSummary[] =
    entry === undefined ? [] : Array.isArray(entry) ? entry : [entry as ScoreSummary];
  const npsOpts: NpsOptions = { ...o };
  delete (npsOpts as { audience?: string }).audience;
  if (list.length === 0)
    return insufficient(0, `no ${audience} answers`, {
      detractors: 0,
      passives: 0,
      promoters: 0,
      cantRecommend: 0,
      skipped: 0,
      variance: null,
      se: null,
      finitePopulationFactor: null,
    });
  return nps(mergeSummaries(list), npsOpts);
}
