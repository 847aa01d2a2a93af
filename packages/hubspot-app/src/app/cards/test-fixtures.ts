import type { AccountSummaryView, KpiView } from './account-summary-view.ts';

const insufficient = (n: number, unit: KpiView['unit'], reason: string): KpiView => ({
  status: 'insufficient-data',
  n,
  value: null,
  unit,
  interval: null,
  smallSample: true,
  reason,
});

/** A well-measured account: every section has data. */
export const FULL_VIEW: AccountSummaryView = {
  accountId: 'acct_acme',
  name: 'Acme Industrial',
  generatedAt: '2026-03-02T09:30:00.000Z',
  window: { from: '2025-03-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z', mode: 'role-weighted' },
  nps: {
    status: 'ok',
    n: 57,
    value: 33.8,
    unit: 'points',
    interval: { lower: 21.2, upper: 46.3, level: 0.95, method: 'wald' },
    smallSample: false,
    counts: { detractors: 9, passives: 20, promoters: 28, cantRecommend: 2 },
  },
  npsTrend: [
    { period: '2025-11', n: 14, value: 20, lower: -5, upper: 45 },
    { period: '2025-12', n: 0, value: null, lower: null, upper: null },
    { period: '2026-01', n: 18, value: 28, lower: 6, upper: 50 },
    { period: '2026-02', n: 25, value: 36, lower: 17, upper: 55 },
  ],
  csat: {
    status: 'ok',
    n: 120,
    value: 82.5,
    unit: 'percent',
    interval: { lower: 74.6, upper: 88.3, level: 0.95, method: 'wilson' },
    smallSample: false,
  },
  ces: {
    status: 'ok',
    n: 44,
    value: 5.62,
    unit: 'scale',
    scale: { min: 1, max: 7 },
    interval: { lower: 5.21, upper: 6.03, level: 0.95, method: 't' },
    smallSample: false,
  },
  c2es: insufficient(0, 'scale', 'no C2ES question in the window'),
  roles: [
    {
      role: 'buyer',
      weight: 3,
      respondents: 4,
      nps: {
        status: 'ok',
        n: 12,
        value: 50,
        unit: 'points',
        interval: { lower: 12, upper: 88, level: 0.95, method: 'wald' },
        smallSample: true,
      },
    },
    {
      role: 'user',
      weight: 1,
      respondents: 2,
      nps: insufficient(3, 'points', 'fewer than 5 scored answers'),
    },
  ],
  responses: { total: 180, last90Days: 43, lastAnsweredAt: '2026-02-27T16:05:00.000Z' },
  verbatims: [
    {
      responseId: 'r1',
      answeredAt: '2026-02-20T10:00:00.000Z',
      role: 'buyer',
      score: 9,
      text: 'Onboarding was smooth & fast.',
      sentiment: 0.7,
      themes: ['onboarding'],
    },
    {
      responseId: 'r2',
      answeredAt: '2026-02-27T16:05:00.000Z',
      role: 'user',
      score: 3,
      text: '<script>alert("x")</script> Invoices are <b>always</b> late',
      sentiment: -0.6,
      themes: ['billing'],
    },
  ],
  // Six themes by decreasing count, as the server sends them: the card lists five.
  themes: [
    {
      theme: 'delivery',
      label: 'Delivery',
      count: 9,
      sentiment: { negative: 6, neutral: 1, positive: 2 },
      meanScore: -0.35,
      examples: [
        { text: 'Deliveries <i>always</i> arrive a week late & nobody warns us', sentiment: -0.8 },
        { text: 'Late again.', sentiment: -0.5 },
      ],
    },
    {
      theme: 'after-sales',
      label: 'After-sales service',
      count: 7,
      sentiment: { negative: 2, neutral: 0, positive: 5 },
      meanScore: 0.3,
      examples: [
        {
          text:
            'The after-sales team picked up the phone within minutes every single time we called, walked our ' +
            'operators through the recalibration step by step, and followed up by email the next morning.',
          sentiment: 0.7,
        },
      ],
    },
    {
      theme: 'documentation',
      label: 'Documentation',
      count: 4,
      sentiment: { negative: 0, neutral: 1, positive: 3 },
      meanScore: 0.4,
      examples: [{ text: 'Great documentation.', sentiment: 0.6 }],
    },
    {
      theme: 'pricing',
      label: 'Pricing',
      count: 3,
      sentiment: { negative: 3, neutral: 0, positive: 0 },
      meanScore: -0.5,
      examples: [{ text: 'Too expensive for what we use.', sentiment: -0.5 }],
    },
    {
      theme: 'responsiveness',
      label: 'Responsiveness',
      count: 2,
      sentiment: { negative: 1, neutral: 1, positive: 0 },
      meanScore: -0.2,
      examples: [],
    },
    {
      theme: 'product-quality',
      label: 'Product quality',
      count: 1,
      sentiment: { negative: 0, neutral: 0, positive: 1 },
      meanScore: 0.4,
      examples: [{ text: 'Solid product.', sentiment: 0.4 }],
    },
  ],
  health: {
    score: 71.6,
    band: 'healthy',
    bandLabel: 'Healthy',
    contributions: [
      { component: 'nps', label: 'Account NPS', points: 12.4, normalized: 70, weight: 0.18, raw: 34 },
      { component: 'openTickets', label: 'Open tickets', points: 2.1, normalized: 40, weight: 0.05, raw: 4 },
      {
        component: 'usageFrequency',
        label: 'Usage frequency',
        points: 9.8,
        normalized: 85,
        weight: 0.12,
        raw: 22,
      },
      { component: 'csat', label: 'CSAT', points: 7.5, normalized: 72, weight: 0.1, raw: 82.5 },
    ],
    missing: ['mrrTrend'],
    missingLabels: ['MRR trend'],
    change: -4,
    computedAt: '2026-03-02T09:00:00.000Z',
  },
  churn: {
    probability: 0.234,
    source: 'model',
    horizonDays: 90,
    drivers: [
      {
        feature: 'health_openTickets',
        contribution: 0.42,
        text: 'Open tickets score 40 (low) raises risk (+0.42)',
      },
      {
        feature: 'health_nps',
        contribution: -0.8,
        text: 'Account NPS score 70 (high) lowers risk (\u22120.80)',
      },
      { feature: 'plan', contribution: 0.1, text: 'plan = monthly raises risk (+0.10)' },
      { feature: 'health_mrrTrend', contribution: 0.05, text: 'MRR trend score unknown raises risk (+0.05)' },
    ],
    computedAt: '2026-03-02T09:00:00.000Z',
  },
};

/** A young account: a handful of answers, small samples, the churn prior. */
export const SMALL_SAMPLE_VIEW: AccountSummaryView = {
  ...FULL_VIEW,
  accountId: 'acct_small',
  name: 'Small Co',
  nps: {
    status: 'ok',
    n: 8,
    value: 25,
    unit: 'points',
    interval: { lower: -30, upper: 80, level: 0.95, method: 'adjusted-wald' },
    smallSample: true,
    counts: { detractors: 2, passives: 2, promoters: 4, cantRecommend: 0 },
  },
  npsTrend: [{ period: '2026-02', n: 8, value: 25, lower: -30, upper: 80 }],
  csat: insufficient(2, 'percent', 'fewer than 5 scored answers'),
  ces: insufficient(0, 'scale', 'no answers in the window'),
  roles: [],
  responses: { total: 10, last90Days: 10, lastAnsweredAt: '2026-02-25T08:00:00.000Z' },
  verbatims: [],
  themes: [],
  health: null,
  churn: {
    probability: 0.12,
    source: 'prior',
    horizonDays: 90,
    drivers: [],
    reason: 'the tenant has 12 churned accounts (fewer than 30): prior from the health score',
    computedAt: '2026-03-02T09:00:00.000Z',
  },
};

/** An account nobody has answered for yet. */
export const EMPTY_VIEW: AccountSummaryView = {
  ...SMALL_SAMPLE_VIEW,
  accountId: 'acct_empty',
  name: 'Quiet Ltd',
  nps: {
    ...insufficient(0, 'points', 'no answers in the window'),
    counts: { detractors: 0, passives: 0, promoters: 0, cantRecommend: 0 },
  },
  npsTrend: [],
  csat: insufficient(0, 'percent', 'no answers in the window'),
  responses: { total: 0, last90Days: 0, lastAnsweredAt: null },
  churn: null,
};
