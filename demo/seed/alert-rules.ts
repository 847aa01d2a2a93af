import { AlertRuleSchema, type AlertRule } from '@cxkit/core';
import type { DemoDataSet } from './generate.js';

/** Segment id of a distributor's accounts, as alerts and dedup keys name it (`distributor-sonepar-link`). */
export function distributorSegmentId(distributor: string): string {
  return `distributor-${distributor
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}`;
}

/**
 * The alert rules an account team at the demo supplier would set: an account entering the red health band
 * (a warning) or scoring below 30 (critical), a fifth or more of the enterprise accounts in it, a churn risk above 25%, a significant quarter-on-quarter NPS drop in a distributor's accounts, a
 * detractor with an angry comment, and a month whose NPS leaves its usual range. Score rules judge the last
 * complete period, since the seeded history ends last month and the month in progress has no answers yet.
 */
export function demoAlertRules(data: DemoDataSet): AlertRule[] {
  const distributors = [...new Set(data.accounts.map((a) => a.distributor))].sort();
  const rules: unknown[] = [
    // Since silence counts in the health score, about one customer in six sits in the at-risk band: each is
    // still alerted, as a warning, and only the deepest scores page as critical (a handful, not 32).
    {
      id: 'health-at-risk',
      name: 'Account health enters the at-risk band',
      kind: 'threshold',
      metric: 'health-band',
      bands: ['at-risk'],
      severity: 'warning',
      scope: { type: 'account' },
    },
    {
      id: 'health-below-30',
      name: 'Account health below 30',
      kind: 'threshold',
      metric: 'health-score',
      comparator: 'lt',
      threshold: 30,
      severity: 'critical',
      scope: { type: 'account' },
    },
    {
      id: 'enterprise-at-risk-20',
      name: 'Enterprise accounts: 20% or more in the at-risk band',
      kind: 'threshold',
      metric: 'health-band',
      bands: ['at-risk'],
      comparator: 'gte',
      threshold: 0.2,
      severity: 'critical',
      scope: {
        type: 'segment',
        id: 'enterprise',
        accountIds: data.accounts.filter((a) => a.size === 'enterprise').map((a) => a.id),
      },
    },
    {
      id: 'churn-risk-25',
      name: 'Churn risk (90 days) above 25%',
      kind: 'threshold',
      metric: 'churn-risk',
      comparator: 'gt',
      threshold: 0.25,
      severity: 'warning',
      scope: { type: 'account' },
    },
    ...distributors.map((d) => ({
      id: `nps-drop-${distributorSegmentId(d).slice('distributor-'.length)}`,
      name: `Significant NPS drop, ${d} accounts, quarter on quarter`,
      kind: 'significant-change',
      metric: 'nps',
      direction: 'decrease',
      alpha: 0.05,
      period: 'quarter',
      evaluate: 'last-complete',
      minResponses: 30,
      severity: 'warning',
      scope: {
        type: 'segment',
        id: distributorSegmentId(d),
        accountIds: data.accounts.filter((a) => a.distributor === d).map((a) => a.id),
      },
    })),
    {
      id: 'detractor-angry-comment',
      name: 'Detractor with a negative comment',
      kind: 'detractor-negative-verbatim',
      maxScore: 6,
      severity: 'warning',
      scope: { type: 'account' },
    },
    {
      id: 'nps-monthly-anomaly',
      name: 'Monthly NPS outside its usual range',
      kind: 'anomaly',
      metric: 'nps',
      k: 3,
      window: 12,
      evaluate: 'last-complete',
      minResponses: 20,
      severity: 'info',
      scope: { type: 'segment', id: 'all-accounts' },
    },
  ];
  return rules.map((r) => AlertRuleSchema.parse(r));
}
