import { z } from 'zod';

/** A tenant's churn forecast settings (versioned setting `churn`). */
export const ChurnSettingsSchema = z.strictObject({
  /** The forecast's horizon: "probability of churning within N days". */
  horizonDays: z.int().min(7).max(730).default(90),
  /** Distinct churned accounts the history needs before a model is trained (below it, the health prior). */
  minEvents: z.int().min(10).max(100_000).default(30),
});

/** Churn settings. */
export type ChurnSettings = z.infer<typeof ChurnSettingsSchema>;

/** Defaults: 90 days, 30 churned accounts. */
export const DEFAULT_CHURN_SETTINGS: ChurnSettings = ChurnSettingsSchema.parse({});
