import { predictChurn, type ChurnDriver, type ChurnModel } from './churn-model.js';
import { DEFAULT_CHURN_PRIOR, churnPriorFromHealth, type ChurnPrior } from './churn-prior.js';
import type { FeatureRow } from './feature-encoder.js';
import type { HealthScoreResult } from './health-score.js';

/** Fewest churn events a tenant's model must have learned from before its predictions replace the prior. */
export const MIN_CHURN_EVENTS = 30;

/** An account's churn risk, from the tenant's model or from the health-score prior. */
export interface ChurnRisk {
  /** Probability of churning within `horizonDays`. */
  probability: number;
  /** `model` (trained on the tenant's history) or `prior` (from the health score). */
  source: 'model' | 'prior';
  /** Horizon of the probability, in days. */
  horizonDays: number;
  /** Top drivers, signed, in plain words. */
  drivers: ChurnDriver[];
  /** Why the prior was used (absent for model predictions). */
  reason?: string;
  /** How the tenant's model did against the prior on its time-split validation (when a validated model exists). */
  validation?: ChurnValidationView;
}

/** The figures of a model's time-split validation the card shows. */
export interface ChurnValidationView {
  /** Model AUC on the validation snapshots (null with one class). */
  auc: number | null;
  /** Model Brier score. */
  brier: number;
  /** Model calibration slope (1 is ideal). */
  calibrationSlope: number | null;
  /** Prior AUC on the same snapshots. */
  priorAuc: number | null;
  /** Prior Brier score. */
  priorBrier: number;
  /** First and last validation cut-off (ISO). */
  from: string;
  /** Last validation cut-off. */
  to: string;
  /** Validation snapshots. */
  rows: number;
  /** Of which churned within the horizon. */
  events: number;
  /** Whether the model beat the prior (it is used only then). */
  beatsPrior: boolean;
}

function validationView(model: ChurnModel | null): ChurnValidationView | undefined {
  const v = model?.validation;
  if (!v) return undefined;
  return {
    auc: v.model.auc,
    brier: v.model.brier,
    calibrationSlope: v.model.calibrationSlope,
    priorAuc: v.prior.auc,
    priorBrier: v.prior.brier,
    from: v.validation.from,
    to: v.validation.to,
    rows: v.validation.rows,
    events: v.validation.events,
    beatsPrior: v.beatsPrior,
  };
}

const f3 = (v: number | null) => (v === null ? 'n/a' : v.toFixed(3));

/** A model is used when it learned from enough events and, when it was validated over time, beat the prior there. */
function usable(model: ChurnModel | null, minEvents: number): model is ChurnModel {
  return !!model && model.training.events >= minEvents && model.validation?.beatsPrior !== false;
}

/** Inputs of {@link assessChurnRisk}. */
export interface ChurnRiskInput {
  /** The account's health score (used by the prior). */
  health: HealthScoreResult | null;
  /** The account's feature row (used by the model). */
  features?: FeatureRow | null;
}

/** Options of {@link assessChurnRisk}. */
export interface ChurnRiskOptions {
  /** The tenant's trained model, if any. */
  model?: ChurnModel | null;
  /** Minimum training churn events for the model to be used. Default {@link MIN_CHURN_EVENTS}. */
  minEvents?: number;
  /** Prior used otherwise. */
  prior?: ChurnPrior;
  /** Drivers to return. Default 3. */
  topDrivers?: number;
  /** Display names of feature columns in the drivers' text (see {@link healthFeatureLabels}). */
  columnLabels?: Readonly<Record<string, string>>;
}

/**
 * An account's churn risk: the tenant's model when it learned from at least `minEvents` churn
 * events and the account has features (p = sigmoid(calibrated log-odds), see {@link predictChurn});
 * otherwise the transparent health-score prior, `logit(p) = logit(atZero) + s x score` with
 * `s = (logit(atHundred) - logit(atZero)) / 100`, labelled `source: 'prior'` with the reason; null
 * when neither applies (no model and no health score).
 * @example assessChurnRisk({ health: computeHealthScore(input, DEFAULT_HEALTH_CONFIG) }).source // "prior" (no model yet)
 */
export function assessChurnRisk(input: ChurnRiskInput, options: ChurnRiskOptions = {}): ChurnRisk | null {
  const minEvents = options.minEvents ?? MIN_CHURN_EVENTS;
  const top = options.topDrivers ?? 3;
  const model = options.model ?? null;
  if (usable(model, minEvents) && input.features) {
    const [p] = predictChurn(model, [input.features], {
      topDrivers: top,
      ...(options.columnLabels ? { columnLabels: options.columnLabels } : {}),
    });
    if (p)
      return {
        probability: p.probability,
        source: 'model',
        horizonDays: model.horizonDays,
        drivers: p.drivers,
        ...(model.validation ? { validation: validationView(model)! } : {}),
      };
  }
  if (!input.health || input.health.status !== 'ok') return null;
  const prior = options.prior ?? DEFAULT_CHURN_PRIOR;
  const estimate = churnPriorFromHealth(input.health, prior, top);
  const v = model?.validation;
  const reason = !model
    ? 'no churn model trained yet: prior from the health score'
    : model.training.events < minEvents
      ? `the model learned from ${model.training.events} churn events (fewer than ${minEvents}): prior from the health score`
      : v && !v.beatsPrior
        ? `the tenant's model did not beat the health-based prior on its later history (AUC ${f3(v.model.auc)} vs ${f3(v.prior.auc)}, Brier ${f3(v.model.brier)} vs ${f3(v.prior.brier)}): prior from the health score`
        : 'no features for this account: prior from the health score';
  const view = validationView(model);
  return {
    probability: estimate.probability,
    source: 'prior',
    horizonDays: prior.horizonDays,
    drivers: estimate.drivers,
    reason,
    ...(view ? { validation: view } : {}),
  };
}

/**
 * {@link assessChurnRisk} for every account of a tenant at once: the same results, with the
 * model applied to all feature rows in one batch (what the scheduled recomputation calls).
 */
export function assessChurnRisks(
  inputs: readonly ChurnRiskInput[],
  options: ChurnRiskOptions = {},
): (ChurnRisk | null)[] {
  const minEvents = options.minEvents ?? MIN_CHURN_EVENTS;
  const model = options.model ?? null;
  const out = inputs.map(() => null as ChurnRisk | null);
  const scored: number[] = [];
  if (usable(model, minEvents)) {
    const view = validationView(model);
    inputs.forEach((input, i) => {
      if (input.features) scored.push(i);
    });
    const predictions = predictChurn(
      model,
      scored.map((i) => inputs[i]?.features as FeatureRow),
      {
        topDrivers: options.topDrivers ?? 3,
        ...(options.columnLabels ? { columnLabels: options.columnLabels } : {}),
      },
    );
    scored.forEach((i, k) => {
      const p = predictions[k];
      if (p)
        out[i] = {
          probability: p.probability,
          source: 'model',
          horizonDays: model.horizonDays,
          drivers: p.drivers,
          ...(view ? { validation: view } : {}),
        };
    });
  }
  inputs.forEach((input, i) => {
    if (out[i] === null)
      out[i] = assessChurnRisk({ health: input.health, features: null }, { ...options, model }) ?? null;
  });
  return out;
}

/** Churn risk in the shape of `AccountSummaryView['churn']` (null stays null). */
export function toChurnView(
  risk: ChurnRisk | null,
  computedAt: string,
): {
  probability: number;
  source: 'model' | 'prior';
  horizonDays: number;
  drivers: ChurnDriver[];
  reason?: string;
  validation?: ChurnValidationView;
  computedAt: string;
} | null {
  if (!risk) return null;
  return {
    probability: risk.probability,
    source: risk.source,
    horizonDays: risk.horizonDays,
    drivers: risk.drivers.map((d) => ({ feature: d.feature, contribution: d.contribution, text: d.text })),
    ...(risk.reason === undefined ? {} : { reason: risk.reason }),
    ...(risk.validation ? { validation: { ...risk.validation } } : {}),
    computedAt,
  };
}
