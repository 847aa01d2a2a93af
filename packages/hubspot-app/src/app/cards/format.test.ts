import { describe, expect, it } from 'vitest';
import type { KpiView } from './account-summary-view.ts';
import {
  formatDate,
  formatInsufficient,
  formatKpi,
  formatKpiDetail,
  formatProbability,
  formatRaw,
  formatSentimentSplit,
  formatSigned,
  sentimentLabel,
  shortQuote,
  trendChange,
} from './format.ts';

const kpi = (over: Partial<KpiView>): KpiView => ({
  status: 'ok',
  n: 40,
  value: 10,
  unit: 'points',
  interval: { lower: -5, upper: 25, level: 0.95, method: 'wald' },
  smallSample: false,
  ...over,
});

describe('card number formatting', () => {
  it('signs points and never shows a negative zero', () => {
    expect(formatSigned(33.8)).toBe('+34');
    expect(formatSigned(-12.4)).toBe('-12');
    expect(formatSigned(-0.2)).toBe('0');
    expect(formatSigned(0.04, 1)).toBe('0.0');
  });

  it('formats an interval that crosses zero with explicit signs', () => {
    expect(formatKpiDetail(kpi({}))).toBe('95% CI -5 to +25, n = 40');
    expect(formatKpiDetail(kpi({ interval: { lower: 0.1, upper: 0.3, level: 0.9, method: 'wald' } }))).toBe(
      '90% CI 0 to 0, n = 40',
    );
  });

  it('falls back to n alone without an interval, and to a dash without a value', () => {
    expect(formatKpiDetail(kpi({ interval: null }))).toBe('n = 40');
    const none = kpi({
      status: 'insufficient-data',
      value: null,
      interval: null,
      n: 2,
      reason: 'fewer than 5 answers',
    });
    expect(formatKpi(none)).toBe('—');
    expect(formatInsufficient(none)).toBe('Not enough data (n = 2): fewer than 5 answers');
    expect(formatInsufficient({ ...none, reason: undefined })).toBe('Not enough data (n = 2)');
  });

  it('shows a scale value against its maximum', () => {
    expect(formatKpi(kpi({ unit: 'scale', value: 5.04, scale: { min: 1, max: 7 } }))).toBe('5.0 / 7');
    expect(formatKpi(kpi({ unit: 'percent', value: 99.6 }))).toBe('100%');
  });

  it('rounds probabilities and dates for people', () => {
    expect(formatProbability(0.005)).toBe('1%');
    expect(formatProbability(0.2349)).toBe('23%');
    expect(formatDate('2026-02-27T23:59:00.000Z')).toBe('27 Feb 2026');
    expect(formatDate('not a date')).toBe('not a date');
  });

  it('measures the trend between the last two periods that have data', () => {
    expect(
      trendChange([
        { period: '2026-01', value: 10 },
        { period: '2026-02', value: null },
        { period: '2026-03', value: 4 },
      ]),
    ).toEqual({ delta: -6, since: '2026-01' });
    expect(trendChange([{ period: '2026-03', value: 4 }])).toBeNull();
  });

  it('rounds a raw health input to one decimal and leaves text alone', () => {
    expect(formatRaw(42.29089)).toBe('42.3');
    expect(formatRaw(-9.3)).toBe('-9.3');
    expect(formatRaw(4)).toBe('4');
    expect(formatRaw('gold')).toBe('gold');
  });

  it("labels sentiment with core's thresholds, the edges neutral", () => {
    expect(sentimentLabel(-0.6)).toBe('negative');
    expect(sentimentLabel(-0.051)).toBe('negative');
    expect(sentimentLabel(-0.05)).toBe('neutral');
    expect(sentimentLabel(0)).toBe('neutral');
    expect(sentimentLabel(0.05)).toBe('neutral');
    expect(sentimentLabel(0.051)).toBe('positive');
  });

  it('splits a theme by sentiment, naming neutral answers only when there are some', () => {
    expect(formatSentimentSplit({ negative: 6, neutral: 1, positive: 2 })).toBe(
      '2 positive, 6 negative, 1 neutral',
    );
    expect(formatSentimentSplit({ negative: 0, neutral: 0, positive: 3 })).toBe('3 positive, 0 negative');
  });

  it('quotes short text whole and cuts long text at a word, with an ellipsis', () => {
    expect(shortQuote('  Late\n again.  ')).toBe('“Late again.”');
    expect(shortQuote('one two three four five six', 16)).toBe('“one two three…”');
    expect(shortQuote('one two three four', 14)).toBe('“one two three…”');
    expect(shortQuote('a, b, c, d, e, f, g, h', 8)).toBe('“a, b…”');
    expect(shortQuote('x'.repeat(30), 10)).toBe(`“${'x'.repeat(9)}…”`);
    expect(shortQuote('<b>bold</b> & more', 140)).toBe('“<b>bold</b> & more”');
  });
});
