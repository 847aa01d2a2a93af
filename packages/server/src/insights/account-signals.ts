import { z } from 'zod';
import { StorableDateTimeSchema, type HealthSignals } from '@cxkit/core';

const count = z.int().min(0).max(1_000_000_000).nullable().optional();
const FeatureKeySchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,62}$/, 'must start with a letter: letters, digits, _ (max 63)');

/**
 * An account's operational signals: usage, support, commercial and activity figures plus free
 * feature columns for the churn model. Every field is optional; null or absent means unknown
 * (the health score skips that component and says so).
 */
export const AccountSignalsSchema = z.strictObject({
  /** Active users (usage breadth). */
  activeUsers: count,
  /** Active days in the last 30 (usage frequency). */
  activeDays: z.int().min(0).max(31).nullable().optional(),
  /** Features used (usage depth). */
  featuresUsed: count,
  /** Open support tickets. */
  openTickets: count,
  /** First contact resolution, percent. */
  fcrPercent: z.number().min(0).max(100).nullable().optional(),
  /** Mean time to resolution, hours. */
  resolutionHours: z.number().min(0).max(100_000).nullable().optional(),
  /** Monthly recurring revenue. */
  mrr: z.number().min(0).nullable().optional(),
  /** MRR change over the last 3 months, percent. */
  mrrTrendPercent: z.number().min(-100).max(100_000).nullable().optional(),
  /** Next renewal date (YYYY-MM-DD). */
  renewalDate: z.iso.date().nullable().optional(),
  /** Failed or late payments in the last 90 days. */
  paymentIssues: count,
  /** Last product activity. */
  lastActivityAt: StorableDateTimeSchema.nullable().optional(),
  /** When the account left (its churn event); null or absent while it is a customer. */
  churnedAt: StorableDateTimeSchema.nullable().optional(),
  /** Extra feature columns (numeric or categorical) for the churn model and custom health components. */
  features: z
    .record(FeatureKeySchema, z.union([z.number(), z.string().max(200), z.boolean(), z.null()]))
    .refine((f) => Object.keys(f).length <= 100, { message: 'at most 100 feature columns' })
    .optional(),
});

/** An account's signals. */
export type AccountSignals = z.infer<typeof AccountSignalsSchema>;

// Core's health components (healthComponentsFromSignals) read these fields by name: a signal renamed
// here but not there is a type error (the missing key must be listed in this record).
const _healthSignalsCovered: Record<Exclude<keyof HealthSignals, keyof AccountSignals>, never> = {};

/** Account ids of the signals API. */
export const SignalsAccountIdSchema = z.string().min(1).max(128);

/** Body of `POST /v1/admin/signals`: many accounts at once, each replaced as a whole. */
export const SignalsBatchSchema = z.strictObject({
  accounts: z
    .array(AccountSignalsSchema.extend({ accountId: SignalsAccountIdSchema }))
    .min(1)
    .max(1000),
});

/** A batch of signals. */
export type SignalsBatch = z.infer<typeof SignalsBatchSchema>;

/** Stored signals of one account. */
export interface StoredSignals {
  /** The account. */
  accountId: string;
  /** The validated signals. */
  signals: AccountSignals;
  /** Last change. */
  updatedAt: string;
}
