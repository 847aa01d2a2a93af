import { z } from 'zod';
import type { KpiResult } from './kpi-result.js';
import { SMALL_SAMPLE_THRESHOLD } from './kpi-result.js';
import { nps } from './nps.js';
import { npsChange } from './nps-change.js';
import { emptySummary, mergeSummaries, scoredCount, type ScoreSummary } from './score-summary.js';

/** Where a driver comes from: a touchpoint survey, a verbatim theme, or an operational signal. */
export const DRIVER_SOURCES = ['touchpoint', 'theme', 'support', 'delivery', 'commercial', 'usage'] as const;

/** A candidate driver of NPS and the accounts exposed to it (e.g. those dissatisfied at delivery). */
export interface DriverExposure {
  /** Stable id (`touchpoint:post-delivery/ces`, `theme:pricing`, `signal:openTickets`). */
  id: string;
  /** Label for people. */
  label: string;
  source: (typeof DRIVER_SOURCES)[number];
  /** How exposure was decided, in words ("at least one dissatisfied answer (1-2 of 5)"). */
  rule: string;
  /** Accounts exposed to it. */
  exposed: ReadonlySet<string>;
  /** Accounts whose exposure is known (exposed or not); accounts outside are left out of the comparison. */
  observed: ReadonlySet<string>;
}

/** One driver's result: how much lower NPS is where it occurs, and who is concerned. */
export const KeyDriverSchema = z.strictObject({
  id: z.string(),
  label: z.string(),
  source: z.enum(DRIVER_SOURCES),
  rule: z.string(),
  status: z.enum(['ok', 'insufficient-data']),
  reason: z.string().optional(),
  /** NPS of the exposed accounts' answers and of the others' (points), with their n. */
  exposedNps: z.number().nullable(),
  otherNps: z.number().nullable(),
  exposedAnswers: z.int().min(0),
  otherAnswers: z.int().min(0),
  /** exposed − others, in NPS points (negative: the driver pulls NPS down), with its interval and p. */
  gap: z.number().nullable(),
  gapInterval: z.strictObject({ lower: z.number(), upper: z.number(), level: z.number() }).nullable(),
  p: z.number().nullable(),
  /** The gap excludes 0 at the level and is negative. */
  pullsDown: z.boolean(),
  /**
   * Portfolio NPS points at stake: −gap × the exposed accounts' share of the answers, i.e. how much the
   * whole NPS would rise if the exposed answered like the others; with the gap's interval scaled alike.
   */
  impact: z.number().nullable(),
  impactInterval: z.strictObject({ lower: z.number(), upper: z.number() }).nullable(),
  /** Customers concerned: exposed accounts, and their monthly revenue where known. */
  accounts: z.int().min(0),
  mrr: z.number(),
  mrrKnown: z.int().min(0),
  /** Fewer than 30 answers on either side. */
  smallSample: z.boolean(),
});

/** A key driver. */
export type KeyDriver = z.infer<typeof KeyDriverSchema>;

/** Options of {@link keyDrivers}. */
export interface KeyDriverOptions {
  /** Interval level, default 0.95. */
  level?: number;
  /** Monthly recurring revenue by account, for the revenue exposed. */
  mrr?: ReadonlyMap<string, number | null>;
}

/**
 * Key-driver analysis of what pulls NPS down (seed 001, "Priorisation des chantiers": impact on
 * satisfaction and customers concerned). For each candidate driver, the NPS of the exposed accounts'
 * answers is compared with the other observed accounts' ({@link npsChange}: adjusted-Wald interval and p),
 * and the portfolio points at stake are the gap weighted by the exposed share of answers. Drivers are
 * returned by decreasing impact.
 *
 * A gap is an association, not a proof of cause: drivers that move together (a poor delivery and a
 * poor support often do) share the same gap. The interval treats answers as independent, so it is too
 * narrow when an account answers many times; the demo's generator check (docs) measures the error.
 * @example keyDrivers(npsByAccount, [{ id: 'theme:delivery', exposed: new Set(['a']), observed: new Set(['a', 'b']), ... }])
 */
export function keyDrivers(
  npsByAccount: ReadonlyMap<string, ScoreSummary>,
  drivers: readonly DriverExposure[],
  o: KeyDriverOptions = {},
): KeyDriver[] {
  const level = o.level ?? 0.95;
  const merged = (ids: string[]): ScoreSummary => {
    const list = ids.flatMap((id) => {
      const s = npsByAccount.get(id);
      return s ? [s] : [];
    });
    return list.length > 0 ? mergeSummaries(list) : emptySummary('nps');
  };
  const value = (r: KpiResult) => (r.status === 'ok' ? r.value : null);
  const out = drivers.map((d): KeyDriver => {
    const observed = [...d.observed].filter((id) => npsByAccount.has(id));
    const exposedIds = observed.filter((id) => d.exposed.has(id));
    const otherIds = observed.filter((id) => !d.exposed.has(id));
    const exposed = merged(exposedIds);
    const other = merged(otherIds);
    const nExposed = scoredCount(exposed);
    const nOther = scoredCount(other);
    const all = nExposed + nOther;
    let mrr = 0;
    let mrrKnown = 0;
    for (const id of d.exposed) {
      const m = o.mrr?.get(id);
      if (m !== undefined && m !== null) {
        mrr += m;
        mrrKnown++;
      }
    }
    const base = {
      id: d.id,
      label: d.label,
      source: d.source,
      rule: d.rule,
      exposedNps: value(nps(exposed)),
      otherNps: value(nps(other)),
      exposedAnswers: nExposed,
      otherAnswers: nOther,
      accounts: d.exposed.size,
      mrr,
      mrrKnown,
      smallSample: nExposed < SMALL_SAMPLE_THRESHOLD || nOther < SMALL_SAMPLE_THRESHOLD,
    };
    const change = npsChange(other, exposed, { level });
    if (change.status !== 'ok')
      return {
        ...base,
        status: 'insufficient-data',
        reason:
          nExposed === 0 ? 'no NPS answer from an exposed account' : 'no NPS answer from the other accounts',
        gap: null,
        gapInterval: null,
        p: null,
        pullsDown: false,
        impact: null,
        impactInterval: null,
      };
    const share = nExposed / all;
    return {
      ...base,
      status: 'ok',
      gap: change.delta,
      gapInterval: { lower: change.interval.lower, upper: change.interval.upper, level },
      p: change.p,
      pullsDown: change.interval.upper < 0,
      impact: -change.delta * share,
      impactInterval: { lower: -change.interval.upper * share, upper: -change.interval.lower * share },
    };
  });
  return out.sort(
    (a, b) =>
      (b.impact ?? Number.NEGATIVE_INFINITY) - (a.impact ?? Number.NEGATIVE_INFINITY) ||
      a.id.localeCompare(b.id),
  );
}
