import { z } from 'zod';
import type { KpiResult } from './kpi-result.js';
import { SMALL_SAMPLE_THRESHOLD } from './kpi-result.js';
import { clusterRegression, type ClusterRow } from './key-drivers-regression.js';
import { nps, npsCounts } from './nps.js';
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
  /** The id of the covariate that is this driver's own reading (its touchpoint's score), left out of its adjustment. */
  covariate?: string;
}

/**
 * An account-level reading of the account's general satisfaction that the drivers are adjusted for
 * (e.g. its mean score at one touchpoint, 0-100, higher better). Accounts without a value get a
 * missing-value indicator instead.
 */
export interface AccountCovariate {
  id: string;
  values: ReadonlyMap<string, number>;
}

/** How a driver's gap was estimated (see {@link keyDrivers}). */
export const KEY_DRIVER_METHODS = ['adjusted-regression', 'regression', 'two-sample'] as const;

/** Clusters (accounts) the adjusted regression needs per parameter; below, the covariates are left out. */
export const CLUSTERS_PER_PARAMETER = 10;

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
  /**
   * exposed − others, in NPS points (negative: the driver pulls NPS down), with its interval and p: adjusted
   * for the covariates (`method: 'adjusted-regression'`, `adjustedFor`) when the sample allows it.
   */
  gap: z.number().nullable(),
  /** The unadjusted gap (exposedNps − otherNps), for comparison. */
  rawGap: z.number().nullable(),
  /** `adjusted-regression` (with covariates), `regression` (without: too few accounts), `two-sample` (fewer than 2 accounts on a side: adjusted-Wald, answers as independent). */
  method: z.enum(KEY_DRIVER_METHODS),
  /** The covariates the gap is adjusted for. */
  adjustedFor: z.array(z.string()),
  /** Accounts (clusters) behind the interval. */
  clusters: z.int().min(0),
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
  /** Readings of the accounts' general satisfaction to adjust every gap for (a driver's own is left out). */
  covariates?: readonly AccountCovariate[];
}

/** Per account: NPS answers and the sum of their ±100 promoter/detractor scores (mean = NPS). */
function npsTotals(s: ScoreSummary): { n: number; sum: number } {
  const k = npsCounts(s);
  return { n: k.promoters + k.passives + k.detractors, sum: 100 * (k.promoters - k.detractors) };
}

/**
 * The covariate columns for a sample: each covariate centred on its answer-weighted mean, 0 where missing,
 * plus a missing-value indicator when some accounts lack it; covariates known for fewer than 2 accounts
 * or constant are left out.
 */
function covariateColumns(
  sample: readonly string[],
  weights: ReadonlyMap<string, number>,
  covariates: readonly AccountCovariate[],
): { ids: string[]; columns: ((accountId: string) => number)[] } {
  const ids: string[] = [];
  const columns: ((accountId: string) => number)[] = [];
  for (const c of covariates) {
    const known = sample.filter((id) => c.values.has(id));
    if (known.length < 2) continue;
    const w = known.reduce((t, id) => t + weights.get(id)!, 0);
    const mean = known.reduce((t, id) => t + weights.get(id)! * c.values.get(id)!, 0) / w;
    if (known.every((id) => Math.abs(c.values.get(id)! - mean) < 1e-9)) continue;
    ids.push(c.id);
    columns.push((id) => (c.values.has(id) ? c.values.get(id)! - mean : 0));
    if (known.length < sample.length) columns.push((id) => (c.values.has(id) ? 0 : 1));
  }
  return { ids, columns };
}

/**
 * Key-driver analysis of what pulls NPS down (seed 001, "Priorisation des chantiers": impact on
 * satisfaction and customers concerned). For each candidate driver, the observed accounts' NPS answers
 * (+100 promoter, 0 passive, −100 detractor, so their mean is the NPS) are regressed on the driver's
 * exposure and on the covariates (the account's satisfaction at the other touchpoints, each with a
 * missing-value indicator): the exposure's coefficient is the NPS gap between exposed accounts and
 * others of like satisfaction elsewhere. Its interval is cluster-robust by account (CR1, t(G − 1)), since
 * an account's answers are not independent. The portfolio points at stake are the gap weighted by the
 * exposed share of answers. Drivers are returned by decreasing impact.
 *
 * Why adjust: every touchpoint reads the account's overall satisfaction too (the halo), so an unadjusted
 * gap (kept as `rawGap`) mixes the driver with how happy the account is in general; a joint regression on
 * all exposures attributes that halo to whichever touchpoint reads it best. docs/analytics.md gives the
 * demo generator's check. A gap is still an association, not a proof of cause.
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
  const totals = new Map([...npsByAccount].map(([id, s]) => [id, npsTotals(s)]));
  const weights = new Map([...totals].map(([id, t]) => [id, t.n]));
  /**
   * The exposure's coefficient in a regression of the sample's answers (±100) on exposure and the
   * covariates (all but the driver's own), clustered by account; without covariates when there are too
   * few accounts for them; null when a side has fewer than 2 accounts (one account's answers cannot
   * estimate their own variance) or the fit is singular.
   */
  const fit = (d: DriverExposure, sample: string[], nExposed: number, nOther: number) => {
    if (nExposed < 2 || nOther < 2) return null;
    const cov = covariateColumns(
      sample,
      weights,
      (o.covariates ?? []).filter((c) => c.id !== d.covariate),
    );
    const attempt = (columns: ((id: string) => number)[]) => {
      const k = 2 + columns.length;
      if (columns.length > 0 && sample.length < CLUSTERS_PER_PARAMETER * k) return null;
      const rows: ClusterRow[] = sample.map((id) => ({
        x: [1, d.exposed.has(id) ? 1 : 0, ...columns.map((f) => f(id))],
        ...totals.get(id)!,
      }));
      return clusterRegression(rows, level);
    };
    const adjusted = cov.columns.length > 0 ? attempt(cov.columns) : null;
    const r = adjusted ?? attempt([]);
    if (!r) return null;
    return {
      coefficient: r.coefficients[1]!,
      clusters: r.clusters,
      method: adjusted ? ('adjusted-regression' as const) : ('regression' as const),
      adjustedFor: adjusted ? cov.ids : [],
    };
  };
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
    const rawGap = (() => {
      const a = value(nps(exposed));
      const b = value(nps(other));
      return a === null || b === null ? null : a - b;
    })();
    const share = nExposed / all;
    const fitted = fit(d, observed, exposedIds.length, otherIds.length);
    if (fitted) {
      const c = fitted.coefficient;
      return {
        ...base,
        status: 'ok',
        gap: c.estimate,
        rawGap,
        method: fitted.method,
        adjustedFor: fitted.adjustedFor,
        clusters: fitted.clusters,
        gapInterval: { lower: c.lower, upper: c.upper, level },
        p: c.p,
        pullsDown: c.upper < 0,
        impact: -c.estimate * share,
        impactInterval: { lower: -c.upper * share, upper: -c.lower * share },
      };
    }
    const change = npsChange(other, exposed, { level });
    if (change.status !== 'ok')
      return {
        ...base,
        status: 'insufficient-data',
        reason:
          nExposed === 0 ? 'no NPS answer from an exposed account' : 'no NPS answer from the other accounts',
        gap: null,
        rawGap,
        method: 'two-sample',
        adjustedFor: [],
        clusters: observed.length,
        gapInterval: null,
        p: null,
        pullsDown: false,
        impact: null,
        impactInterval: null,
      };
    return {
      ...base,
      status: 'ok',
      gap: change.delta,
      rawGap,
      method: 'two-sample',
      adjustedFor: [],
      clusters: observed.length,
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
