import { describe, expect, it } from 'vitest';
import { AccountSummaryViewSchema, type AccountSummaryView } from '@cxkit/core';
import { renderCard } from './card-view.js';

const base: AccountSummaryView = AccountSummaryViewSchema.parse({
  accountId: 'acme',
  name: 'Acme',
  generatedAt: '2026-12-01T00:00:00.000Z',
  window: { from: '2026-09-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z', mode: 'pooled' },
  nps: {
    status: 'ok',
    n: 12,
    value: 25,
    unit: 'points',
    interval: null,
    smallSample: false,
    counts: { detractors: 2, passives: 5, promoters: 5, cantRecommend: 0 },
  },
  npsTrend: [],
  csat: {
    status: 'insufficient-data',
    n: 0,
    value: null,
    unit: 'percent',
    interval: null,
    smallSample: true,
  },
  ces: { status: 'insufficient-data', n: 0, value: null, unit: 'scale', interval: null, smallSample: true },
  c2es: {
    status: 'insufficient-data',
    n: 0,
    value: null,
    unit: 'percent',
    interval: null,
    smallSample: true,
  },
  roles: [],
  responses: { total: 12, last90Days: 12, lastAnsweredAt: '2026-11-20T00:00:00.000Z' },
  verbatims: [],
  health: null,
  churn: null,
});
const validation = {
  auc: 0.842,
  brier: 0.014,
  calibrationSlope: 0.83,
  priorAuc: 0.835,
  priorBrier: 0.0175,
  from: '2026-03-06T12:00:00.000Z',
  to: '2026-09-02T12:00:00.000Z',
  rows: 1345,
  events: 20,
};
const churn = { probability: 0.08, horizonDays: 90, drivers: [], computedAt: '2026-12-01T00:00:00.000Z' };

describe('demo company page: the card states of issue 14', () => {
  it('says which forecast it shows and how the model did against the health estimate', () => {
    const model = renderCard({
      ...base,
      churn: { ...churn, source: 'model', validation: { ...validation, beatsPrior: true } },
    });
    expect(model).toContain(
      'Forecast by this portal&#39;s model: AUC 0.84 (health estimate 0.83), calibration slope 0.83, on 20 churns since 6 Mar 2026',
    );
    const prior = renderCard({
      ...base,
      churn: {
        ...churn,
        source: 'prior',
        reason: 'the tenant has 12 churned accounts (fewer than 30): prior from the health score',
      },
    });
    expect(prior).toContain(
      'Estimated from the health score: the tenant has 12 churned accounts (fewer than 30)',
    );
  });

  it('shows insufficient data and never answering', () => {
    const thin = renderCard({
      ...base,
      healthInsufficient: {
        reason: 'data for 38 % of the health weight (minimum 50 %)',
        coverage: 0.38,
        minCoverage: 0.5,
        missingLabels: ['Usage frequency'],
        computedAt: '2026-12-01T00:00:00.000Z',
      },
    });
    expect(thin).toContain('<h3>Health: insufficient data</h3>');
    expect(thin).toContain('Not scored: data for 38 % of the health weight (minimum 50 %).');
    const silent = renderCard({
      ...base,
      health: {
        score: 40,
        band: 'needs-attention',
        bandLabel: 'Needs attention',
        contributions: [
          {
            component: 'daysSinceLastAnswer',
            label: 'Days since last survey answer',
            points: 0,
            normalized: 0,
            weight: 0.4,
            raw: null,
            imputed: true,
          },
          { component: 'nps', label: 'Account NPS', points: 40, normalized: 66.7, weight: 0.6, raw: 30 },
        ],
        missing: ['daysSinceLastAnswer'],
        change: null,
        computedAt: '2026-12-01T00:00:00.000Z',
      },
    });
    expect(silent).toContain('0.0 of 40 pts (scored 0/100: none on record, which counts)');
  });
});
