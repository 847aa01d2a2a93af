import { z } from 'zod';

/** Held-out metrics of a churn forecast (null where the held-out rows cannot define one). */
export const ForecastMetricsSchema = z.strictObject({
  /** ROC AUC. */
  auc: z.number().nullable(),
  /** Brier score (lower is better). */
  brier: z.number(),
  /** Calibration slope (1 is ideal). */
  calibrationSlope: z.number().nullable(),
  /** Calibration in the large (0 is ideal). */
  calibrationIntercept: z.number().nullable(),
  /** Expected calibration error, 10 bins. */
  ece: z.number(),
});

/** Held-out metrics of a churn forecast. */
export type ForecastMetrics = z.infer<typeof ForecastMetricsSchema>;

const Span = z.strictObject({
  /** First cut-off date (ISO). */
  from: z.string(),
  /** Last cut-off date (ISO). */
  to: z.string(),
  /** Snapshots (account x cut-off). */
  rows: z.int().min(0),
  /** Snapshots labelled churned within the horizon. */
  events: z.int().min(0),
});

/**
 * A tenant's time-split validation of its churn model, stored with the model: trained on the
 * snapshots whose horizon ended before the validation cut-offs, scored on the later ones, against
 * the health-based prior on the same snapshots. The product uses the model only when `beatsPrior`.
 */
export const ChurnValidationSchema = z.strictObject({
  method: z.literal('time-split'),
  /** Horizon of the labels, days. */
  horizonDays: z.int().min(1),
  /** Training snapshots. */
  train: Span,
  /** Validation snapshots (later cut-offs). */
  validation: Span,
  /** The model's metrics on the validation snapshots. */
  model: ForecastMetricsSchema,
  /** The health-based prior's metrics on the same snapshots. */
  prior: ForecastMetricsSchema,
  /** Lower Brier score than the prior and an AUC at least as high. */
  beatsPrior: z.boolean(),
  /** What the tuning inside the training folds chose. */
  chosen: z.strictObject({
    lambda: z.number().min(0),
    splineKnots: z.int().min(0),
    trees: z.boolean(),
  }),
});

/** A stored time-split validation. */
export type ChurnValidation = z.infer<typeof ChurnValidationSchema>;
