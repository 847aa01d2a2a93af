import { z } from 'zod';
import type { ChurnDriver } from './churn-model.js';
import type { HealthScore } from './health-score.js';
import { logit, sigmoid } from './logistic-regression.js';

/**
 * The transparent prior used until a tenant has enough churn events to train a model: churn
 * log-odds fall linearly with the health score, from `atZero` (probability at health 0) to
 * `atHundred` (probability at health 100).
 */
export const ChurnPriorSchema = z
  .strictObject({
    atZero: z.number().gt(0).lt(1),
    atHundred: z.number().gt(0).lt(1),
    horizonDays: z.int().min(1),
  })
  .refine((p) => p.atZero > p.atHundred, { message: 'atZero must exceed atHundred', path: ['atZero'] });

/** A churn prior. */
export type ChurnPrior = z.infer<typeof ChurnPriorSchema>;

/**
 * Default prior over 90 days: 40 % at health 0, 1 % at health 100, so about 7.5 % at health 50 and
 * 3 % at 70 (typical B2B quarterly churn). A starting point to replace with the tenant's own rates.
 */
export const DEFAULT_CHURN_PRIOR: ChurnPrior = { atZero: 0.4, atHundred: 0.01, horizonDays: 90 };

/** A churn probability from the health-score prior. */
export interface ChurnPriorEstimate {
  /** Probability of churning within the prior's horizon. */
  probability: number;
  /** Log-odds. */
  logit: number;
  /** Log-odds of an account at health 50. */
  baseline: number;
  /** Health components that move the risk away from a health-50 account, largest first. */
  drivers: ChurnDriver[];
}

/**
 * Churn probability from the health score alone, with each component's share of the log-odds:
 *
 * logit(p) = logit(atZero) + s x score,  s = (logit(atHundred) - logit(atZero)) / 100
 *
 * Because the score is a weighted mean, s (score - 50) = sum_c s w_c (n_c - 50): component c
 * contributes s w_c (n_c - 50) relative to an account at health 50.
 * @example churnPriorFromHealth(health).probability // 0.4 at health 0, 0.01 at health 100 with the default prior
 */
export function churnPriorFromHealth(
  health: Pick<HealthScore, 'score' | 'contributions'>,
  prior: ChurnPrior = DEFAULT_CHURN_PRIOR,
  topDrivers = 3,
): ChurnPriorEstimate {
  const l0 = logit(prior.atZero);
  const slope = (logit(prior.atHundred) - l0) / 100;
  const z = l0 + slope * health.score;
  const drivers = health.contributions
    .map((c) => {
      const contribution = slope * c.weight * (c.normalized - 50);
      const effect = `${contribution >= 0 ? 'raises' : 'lowers'} risk (${contribution >= 0 ? '+' : '\u2212'}${Math.abs(contribution).toFixed(2)})`;
      return {
        feature: c.component,
        contribution,
        text: `${c.label} at ${Math.round(c.normalized)}/100 ${effect}`,
      };
    })
    .filter((d) => d.contribution !== 0)
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
    .slice(0, topDrivers);
  return { probability: sigmoid(z), logit: z, baseline: l0 + slope * 50, drivers };
}
