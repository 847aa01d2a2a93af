import { describe, expect, it } from 'vitest';
import { AlertRuleSchema, thresholdEvaluate, type ThresholdRule } from '@cxkit/core';

const paths = (input: unknown) => {
  const r = AlertRuleSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
};

describe('AlertRuleSchema', () => {
  it('fills the defaults of each kind', () => {
    const t = AlertRuleSchema.parse({
      id: 'nps-low',
      kind: 'threshold',
      metric: 'nps',
      comparator: 'lt',
      threshold: 0,
      scope: { type: 'account' },
    });
    expect(t).toMatchObject({
      enabled: true,
      severity: 'warning',
      period: 'month',
      trigger: 'crossing',
      minResponses: 10,
    });
    // Left unset: a survey value is judged on the complete month, a health or churn computation at once.
    expect(thresholdEvaluate(t as ThresholdRule)).toBe('last-complete');
    expect(
      thresholdEvaluate({ ...(t as ThresholdRule), metric: 'health-score', comparator: 'lt', threshold: 40 }),
    ).toBe('current');
    const c = AlertRuleSchema.parse({
      id: 'drop',
      kind: 'significant-change',
      metric: 'csat',
      scope: { type: 'account' },
    });
    expect(c).toMatchObject({ alpha: 0.05, direction: 'decrease', period: 'month' });
    const a = AlertRuleSchema.parse({
      id: 'odd',
      kind: 'anomaly',
      metric: 'nps',
      scope: { type: 'segment', id: 'all' },
    });
    expect(a).toMatchObject({
      window: 24,
      lookback: 3,
      minHistory: 6,
      minResponses: 5,
      direction: 'decrease',
    });
    expect(a).not.toHaveProperty('k');
    // A rule stored with the former robust band's k still loads.
    expect(AlertRuleSchema.safeParse({ ...a, k: 3, evaluate: 'current' }).success).toBe(true);
    const d = AlertRuleSchema.parse({
      id: 'angry',
      kind: 'detractor-negative-verbatim',
      scope: { type: 'account' },
    });
    expect(d).toMatchObject({ maxScore: 6, maxSentiment: -0.05 });
  });

  it('names the missing field of a numeric threshold', () => {
    expect(paths({ id: 'x', kind: 'threshold', metric: 'csat', scope: { type: 'account' } })).toEqual([
      'comparator',
      'threshold',
    ]);
    expect(paths({ id: 'x', kind: 'threshold', metric: 'health-band', scope: { type: 'account' } })).toEqual([
      'bands',
    ]);
  });

  it('takes health and churn rules on a segment (no role; a band share within 0-1), refuses tests on metrics without a sample', () => {
    const segment = { type: 'segment', id: 'key-accounts', accountIds: ['a', 'b'] } as const;
    const churn = {
      id: 'x',
      kind: 'threshold',
      metric: 'churn-risk',
      comparator: 'gt',
      threshold: 0.5,
    } as const;
    const band = { id: 'x', kind: 'threshold', metric: 'health-band', bands: ['at-risk'] } as const;
    expect(paths({ ...churn, scope: segment })).toEqual([]);
    expect(paths({ ...churn, scope: { ...segment, role: 'buyer' } })).toEqual(['scope.role']);
    expect(paths({ ...band, scope: segment })).toEqual(['comparator', 'threshold']);
    expect(paths({ ...band, comparator: 'gte', threshold: 20, scope: segment })).toEqual(['threshold']);
    expect(
      paths({ id: 'x', kind: 'significant-change', metric: 'health-score', scope: { type: 'account' } }),
    ).toEqual(['metric']);
  });

  it('checks ranges: alpha, k, minHistory within window, ids', () => {
    expect(
      paths({ id: 'x', kind: 'significant-change', metric: 'nps', alpha: 0.7, scope: { type: 'account' } }),
    ).toEqual(['alpha']);
    expect(paths({ id: 'x', kind: 'anomaly', metric: 'nps', window: 4, scope: { type: 'account' } })).toEqual(
      ['minHistory'],
    );
    expect(paths({ id: 'x', kind: 'anomaly', metric: 'nps', k: -1, scope: { type: 'account' } })).toEqual([
      'k',
    ]);
    expect(paths({ id: 'bad id', kind: 'detractor-negative-verbatim', scope: { type: 'account' } })).toEqual([
      'id',
    ]);
    expect(
      paths({ id: 'x', kind: 'detractor-negative-verbatim', scope: { type: 'account' }, extra: 1 }),
    ).toEqual(['']);
  });
});
