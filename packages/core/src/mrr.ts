import { z } from 'zod';
import { CxError } from './cx-error.js';
import { insufficient, kpiValue, type KpiResult } from './kpi-result.js';

/** One billed line: only recurring charges of customers (not prospects) count towards MRR. */
export const BillingLineSchema = z.strictObject({
  customerId: z.string().min(1),
  /** Amount billed per `interval`. */
  amount: z.number().min(0),
  /** Billing interval of `amount`; quarterly and yearly amounts are spread per month. */
  interval: z.enum(['month', 'quarter', 'year']).default('month'),
  /** Recurring subscription, one-off fee, or variable (usage) fee. */
  type: z.enum(['recurring', 'one-off', 'variable']).default('recurring'),
  /** A prospect (trial, quote) is not a customer yet. */
  prospect: z.boolean().default(false),
});

/** A billed line as given. */
export type BillingLineInput = z.input<typeof BillingLineSchema>;

/** How the MRR was built. */
export interface MrrDetails {
  /** Paying customers counted. */
  customers: number;
  /** MRR / customers: the average monthly revenue per customer. */
  averagePerCustomer: number | null;
  /** Lines left out (one-off, variable, prospects). */
  excludedLines: number;
}

const MONTHS = { month: 1, quarter: 3, year: 12 } as const;

/**
 * Monthly recurring revenue (seed 004): the sum of monthly recurring payments, excluding one-off and variable
 * fees and prospects; equivalently average monthly revenue per customer × customers.
 *
 * MRR = Σ amount / months(interval) over recurring lines of customers; n = customers with such a line.
 * @throws CxError `mrr/invalid-line` naming `lines[i].field` and the rule.
 * @example mrr([{ customerId: 'a', amount: 500 }, { customerId: 'b', amount: 1200, interval: 'year' }]).value // 600
 */
export function mrr(lines: readonly BillingLineInput[]): KpiResult<MrrDetails> {
  let total = 0;
  let excluded = 0;
  const customers = new Set<string>();
  lines.forEach((raw, i) => {
    const parsed = BillingLineSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = [`lines[${i}]`, ...(issue?.path ?? []).map(String)].join('.');
      throw new CxError('mrr/invalid-line', `${field}: ${issue?.message ?? 'invalid'}`, { field });
    }
    const l = parsed.data;
    if (l.type !== 'recurring' || l.prospect) {
      excluded += 1;
      return;
    }
    total += l.amount / MONTHS[l.interval];
    customers.add(l.customerId);
  });
  const n = customers.size;
  if (n === 0)
    return insufficient(0, 'no recurring revenue from customers', {
      customers: 0,
      averagePerCustomer: null,
      excludedLines: excluded,
    });
  return kpiValue(n, total, { customers: n, averagePerCustomer: total / n, excludedLines: excluded });
}
