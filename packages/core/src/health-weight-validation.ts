import { CxError } from './cx-error.js';
import type { HealthConfig } from './health-config.js';
import { fitLogisticRegression } from './logistic-regression.js';
import { rocAuc } from './roc-auc.js';

/** One account at one past cut-off: its health components then (0-100, null when missing) and whether it churned within the horizon after. */
export interface HealthOutcome {
  /** The account. */
  accountId: string;
  /** The cut-off (ISO). */
  cutoff: string;
  /** Normalised component values at the cut-off, keyed by component key (null = missing). */
  components: Readonly<Record<string, number | null>>;
  /** 1 when the account churned within the horizon after the cut-off. */
  label: 0 | 1;
}

/** How well a weight set ranks later churn (a lower score should mean more churn). */
export interface WeightSetCheck {
  /** ROC AUC of (100 - score) for churn within the horizon; 0.5 = no better than chance. */
  auc: number;
  /** Snapshots scored. */
  rows: number;
  /** Of which churned. */
  events: number;
}

/** Result of {@link validateHealthWeights}. */
export interface HealthWeightValidation {
  /** The configured weights on the validation (later) cut-offs. */
  current: WeightSetCheck;
  /** The suggested weights, fitted on the earlier cut-offs, on the same validation cut-offs. */
  suggested: WeightSetCheck;
  /** Suggested weights by component key (integers summing to 100; 0 drops a component). */
  weights: Record<string, number>;
  /** The configuration with the suggested weights (bands and scales unchanged), ready for the preview. */
  suggestedConfig: HealthConfig;
  /** Each component alone: AUC of (100 - value) where it has a value, over every snapshot. */
  components: { key: string; label: string; auc: number | null; rows: number }[];
  /** First validation cut-off (ISO): the suggestion learned only from the cut-offs whose horizon ended by then. */
  validationFrom: string;
  /** True when the suggestion ranks later churn better than the current weights (AUC higher by at least 0.01). */
  better: boolean;
}

const DAY = 86_400_000;

function score(
  components: HealthOutcome['components'],
  weights: Readonly<Record<string, number>>,
): number | null {
  let sw = 0;
  let s = 0;
  for (const [k, w] of Object.entries(weights)) {
    const v = components[k];
    if (w <= 0 || v === null || v === undefined || !Number.isFinite(v)) continue;
    sw += w;
    s += w * v;
  }
  return sw > 0 ? s / sw : null;
}

function check(rows: readonly HealthOutcome[], weights: Readonly<Record<string, number>>): WeightSetCheck {
  const p: number[] = [];
  const y: number[] = [];
  for (const r of rows) {
    const s = score(r.components, weights);
    if (s === null) continue;
    p.push(100 - s);
    y.push(r.label);
  }
  const events = y.reduce((a, b) => a + b, 0);
  return { auc: events > 0 && events < y.length ? rocAuc(p, y) : 0.5, rows: y.length, events };
}

/** Integers summing to 100 in proportion to `raw` (largest remainders). */
function toHundred(raw: Record<string, number>): Record<string, number> {
  const total = Object.values(raw).reduce((a, b) => a + b, 0);
  const keys = Object.keys(raw);
  if (!(total > 0)) return Object.fromEntries(keys.map((k) => [k, 0]));
  const exact = keys.map((k) => ((raw[k] as number) / total) * 100);
  const out = exact.map(Math.floor);
  let left = 100 - out.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left <= 0) break;
    out[i] = (out[i] as number) + 1;
    left--;
  }
  return Object.fromEntries(keys.map((k, i) => [k, out[i] as number]));
}

/**
 * Weights fitted to churn: a logistic regression of the label on the components (each in 0-100, a
 * missing one imputed with the account's score under the current weights, which is what the
 * renormalisation does), L2-penalised, keeping only components whose higher values mean less
 * churn (the others are dropped one at a time, weakest first, and the model refitted: a health
 * weight cannot be negative). Because the score is a weighted mean, logit(p) = a - b x score gives
 * w_c proportional to the component's coefficient.
 */
function fitWeights(
  rows: readonly HealthOutcome[],
  keys: readonly string[],
  current: Readonly<Record<string, number>>,
  lambda: number,
) {
  let active = [...keys];
  for (;;) {
    if (active.length === 0) return Object.fromEntries(keys.map((k) => [k, 0]));
    const data = new Float64Array(rows.length * active.length);
    rows.forEach((r, i) => {
      const fallback = score(r.components, current) ?? 50;
      active.forEach((k, j) => {
        const v = r.components[k];
        data[i * active.length + j] =
          (v === null || v === undefined || !Number.isFinite(v) ? fallback : v) / 100;
      });
    });
    const fit = fitLogisticRegression(
      { rows: rows.length, cols: active.length, data },
      rows.map((r) => r.label),
      { lambda },
    );
    const coef = Array.from(fit.coefficients);
    const worst = coef.reduce((w, c, j) => (c > 0 && (w < 0 || c > (coef[w] as number)) ? j : w), -1);
    if (worst < 0) {
      const raw: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
      active.forEach((k, j) => (raw[k] = -(coef[j] as number)));
      return toHundred(raw);
    }
    active = active.filter((_, j) => j !== worst);
  }
}

/**
 * Checks a health configuration's weights against what happened afterwards on the tenant's own
 * history, and suggests a weight set: the snapshots of the latest cut-offs (those at least
 * `horizonDays` after the training ones, holding a third of the churn events or more) are held out;
 * weights are fitted on the earlier ones (see the fit above) and both weight sets are scored on the
 * held-out ones by ROC AUC of (100 - score) for churn within the horizon. Components the tenant
 * never has a value for keep their weight and are not fitted.
 * @throws CxError `validateHealthWeights/too-few-events` with fewer than 10 churn events on either side of the split.
 */
export function validateHealthWeights(
  outcomes: readonly HealthOutcome[],
  config: HealthConfig,
  options: { horizonDays?: number; lambda?: number } = {},
): HealthWeightValidation {
  const horizonDays = options.horizonDays ?? 90;
  const current = Object.fromEntries(config.components.map((c) => [c.key, c.weight]));
  const keys = config.components
    .filter((c) => outcomes.some((o) => typeof o.components[c.key] === 'number'))
    .map((c) => c.key);
  const cutoffs = [...new Set(outcomes.map((o) => o.cutoff))].sort();
  const totalEvents = outcomes.filter((o) => o.label === 1).length;
  let split: { train: HealthOutcome[]; validation: HealthOutcome[]; from: string } | null = null;
  for (let k = cutoffs.length - 1; k > 0; k--) {
    const from = cutoffs[k] as string;
    const validation = outcomes.filter((o) => o.cutoff >= from);
    if (validation.filter((o) => o.label === 1).length * 3 < totalEvents) continue;
    const limit = Date.parse(from) - horizonDays * DAY;
    const train = outcomes.filter((o) => Date.parse(o.cutoff) <= limit);
    split = { train, validation, from };
    break;
  }
  const trainEvents = split?.train.filter((o) => o.label === 1).length ?? 0;
  const validationEvents = split?.validation.filter((o) => o.label === 1).length ?? 0;
  if (!split || trainEvents < 10 || validationEvents < 10 || trainEvents === split.train.length)
    throw new CxError(
      'validateHealthWeights/too-few-events',
      `needs 10 churn events before and 10 after a split in time, got ${trainEvents} and ${validationEvents}`,
    );
  const fitted = fitWeights(split.train, keys, current, options.lambda ?? 1);
  const anyFitted = Object.values(fitted).some((w) => w > 0);
  // Components without data anywhere are not scored: they keep their configured weight for the day
  // the tenant collects them. When no component relates to later churn, there is no suggestion.
  const weights: Record<string, number> = {};
  for (const c of config.components)
    weights[c.key] = anyFitted && keys.includes(c.key) ? (fitted[c.key] ?? 0) : c.weight;
  const suggestedConfig: HealthConfig = {
    ...config,
    components: config.components.map((c) => ({ ...c, weight: weights[c.key] ?? 0 })),
  };
  const cur = check(split.validation, current);
  const sug = check(split.validation, weights);
  const components = config.components.map((c) => {
    const p: number[] = [];
    const y: number[] = [];
    for (const o of outcomes) {
      const v = o.components[c.key];
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      p.push(100 - v);
      y.push(o.label);
    }
    const ev = y.reduce((a, b) => a + b, 0);
    return { key: c.key, label: c.label, auc: ev > 0 && ev < y.length ? rocAuc(p, y) : null, rows: y.length };
  });
  return {
    current: cur,
    suggested: sug,
    weights,
    suggestedConfig,
    components,
    validationFrom: split.from,
    better: sug.auc >= cur.auc + 0.01,
  };
}
