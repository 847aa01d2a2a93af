import { z } from 'zod';
import { AccountSummaryViewSchema } from '@cxkit/core';

/** A stored health score, as the account view shows it (without `computedAt`, which is the row's). */
export const StoredHealthSchema = AccountSummaryViewSchema.shape.health.unwrap().omit({ computedAt: true });
/** A stored churn risk, as the account view shows it (without `computedAt`). */
export const StoredChurnSchema = AccountSummaryViewSchema.shape.churn.unwrap().omit({ computedAt: true });

/** A stored "insufficient data" health result (kind `health`, no score): why, and how much data there was. */
export const StoredHealthInsufficientSchema = z.strictObject({
  status: z.literal('insufficient-data'),
  ...AccountSummaryViewSchema.shape.healthInsufficient.unwrap().unwrap().omit({ computedAt: true }).shape,
});

/** Health score payload. */
export type StoredHealth = z.infer<typeof StoredHealthSchema>;
/** Churn risk payload. */
export type StoredChurn = z.infer<typeof StoredChurnSchema>;
