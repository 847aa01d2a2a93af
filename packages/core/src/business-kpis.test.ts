import { describe, expect, it } from 'vitest';
import {
  customerLifetimeValue,
  durationStats,
  engagementScore,
  mrr,
  resolutionTime,
  retentionRate,
  tQuantile,
  ticketBacklog,
  timeOnSite,
  timeToFirstResponse,
  timeToQuote,
} from '@cxkit/core';

describe('retentionRate', () => {
  it('is (customers at end − new customers) / customers at start × 100 (seeds 000, 004)', () => {
    const r = retentionRate({ customersAtStart: 200, customersAtEnd: 210, newCustomers: 30 });
    expect(r).toMatchObject({ status: 'ok', n: 200, value: 90 });
    expect(r.status === 'ok' && r.interval?.method).toBe('wilson');
  });

  it('rejects counts that cannot be true and says insufficient data for an empty start', () => {
    expect(() => retentionRate({ customersAtStart: 100, customersAtEnd: 10, newCustomers: 30 })).toThrowError(
      /retentionRate\/inconsistent-counts/,
    );
    expect(retentionRate({ customersAtStart: 0, customersAtEnd: 5, newCustomers: 5 })).toMatchObject({
      status: 'insufficient-data',
    });
  });
});

describe('customerLifetimeValue', () => {
  it('is average purchase value × purchase frequency × average lifespan (seed 004)', () => {
    const r = customerLifetimeValue({
      averagePurchaseValue: 1200,
      purchaseFrequency: 4,
      averageLifespan: 5,
      customers: 80,
    });
    expect(r).toMatchObject({ status: 'ok', n: 80, value: 24000 });
  });

  it('needs measured customers and non-negative factors', () => {
    expect(
      customerLifetimeValue({
        averagePurchaseValue: 1,
        purchaseFrequency: 1,
        averageLifespan: 1,
        customers: 0,
      }),
    ).toMatchObject({ status: 'insufficient-data' });
    expect(() =>
      customerLifetimeValue({
        averagePurchaseValue: -1,
        purchaseFrequency: 1,
        averageLifespan: 1,
        customers: 3,
      }),
    ).toThrowError(/customerLifetimeValue\/invalid-number: averagePurchaseValue/);
  });
});

describe('mrr', () => {
  it('sums monthly recurring payments of customers, excluding one-off and variable fees and prospects (seed 004)', () => {
    const r = mrr([
      { customerId: 'a', amount: 500 },
      { customerId: 'b', amount: 1200, interval: 'year' },
      { customerId: 'b', amount: 300, interval: 'quarter' },
      { customerId: 'c', amount: 2000, type: 'one-off' },
      { customerId: 'a', amount: 80, type: 'variable' },
      { customerId: 'p', amount: 900, prospect: true },
    ]);
    expect(r).toMatchObject({
      status: 'ok',
      n: 2,
      value: 700,
      details: { customers: 2, averagePerCustomer: 350, excludedLines: 3 },
    });
  });

  it('takes discounts and credit notes as negative lines: recurring ones lower the MRR, one-off ones are left out', () => {
    const r = mrr([
      { customerId: 'a', amount: 500 },
      { customerId: 'a', amount: -50 },
      { customerId: 'b', amount: 1200, interval: 'year' },
      { customerId: 'b', amount: -120, interval: 'year' },
      { customerId: 'c', amount: -300, type: 'one-off' },
      { customerId: 'd', amount: 100 },
      { customerId: 'd', amount: -100 },
    ]);
    // 450 + 90 + 0: d's discount cancels its charge, so d is not a paying customer.
    expect(r).toMatchObject({
      status: 'ok',
      value: 540,
      n: 2,
      details: {
        customers: 2,
        averagePerCustomer: 270,
        negativeLines: 3,
        nonPayingCustomers: 1,
        excludedLines: 1,
      },
    });
  });

  it('counts the lines in force at an as-of date (start inclusive, end exclusive)', () => {
    const lines = [
      { customerId: 'a', amount: 500, start: '2026-01-01' },
      { customerId: 'a', amount: -100, start: '2026-01-01', end: '2026-04-01' },
      { customerId: 'b', amount: 300, start: '2026-03-15', end: '2026-09-01' },
      { customerId: 'c', amount: 200, end: '2026-02-01' },
    ];
    expect(mrr(lines, { asOf: '2026-03-31' })).toMatchObject({
      value: 700,
      n: 2,
      details: { excludedLines: 1 },
    });
    expect(mrr(lines, { asOf: new Date('2026-04-01T00:00:00Z') })).toMatchObject({ value: 800, n: 2 });
    expect(mrr(lines, { asOf: '2026-01-15' })).toMatchObject({ value: 600, n: 2 });
    expect(mrr(lines, { asOf: '2026-01-15' }).details.asOf).toBe('2026-01-15T00:00:00.000Z');
    expect(mrr(lines).value).toBe(900);
  });

  it('names the bad line and field', () => {
    expect(() =>
      mrr([
        { customerId: 'a', amount: 1 },
        { customerId: 'b', amount: Number.NaN },
      ]),
    ).toThrowError(/mrr\/invalid-line: lines\[1\]\.amount/);
    expect(() => mrr([{ customerId: 'a', amount: 1, start: '2026-02-01', end: '2026-01-01' }])).toThrowError(
      /lines\[0\]\.end: must be after start/,
    );
    expect(() => mrr([], { asOf: 'soon' })).toThrowError(/mrr\/invalid-as-of/);
    expect(mrr([])).toMatchObject({ status: 'insufficient-data' });
  });
});

describe('durations', () => {
  it('time on site is the mean session duration, read as short under 60 s and very short under 30 s (seed 002)', () => {
    expect(timeOnSite([20, 45, 70])).toMatchObject({ value: 45, details: { signal: 'short', median: 45 } });
    expect(timeOnSite([10, 20])).toMatchObject({ details: { signal: 'very-short' } });
    expect(timeOnSite([90, 120])).toMatchObject({ details: { signal: 'ok' } });
    expect(timeOnSite([])).toMatchObject({ status: 'insufficient-data', details: { signal: null } });
  });

  it('response, resolution and quote times give mean with t interval, median and p90', () => {
    const r = resolutionTime([1, 2, 3, 10]);
    expect(r).toMatchObject({ value: 4, details: { median: 2.5 } });
    expect(r.details.p90).toBeCloseTo(3 + 0.7 * 7, 12);
    const sd = Math.sqrt((9 + 4 + 1 + 36) / 3);
    expect(r.status === 'ok' && r.interval!.upper).toBeCloseTo(4 + (tQuantile(0.975, 3) * sd) / 2, 12);
    expect(r.status === 'ok' && r.interval!.lower).toBe(0); // clipped: a duration is never negative
    expect(timeToFirstResponse([2, 4]).value).toBe(3);
    expect(timeToQuote([48]).value).toBe(48);
    expect(() => durationStats('timeToQuote', [1, -2])).toThrowError(
      /timeToQuote\/invalid-duration: durations\[1\]/,
    );
  });
});

describe('ticketBacklog', () => {
  it('counts tickets open at a moment and the age of the oldest', () => {
    const r = ticketBacklog(
      [
        { openedAt: '2026-03-01T00:00:00Z' },
        { openedAt: '2026-03-05T00:00:00Z', closedAt: '2026-03-06T00:00:00Z' },
        { openedAt: '2026-03-08T00:00:00Z', closedAt: '2026-03-20T00:00:00Z' },
        { openedAt: '2026-03-15T00:00:00Z' },
      ],
      '2026-03-10T00:00:00Z',
    );
    expect(r).toMatchObject({ status: 'ok', n: 3, value: 2, details: { oldestOpenDays: 9 } });
    expect(() => ticketBacklog([{ openedAt: 'x' }], '2026-03-10T00:00:00Z')).toThrowError(
      /ticketBacklog\/invalid-date: tickets\[0\]\.openedAt/,
    );
  });
});

describe('engagementScore', () => {
  const config = {
    components: {
      usage: { weight: 3, max: 20 },
      events: { weight: 1, max: 2 },
      purchases: { weight: 1, max: 4 },
    },
  };

  it('is the weighted sum of capped, normalised components (seed 000)', () => {
    const r = engagementScore({ usage: 10, events: 5, purchases: 2 }, config);
    // usage 50, events capped at 100, purchases 50: (3 × 50 + 100 + 50) / 5 = 60.
    expect(r).toMatchObject({ status: 'ok', n: 3, value: 60 });
    expect(r.details.contributions.map((c) => c.points).reduce((a, b) => a + b)).toBeCloseTo(60, 12);
  });

  it('spreads the weight of missing components and lists them', () => {
    const r = engagementScore({ usage: 10, purchases: 4 }, config);
    expect(r).toMatchObject({ value: 62.5, details: { missing: ['events'] } });
    expect(engagementScore({}, config)).toMatchObject({ status: 'insufficient-data' });
  });

  it('rejects bad config, unknown components and negative values naming the field', () => {
    expect(() =>
      engagementScore({ usage: 1 }, { components: { usage: { weight: 0, max: 1 } } }),
    ).toThrowError(/engagementScore\/invalid-config: config\.components/);
    expect(() => engagementScore({ logins: 1 }, config)).toThrowError(
      /engagementScore\/unknown-component: values\.logins/,
    );
    expect(() => engagementScore({ usage: -1 }, config)).toThrowError(
      /engagementScore\/invalid-value: values\.usage/,
    );
  });
});
