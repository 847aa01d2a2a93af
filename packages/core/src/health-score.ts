import { CxError } from './cx-error.js';
import type { HealthBand, HealthComponent, HealthConfig, HealthScale } from './health-config.js';

/** One account's raw component inputs, keyed by component key; null/undefined/NaN = missing. */
export interface HealthInput {
  /** The account. */
  accountId: string;
  /** Raw values, e.g. `{ nps: 34, openTickets: 2, daysSinceLastActivity: 12 }`. */
  values: Readonly<Record<string, number | null | undefined>>;
}

/** The tenant's distribution of each percentile component: values sorted ascending, keyed by component key. */
export type HealthDistributions = Readonly<Record<string, ArrayLike<number>>>;

/** A component's contribution to one account's score. */
export interface HealthContribution {
  /** Component key. */
  component: string;
  /** Component label. */
  label: string;
  /** Component family. */
  group: HealthComponent['group'];
  /** Points added to the 0-100 score: weight x normalized. */
  points: number;
  /** The component's 0-100 value. */
  normalized: number;
  /** Effective weight after renormalising over the components present (0-1, they sum to 1). */
  weight: number;
  /** The raw input; null when the component had no value and scored its `whenMissing` value. */
  raw: number | null;
  /** True when the account had no value and the component's `whenMissing` score was used (e.g. never answered). */
  imputed?: boolean;
}

/** How a component moved the score since the previous period. */
export interface HealthMover {
  /** Component key. */
  component: string;
  /** Component label. */
  label: string;
  /** Change in the component's points (the movers' deltas sum to the score change). */
  points: number;
}

/** A computed health score. */
export interface HealthScore {
  /** Discriminant. */
  status: 'ok';
  /** The account. */
  accountId: string;
  /** 0-100: the sum of the contributions' points. */
  score: number;
  /** Band key, e.g. `at-risk`. */
  band: string;
  /** Band label, e.g. "At risk". */
  bandLabel: string;
  /** Contributions of the components present, largest weight first. */
  contributions: HealthContribution[];
  /** Keys of weighted components with no value for this account (skipped or scored by `whenMissing`). */
  missing: string[];
  /** True when components were skipped and the weights were renormalised over the others. */
  renormalized: boolean;
  /** Share of the collected weight that had a value or a `whenMissing` score (1 = complete). */
  coverage: number;
  /** Score minus the previous period's score, null without a previous score. */
  change: number | null;
  /** Components that moved the score since the previous period, largest move first (empty without one). */
  movers: HealthMover[];
}

/** No score: the account has data for less than the configuration's minimum coverage. */
export interface HealthScoreInsufficient {
  /** Discriminant. */
  status: 'insufficient-data';
  /** The account. */
  accountId: string;
  /** Why there is no score. */
  reason: string;
  /** Keys of the weighted components without a value. */
  missing: string[];
  /** Share of the collected weight that had a value (below `minCoverage`). */
  coverage: number;
  /** The minimum coverage that applied. */
  minCoverage: number;
}

/** Minimum coverage of a configuration that sets none: a score needs data for half of the weight. */
export const DEFAULT_MIN_COVERAGE = 0.5;

/** Result of {@link computeHealthScore}. */
export type HealthScoreResult = HealthScore | HealthScoreInsufficient;

/** A previous period's score, as stored by the caller. */
export type PreviousHealth = Pick<HealthScore, 'score' | 'contributions'>;

/** Options of {@link computeHealthScore}. */
export interface HealthScoreOptions {
  /** Tenant distributions for percentile components (see {@link healthDistributions}). */
  distributions?: HealthDistributions;
  /** The previous period's score, to report the change and what moved it. */
  previous?: PreviousHealth | null;
  /**
   * Keys of the components the tenant collects (at least one account has a value). A component
   * nobody has is left out of the score and of the coverage, and its `whenMissing` does not apply:
   * a tenant that runs no survey does not make every account "never answered". Default: all.
   */
  collected?: ReadonlySet<string>;
}

function present(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Mid-rank percentile (0-100) of `v` in ascending `sorted`: (below + equal/2) / n x 100. */
export function percentileRank(sorted: ArrayLike<number>, v: number): number {
  const n = sorted.length;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  const below = lo;
  hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) <= v) lo = mid + 1;
    else hi = mid;
  }
  return ((below + (lo - below) / 2) / n) * 100;
}

/**
 * Maps a raw value to 0-100 through a component scale.
 * linear: 100 (v - lo) / (hi - lo) clamped to 0-100 (100 minus that when inverted);
 * bands: score of the first band with v <= upTo (the last band's above them all);
 * percentile: mid-rank percentile within the tenant's distribution.
 * @throws CxError `normalizeHealthValue/missing-distribution` for a percentile scale without a non-empty distribution.
 * @example normalizeHealthValue({ type: 'linear', lo: -50, hi: 70, invert: false }, 10) // 50
 */
export function normalizeHealthValue(
  scale: HealthScale,
  value: number,
  distribution?: ArrayLike<number>,
): number {
  switch (scale.type) {
    case 'linear': {
      const t = Math.min(100, Math.max(0, ((value - scale.lo) / (scale.hi - scale.lo)) * 100));
      return scale.invert ? 100 - t : t;
    }
    case 'bands': {
      for (const b of scale.bands) if (value <= b.upTo) return b.score;
      return (scale.bands[scale.bands.length - 1] as { score: number }).score;
    }
    case 'percentile': {
      if (!distribution || distribution.length === 0)
        throw new CxError(
          'normalizeHealthValue/missing-distribution',
          'a percentile scale needs the tenant distribution of the component',
        );
      const r = percentileRank(distribution, value);
      return scale.invert ? 100 - r : r;
    }
  }
}

/** The band a score falls in: the last band whose min is <= score. */
export function healthBand(config: HealthConfig, score: number): HealthBand {
  let band = config.bands[0] as HealthBand;
  for (const b of config.bands) if (score >= b.min) band = b;
  return band;
}

/**
 * Builds the tenant distributions of the config's percentile components from all accounts' inputs
 * (missing values left out), sorted ascending.
 */
export function healthDistributions(
  inputs: readonly HealthInput[],
  config: HealthConfig,
): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const c of config.components) {
    if (c.scale.type !== 'percentile') continue;
    const values: number[] = [];
    for (const input of inputs) {
      const v = input.values[c.key];
      if (present(v)) values.push(v);
    }
    out[c.key] = Float64Array.from(values).sort();
  }
  return out;
}

/**
 * Computes one account's health score: each weighted component with a value is mapped to 0-100 by
 * its scale; a component without a value scores its `whenMissing` value when it has one (an absence
 * that is a signal, like never having answered: `imputed`), and is skipped otherwise, the weights
 * being renormalised over the others (`missing`, `renormalized`, `coverage` say so). Below the
 * configuration's `minCoverage` (default {@link DEFAULT_MIN_COVERAGE}) of the collected weight the
 * result is `insufficient-data`. The score is the weighted mean, so each contribution's points
 * (weight x normalized) add up to it.
 *
 * score = sum_c w_c n_c / sum_c w_c over components c with a value or a whenMissing score
 *
 * @throws CxError `normalizeHealthValue/missing-distribution` when a percentile component has a value but no distribution.
 * @example computeHealthScore({ accountId: 'a', values: { nps: 10 } }, DEFAULT_HEALTH_CONFIG).score // 50, with every other component missing
 */
export function computeHealthScore(
  input: HealthInput,
  config: HealthConfig,
  options: HealthScoreOptions = {},
): HealthScoreResult {
  const collected = options.collected;
  const weighted = config.components.filter((c) => c.weight > 0);
  let totalWeight = 0;
  const missing: string[] = [];
  let skipped = false;
  const parts: { c: HealthComponent; raw: number | null; normalized: number }[] = [];
  for (const c of weighted) {
    const raw = input.values[c.key];
    const isCollected = !collected || collected.has(c.key) || present(raw);
    if (isCollected) totalWeight += c.weight;
    if (!present(raw)) {
      missing.push(c.key);
      if (isCollected && typeof c.whenMissing === 'number')
        parts.push({ c, raw: null, normalized: c.whenMissing });
      else skipped = true;
      continue;
    }
    parts.push({ c, raw, normalized: normalizeHealthValue(c.scale, raw, options.distributions?.[c.key]) });
  }
  const presentWeight = parts.reduce((a, p) => a + p.c.weight, 0);
  const coverage = totalWeight > 0 ? presentWeight / totalWeight : 0;
  const minCoverage = config.minCoverage ?? DEFAULT_MIN_COVERAGE;
  if (parts.length === 0 || coverage < minCoverage)
    return {
      status: 'insufficient-data',
      accountId: input.accountId,
      reason:
        parts.length === 0
          ? 'no health component has a value'
          : `data for ${Math.round(coverage * 100)} % of the health weight (minimum ${Math.round(minCoverage * 100)} %)`,
      missing,
      coverage,
      minCoverage,
    };
  const contributions = parts
    .map(({ c, raw, normalized }) => {
      const weight = c.weight / presentWeight;
      return {
        component: c.key,
        label: c.label,
        group: c.group,
        points: weight * normalized,
        normalized,
        weight,
        raw,
        ...(raw === null ? { imputed: true } : {}),
      };
    })
    .sort((a, b) => b.weight - a.weight);
  const score = Math.min(
    100,
    Math.max(
      0,
      contributions.reduce((a, c) => a + c.points, 0),
    ),
  );
  const band = healthBand(config, score);
  const previous = options.previous ?? null;
  let movers: HealthMover[] = [];
  if (previous) {
    const before = new Map(previous.contributions.map((c) => [c.component, c]));
    const keys = new Set([...contributions.map((c) => c.component), ...before.keys()]);
    const now = new Map(contributions.map((c) => [c.component, c]));
    movers = [...keys]
      .map((k) => ({
        component: k,
        label: now.get(k)?.label ?? before.get(k)?.label ?? k,
        points: (now.get(k)?.points ?? 0) - (before.get(k)?.points ?? 0),
      }))
      .filter((m) => Math.abs(m.points) >= 1e-9)
      .sort((a, b) => Math.abs(b.points) - Math.abs(a.points));
  }
  return {
    status: 'ok',
    accountId: input.accountId,
    score,
    band: band.key,
    bandLabel: band.label,
    contributions,
    missing,
    renormalized: skipped,
    coverage,
    change: previous ? score - previous.score : null,
    movers,
  };
}

/** Keys of the config's components that at least one of the accounts has a value for (what the tenant collects). */
export function collectedComponents(inputs: readonly HealthInput[], config: HealthConfig): Set<string> {
  const out = new Set<string>();
  for (const c of config.components) if (inputs.some((input) => present(input.values[c.key]))) out.add(c.key);
  return out;
}

/**
 * Scores every account of a tenant; percentile components rank within these accounts unless
 * `distributions` is given, and components none of them has are left out (see `collected`).
 * `previous` maps account ids to their previous period's score.
 */
export function computeHealthScores(
  inputs: readonly HealthInput[],
  config: HealthConfig,
  options: {
    distributions?: HealthDistributions;
    collected?: ReadonlySet<string>;
    previous?: ReadonlyMap<string, PreviousHealth>;
  } = {},
): HealthScoreResult[] {
  const distributions = options.distributions ?? healthDistributions(inputs, config);
  const collected = options.collected ?? collectedComponents(inputs, config);
  return inputs.map((input) =>
    computeHealthScore(input, config, {
      distributions,
      collected,
      previous: options.previous?.get(input.accountId) ?? null,
    }),
  );
}

/**
 * Health score in the shape of `AccountSummaryView['health']` (null when there is no score); with the
 * configuration, `missingLabels` names the components without data as the card shows them.
 */
export function toHealthView(
  result: HealthScoreResult,
  computedAt: string,
  config?: HealthConfig,
): {
  score: number;
  band: string;
  bandLabel: string;
  contributions: {
    component: string;
    label: string;
    points: number;
    normalized: number;
    weight: number;
    raw: number | null;
    imputed?: boolean;
  }[];
  missing: string[];
  missingLabels?: string[];
  change: number | null;
  movers: { component: string; label: string; points: number }[];
  coverage: number;
  computedAt: string;
} | null {
  if (result.status !== 'ok') return null;
  return {
    score: result.score,
    band: result.band,
    bandLabel: result.bandLabel,
    contributions: result.contributions.map(
      ({ component, label, points, normalized, weight, raw, imputed }) => ({
        component,
        label,
        points,
        normalized,
        weight,
        raw,
        ...(imputed ? { imputed } : {}),
      }),
    ),
    missing: [...result.missing],
    ...(config
      ? {
          missingLabels: result.missing.map(
            (key) => config.components.find((c) => c.key === key)?.label ?? key,
          ),
        }
      : {}),
    change: result.change,
    movers: result.movers.map(({ component, label, points }) => ({ component, label, points })),
    coverage: result.coverage,
    computedAt,
  };
}

/**
 * An insufficient-data result in the shape of `AccountSummaryView['healthInsufficient']` (null for a
 * score): what the card shows instead of a figure resting on too few inputs.
 */
export function toHealthInsufficientView(
  result: HealthScoreResult,
  computedAt: string,
  config?: HealthConfig,
): {
  reason: string;
  coverage: number;
  minCoverage: number;
  missingLabels: string[];
  computedAt: string;
} | null {
  if (result.status !== 'insufficient-data') return null;
  return {
    reason: result.reason,
    coverage: result.coverage,
    minCoverage: result.minCoverage,
    missingLabels: result.missing.map((key) => config?.components.find((c) => c.key === key)?.label ?? key),
    computedAt,
  };
}

/** Plain-words names of the {@link healthFeatures} columns, for churn drivers ("Active users score 12 (low) raises risk"). */
export function healthFeatureLabels(config: HealthConfig): Record<string, string> {
  const out: Record<string, string> = { health_score: 'Health score' };
  for (const c of config.components) out[`health_${c.key}`] = `${c.label} score`;
  return out;
}

/** The health components as model features: `health_score` and `health_<key>` (normalised 0-100, null when missing). */
export function healthFeatures(
  result: HealthScoreResult,
  config: HealthConfig,
): Record<string, number | null> {
  const out: Record<string, number | null> = { health_score: result.status === 'ok' ? result.score : null };
  const byKey = new Map(
    result.status === 'ok' ? result.contributions.map((c) => [c.component, c.normalized]) : [],
  );
  for (const c of config.components) out[`health_${c.key}`] = byKey.get(c.key) ?? null;
  return out;
}
