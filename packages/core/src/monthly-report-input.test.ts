import { describe, expect, it } from 'vitest';
import { analyzeVerbatim } from './verbatim-analysis.js';
import {
  alertsViewFromBacktest,
  headlineKpiFromMonths,
  themesViewFromComments,
} from './monthly-report-input.js';
import { summarize } from './score-summary.js';
import type { BacktestAlert } from './alert-backtest.js';

const window = { from: '2026-05-01T00:00:00.000Z', to: '2026-05-31T23:59:59.999Z', months: 1 };

describe('headlineKpiFromMonths', () => {
  it("gives each month's NPS, the window's ends as empty months, and the tested change", () => {
    // March: 10 detractors of 10 (-100); May: 10 promoters of 10 (+100).
    const k = headlineKpiFromMonths(
      'nps',
      new Map([
        ['2026-03', summarize('nps', Array<number>(10).fill(0))],
        ['2026-05', summarize('nps', Array<number>(10).fill(10))],
        ['2027-01', summarize('nps', [5])],
      ]),
      { fromMonth: '2026-01', toMonth: '2026-06', target: 50 },
    );
    expect(k.trend.map((p) => [p.period, p.n, p.value])).toEqual([
      ['2026-01', 0, null],
      ['2026-02', 0, null],
      ['2026-03', 10, -100],
      ['2026-04', 0, null],
      ['2026-05', 10, 100],
      ['2026-06', 0, null],
    ]);
    const may = k.trend[4]!;
    // Compared with the last month that had a value, across the empty April.
    expect(may.change).toMatchObject({ comparedWith: '2026-03', delta: 200, significant: true });
    expect(may.target).toMatchObject({ target: 50, gap: 50 });
    // The window's figure pools March and May only (January 2027 is outside it): 10 of each, NPS 0.
    expect(k.figure).toMatchObject({ n: 20, value: 0 });
  });
});

describe('themesViewFromComments', () => {
  const comment = (accountId: string, text: string, answeredAt: string) => ({
    accountId,
    text,
    answeredAt,
    analysis: analyzeVerbatim(text, { language: 'en' }),
  });

  it('counts mentions and accounts per theme, with the negative share and the clearest comment', () => {
    const view = themesViewFromComments(
      [
        comment('a1', 'Delivery was late again, terrible', '2026-05-02'),
        comment('a1', 'The delivery arrived late', '2026-05-03'),
        comment('a2', 'Delivery on time, great', '2026-05-04'),
      ],
      { window, language: 'en' },
    );
    const delivery = view.themes.find((t) => t.theme === 'delivery')!;
    expect(delivery).toMatchObject({ label: 'Delivery', count: 3, accounts: 2 });
    const { negative, neutral, positive } = delivery.sentiment;
    expect(negative + neutral + positive).toBe(3);
    expect(delivery.negativeShare).toMatchObject({ n: 3, value: Math.round((negative / 3) * 1000) / 10 });
    // The quoted comment is the one whose score is furthest from neutral.
    const scores = [
      'Delivery was late again, terrible',
      'The delivery arrived late',
      'Delivery on time, great',
    ].map((t) => [t, Math.abs(analyzeVerbatim(t, { language: 'en' }).sentiment.score)] as const);
    const clearest = [...scores].sort((a, b) => b[1] - a[1])[0]![0];
    expect(delivery.examples[0]!.text).toBe(clearest);
  });
});

describe('alertsViewFromBacktest', () => {
  it('counts replayed alerts by severity, all open, the latest first', () => {
    const alert = (severity: BacktestAlert['severity'], evaluatedAt: string): BacktestAlert => ({
      dedupKey: `r|account:a|${evaluatedAt}|nps`,
      ruleId: 'r',
      ruleKind: 'threshold',
      metric: 'nps',
      severity,
      target: { type: 'account', accountId: 'a' },
      period: evaluatedAt.slice(0, 7),
      value: -20,
      title: 'NPS below 0',
      details: {},
      evaluatedAt,
    });
    const view = alertsViewFromBacktest(
      [alert('warning', '2026-05-01T00:00:00.000Z'), alert('critical', '2026-06-01T00:00:00.000Z')],
      { window },
    );
    expect(view).toMatchObject({ total: 2, open: 2 });
    expect(view.bySeverity).toEqual({
      info: { total: 0, open: 0 },
      warning: { total: 1, open: 1 },
      critical: { total: 1, open: 1 },
    });
    expect(view.latest.map((a) => [a.severity, a.target, a.acknowledgedAt])).toEqual([
      ['critical', { type: 'account', id: 'a' }, null],
      ['warning', { type: 'account', id: 'a' }, null],
    ]);
  });
});
