import { describe, expect, it } from 'vitest';
import { renderMonthlyReport, type MonthlyReportInput } from './monthly-report.js';

const window = { from: '2026-05-01T00:00:00.000Z', to: '2026-05-31T23:59:59.999Z', months: 1 };
const input: MonthlyReportInput = {
  tenant: 'Acme & <Sons>',
  month: '2026-05',
  generatedAt: '2026-06-01T06:00:00.000Z',
  kpis: [
    {
      kpi: 'nps',
      figure: { status: 'ok', n: 200, value: 30, unit: 'points', interval: null, smallSample: false },
      target: null,
      trend: [
        {
          period: '2026-05',
          n: 120,
          value: 42,
          lower: 30,
          upper: 53,
          smallSample: false,
          change: { comparedWith: '2026-04', delta: 17, p: 0.0004, significant: true },
          target: { target: 35, gap: 7, met: true, verdict: 'not-distinguishable' },
        },
      ],
    },
  ],
  themes: {
    generatedAt: window.to,
    window,
    language: 'en',
    themes: [
      {
        theme: 'delivery',
        label: 'Delivery',
        count: 3,
        accounts: 2,
        sentiment: { negative: 3, neutral: 0, positive: 0 },
        meanScore: -0.5,
        negativeShare: { status: 'ok', n: 3, value: 100, unit: 'percent', interval: null, smallSample: true },
        examples: [{ text: 'Late again <script>alert(1)</script>', sentiment: -0.6 }],
      },
    ],
  },
  alerts: {
    generatedAt: window.to,
    window,
    total: 0,
    open: 0,
    bySeverity: {
      info: { total: 0, open: 0 },
      warning: { total: 0, open: 0 },
      critical: { total: 0, open: 0 },
    },
    latest: [],
  },
  plan: { generatedAt: window.to, actions: [] },
};

describe('renderMonthlyReport', () => {
  it('reports the month with its interval and n, the significant change, and escapes every value', () => {
    const html = renderMonthlyReport(input);
    expect(html).toContain('<title>Acme &amp; &lt;Sons&gt; · customer experience · 2026-05</title>');
    expect(html).toContain(
      '<td>+42 (95 % interval +30 to +53), n = 120</td><td>+35: within the noise of the target</td>',
    );
    expect(html).toContain('<li>NPS rose by 17.0 points from 2026-04 (p = &lt; 0.001).</li>');
    expect(html).toContain('<q>Late again &lt;script&gt;alert(1)&lt;/script&gt;</q>');
    expect(html).not.toContain('<script');
    expect(html).toContain('No alert this month.');
    expect(html).toContain('No action in the plan.');
  });
});
