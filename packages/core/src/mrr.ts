import { z } from 'zod';
import { CxError } from './cx-error.js';
import { insufficient, kpiValue, type KpiResult } from './kpi-result.js';

const DateSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/**
 * One billed line: only recurring charges of customers (not prospects) count towards MRR. A negative amount is a
 * discount or a credit note: a recurring one (a standing discount) lowers the MRR, a one-off one (a refund) is
 * left out like any one-off line. `start`/`end` date the line for an as-of MRR.
 */
export const BillingLineSchema = z
  .strictObject({
    customerId: z.string().min(1),
    /** Amount billed per `interval`; negative for a discount or a credit note. */
    amount: z.number().finite(),
    /** Billing interval of `amount`; quarterly and yearly amounts are spread per month. */
    interval: z.enum(['month', 'quarter', 'year']).default('month'),
    /** Recurring subscription, one-off fee, or variable (usage) fee. */
    type: z.enum(['recurring', 'one-off', 'variable']).default('recurring'),
    /** A prospect (trial, quote) is not a customer yet. */
    prospect: z.boolean().default(false),
    /** First day the line applies (ISO date or date-time), inclusive; always when omitted. */
    start: DateSchema.optional(),
    /** Day the line stops applying (ISO date or date-time), exclusive; never when omitted. */
    end: DateSchema.optional(),
  })
  .refine((l) => l.start === undefined || l.end === undefined || Date.parse(l.end) > Date.parse(l.start), {
    path: ['end'],
    message: 'must be after start',
  });

/** A billed line as given. */
export type BillingLineInput = z.input<typeof BillingLineSchema>;

/** Options of {@link mrr}. */
export interface MrrOptions {
  /** Count only the lines in force at this moment (`start` ≤ asOf < `end`); every line when omitted. */
  asOf?: Date | string;
}

/** How the MRR was built. */
export interface MrrDetails {
  /** Paying customers counted: net recurring amount above 0. */
  customers: number;
  /** MRR / customers: the average monthly revenue per customer. */
  averagePerCustomer: number | null;
  /** Lines left out (one-off, variable, prospects, not in force at `asOf`). */
  excludedLines: number;
  /** Recurring discount or credit lines counted (negative amounts). */
  negativeLines: number;
  /** Customers whose discounts cancel or exceed their charges (net ≤ 0): their net is in the MRR, not in `customers`. */
  nonPayingCustomers: number;
  /** The as-of moment used (ISO 8601), or null for every line. */
  asOf: string | null;
}

const MONTHS = { month: 1, quarter: 3, year: 12 } as const;

/**
 * Monthly recurring revenue (seed 004): the sum of monthly recurring payments, excluding one-off and variable
 * fees and prospects; equivalently average monthly revenue per customer × customers.
 *
 * MRR = Σ amount / months(interval) over recurring lines of customers in force at `asOf` (negative lines, i.e.
 * discounts and credit notes, included); n = customers whose net is above 0.
 * @throws CxError `mrr/invalid-line` naming `lines[i].field` and the rule; `mrr/invalid-as-of`.
 * @example mrr([{ customerId: 'a', amount: 500 }, { customerId: 'a', amount: -50 }, { customerId: 'b', amount: 1200, interval: 'year' }]).value // 550
 */
export function mrr(lines: readonly BillingLineInput[], o: MrrOptions = {}): KpiResult<MrrDetails> {
  const at = o.asOf === undefined ? null : typeof o.asOf === 'string' ? Date.parse(o.asOf) : o.asOf.getTime();
  if (at !== null && !Number.isFinite(at))
    throw new CxError('mrr/invalid-as-of', `asOf must be a valid date, got ${String(o.asOf)}`, {
      field: 'asOf',
    });
  let excluded = 0;
  let negative = 0;
  const net = new Map<string, number>();
  lines.forEach((raw, i) => {
    const parsed = BillingLineSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = [`lines[${i}]`, ...(issue?.path ?? []).map(String)].join('.');
      throw new CxError('mrr/invalid-line', `${field}: ${issue?.message ?? 'invalid'}`, { field });
    }
    const l = parsed.data;
    const inForce =
      at === null ||
      ((l.start === undefined || Date.parse(l.start) <= at) &&
        (l.end === undefined || at < Date.parse(l.end)));
    if (l.type !== 'recurring' || l.prospect || !inForce) {
      excluded += 1;
      return;
    }
    if (l.amount < 0) negative += 1;
    net.set(l.customerId, (net.get(l.customerId) ?? 0) + l.amount / MONTHS[l.interval]);
  });
  const total = [...net.values()].reduce((s, x) => s + x, 0);
  const n = [...net.values()].filter((x) => x > 0).length;
  const details = {
    customers: n,
    excludedLines: excluded,
    negativeLines: negative,
    nonPayingCustomers: net.size - n,
    asOf: at === null ? null : new Date(at).toISOString(),
  };
  if (n === 0)
    return insufficient(0, 'no recurring revenue from customers', { ...details, averagePerCustomer: null });
  return kpiValue(n, total, { ...details, averagePerCustomer: total / n });
}
