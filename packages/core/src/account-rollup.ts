import { CxError, isCxError } from './cx-error.js';
import type { ScoredKind } from './question-kind.js';
import { DEFAULT_ROLE_WEIGHTS, RoleWeightsSchema, type RoleWeights } from './role-weights.js';
import { DEFAULT_SCALES, type Scale } from './scale.js';
import { addToSummary, emptySummary, type ScoreSummary } from './score-summary.js';

/**
 * How an account's answers become one figure (seed 001: B2B decisions are collective).
 * - `pooled`: every answer in the window counts; a person who answered five surveys counts five times.
 * - `per-respondent`: each person's latest answer in the window, one vote each.
 * - `role-weighted`: each person's latest answer, weighted by their role (buyer 3, prescriber 2, ...),
 *   so one very active user cannot outvote the buyer who signs the renewal.
 */
export type RollupMode = 'pooled' | 'per-respondent' | 'role-weighted';

/** The roll-up modes, in the order they are usually shown. */
export const ROLLUP_MODES: readonly RollupMode[] = ['pooled', 'per-respondent', 'role-weighted'];

/** One answer to the rolled-up question by someone at the account. */
export interface RollupAnswer {
  /** Who answered; anonymous answers (absent) each count as a separate respondent. */
  respondentId?: string;
  /** The respondent's role in the buying group; absent counts as `other`. */
  role?: string;
  /** ISO 8601 date-time (or a Date) of the answer. */
  answeredAt: string | Date;
  /** The score, `'cant-recommend'` (NPS only) or null when skipped. */
  value: number | 'cant-recommend' | null;
}

/** Options of {@link rollupAccount}. */
export interface RollupOptions {
  /** The scored question kind being rolled up. */
  kind: ScoredKind;
  /** The question's scale; the kind's default scale when omitted. */
  scale?: Scale;
  /** Which roll-up (see {@link RollupMode}). */
  mode: RollupMode;
  /** Role weights for `role-weighted` (and shown per role in every mode); {@link DEFAULT_ROLE_WEIGHTS} when omitted. */
  roleWeights?: RoleWeights;
  /** Window start, inclusive. */
  from?: string | Date;
  /** Window end, exclusive. */
  to?: string | Date;
}

/** Role-weighted histogram: `counts[i]` is the summed weight of respondents whose latest score is min + i. */
export interface WeightedHistogram {
  /** Summed weights per scale point. */
  counts: number[];
  /** Summed weight of respondents whose latest answer is "can't recommend". */
  cantRecommend: number;
  /** Σ w over scored respondents. */
  totalWeight: number;
  /** Σ w² over scored respondents. */
  sumSquaredWeights: number;
  /** Kish effective sample size (Σ w)² / Σ w²: the n that intervals use. */
  effectiveN: number;
  /** Scored respondents with a positive weight. */
  respondents: number;
}

/** One role's share of an account roll-up; kept so a card can show who is unhappy. */
export interface RoleBreakdown {
  /** Role name. */
  role: string;
  /** Weight of the role in `role-weighted` mode. */
  weight: number;
  /** Distinct respondents with this role in the window. */
  respondents: number;
  /** The role's answers (pooled mode) or latest answers per respondent (other modes). */
  summary: ScoreSummary;
}

/** An account roll-up. */
export interface AccountRollup {
  /** The mode used. */
  mode: RollupMode;
  /** Unweighted summary: all answers (pooled) or each respondent's latest answer (other modes). */
  summary: ScoreSummary;
  /** The weighted histogram, in `role-weighted` mode only. */
  weighted?: WeightedHistogram;
  /** Per-role breakdown, heaviest role first. */
  byRole: RoleBreakdown[];
  /** Distinct respondents in the window (each anonymous answer counts as one). */
  respondents: number;
  /** Answers in the window, before keeping one per respondent. */
  answers: number;
  /**
   * `pooled` mode only: each respondent's answers (anonymous answers one each), the clusters of the
   * cluster-robust interval when people answered more than once.
   */
  byRespondent?: ScoreSummary[];
}

function toTime(fn: string, field: string, v: string | Date): number {
  const t = v instanceof Date ? v.getTime() : Date.parse(v);
  if (Number.isNaN(t))
    throw new CxError(`${fn}/invalid-date`, `${field} must be an ISO 8601 date-time, got ${String(v)}`, {
      field,
    });
  return t;
}

/**
 * Weight of `role` under `w`: its listed weight, else the default weight.
 * @example roleWeight(DEFAULT_ROLE_WEIGHTS, 'buyer') // 3
 */
export function roleWeight(w: RoleWeights, role: string): number {
  return w.weights[role] ?? w.defaultWeight;
}

interface Kept {
  role: string;
  time: number;
  value: number | 'cant-recommend' | null;
}

/**
 * Rolls up one account's answers to a scored question across its buying group.
 *
 * Keeps answers with from <= answeredAt < to; in `per-respondent` and `role-weighted` modes keeps each
 * respondent's latest answer that is not a skip (a skip is not a change of opinion), and their role on it.
 * In `role-weighted` mode each respondent weighs w(role), and `weighted` holds the weighted histogram with the
 * Kish effective sample size (Σw)²/Σw² used by {@link rolledUpNps}, {@link rolledUpCsat} and {@link rolledUpMean}.
 * The per-role breakdown is kept in every mode.
 * @throws CxError `rollupAccount/invalid-date`, `rollupAccount/invalid-value` (names `answers[i].value`),
 *   `rollupAccount/invalid-role-weights` (names the field).
 * @example rollupAccount([{ respondentId: 'a', role: 'buyer', answeredAt: '2026-03-01T00:00:00Z', value: 9 }],
 *   { kind: 'nps', mode: 'role-weighted' }).weighted?.effectiveN // 1
 */
export function rollupAccount(answers: readonly RollupAnswer[], o: RollupOptions): AccountRollup {
  const fn = 'rollupAccount';
  const parsed = RoleWeightsSchema.safeParse(o.roleWeights ?? DEFAULT_ROLE_WEIGHTS);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = ['roleWeights', ...(issue?.path ?? [])].join('.');
    throw new CxError(`${fn}/invalid-role-weights`, `${path}: ${issue?.message ?? 'invalid'}`, {
      field: path,
    });
  }
  const weights = parsed.data;
  const scale = o.scale ?? DEFAULT_SCALES[o.kind];
  const from = o.from === undefined ? -Infinity : toTime(fn, 'from', o.from);
  const to = o.to === undefined ? Infinity : toTime(fn, 'to', o.to);
  const summary = emptySummary(o.kind, scale);
  const roleSummaries = new Map<string, { summary: ScoreSummary; respondents: Set<string> }>();
  const roleEntry = (role: string) => {
    let e = roleSummaries.get(role);
    if (!e) {
      e = { summary: emptySummary(o.kind, scale), respondents: new Set() };
      roleSummaries.set(role, e);
    }
    return e;
  };
  const add = (s: ScoreSummary, value: Kept['value'], i: number) => {
    try {
      addToSummary(s, value);
    } catch (e) {
      if (isCxError(e))
        throw new CxError(`${fn}/invalid-value`, `answers[${i}].value: ${e.message}`, {
          field: `answers[${i}].value`,
          rule: e.code,
        });
      throw e;
    }
  };

  const latest = new Map<string, Kept & { index: number }>();
  const perRespondent = new Map<string, ScoreSummary>();
  let inWindow = 0;
  answers.forEach((a, i) => {
    const time = toTime(fn, `answers[${i}].answeredAt`, a.answeredAt);
    if (time < from || time >= to) return;
    inWindow += 1;
    const key = a.respondentId === undefined ? `\u0000anonymous:${i}` : `id:${a.respondentId}`;
    const role = a.role ?? 'other';
    if (o.mode === 'pooled') {
      add(summary, a.value, i);
      let own = perRespondent.get(key);
      if (!own) perRespondent.set(key, (own = emptySummary(o.kind, scale)));
      add(own, a.value, i);
      const e = roleEntry(role);
      add(e.summary, a.value, i);
      e.respondents.add(key);
      latest.set(key, { role, time, value: a.value, index: i });
      return;
    }
    const prev = latest.get(key);
    const better =
      prev === undefined ||
      (a.value !== null && prev.value === null) ||
      ((a.value === null) === (prev.value === null) && time >= prev.time);
    if (better) latest.set(key, { role, time, value: a.value, index: i });
  });

  let weighted: WeightedHistogram | undefined;
  if (o.mode !== 'pooled') {
    if (o.mode === 'role-weighted')
      weighted = {
        counts: new Array<number>(summary.counts.length).fill(0),
        cantRecommend: 0,
        totalWeight: 0,
        sumSquaredWeights: 0,
        effectiveN: 0,
        respondents: 0,
      };
    for (const [key, k] of latest) {
      add(summary, k.value, k.index);
      const e = roleEntry(k.role);
      add(e.summary, k.value, k.index);
      e.respondents.add(key);
      if (weighted && typeof k.value === 'number') {
        const w = roleWeight(weights, k.role);
        if (w > 0) {
          const i = k.value - scale.min;
          weighted.counts[i] = (weighted.counts[i] ?? 0) + w;
          weighted.totalWeight += w;
          weighted.sumSquaredWeights += w * w;
          weighted.respondents += 1;
        }
      } else if (weighted && k.value === 'cant-recommend')
        weighted.cantRecommend += roleWeight(weights, k.role);
    }
    if (weighted && weighted.sumSquaredWeights > 0)
      weighted.effectiveN = (weighted.totalWeight * weighted.totalWeight) / weighted.sumSquaredWeights;
  }

  const byRole: RoleBreakdown[] = [...roleSummaries]
    .map(([role, e]) => ({
      role,
      weight: roleWeight(weights, role),
      respondents: e.respondents.size,
      summary: e.summary,
    }))
    .sort((x, y) => y.weight - x.weight || x.role.localeCompare(y.role));
  const r: AccountRollup = { mode: o.mode, summary, byRole, respondents: latest.size, answers: inWindow };
  if (weighted) r.weighted = weighted;
  if (o.mode === 'pooled') r.byRespondent = [...perRespondent.values()];
  return r;
}
