import { describe, expect, it } from 'vitest';
import {
  adoptionRate,
  bounceRate,
  cartAbandonmentRate,
  churnRate,
  complaintRate,
  conversionRate,
  creditNoteRate,
  disputeRate,
  firstContactResolution,
  firstTimeFixRate,
  otif,
  partnerPortalAdoption,
  productReturnRate,
  rate,
  repeatPurchaseRate,
  supportContactRate,
  wilsonInterval,
  type KpiResult,
  type RateDetails,
} from '@cxkit/core';

type Case = [string, (num: number, den: number) => KpiResult<RateDetails>, string, string];

// Every proportion KPI of the catalogue: part / whole × 100, with a Wilson interval.
const proportions: Case[] = [
  [
    'churnRate',
    (a, b) => churnRate({ customersLost: a, customersAtStart: b }),
    'customersLost',
    'customersAtStart',
  ],
  [
    'repeatPurchaseRate',
    (a, b) => repeatPurchaseRate({ repeatCustomers: a, customers: b }),
    'repeatCustomers',
    'customers',
  ],
  ['adoptionRate', (a, b) => adoptionRate({ adopters: a, targeted: b }), 'adopters', 'targeted'],
  [
    'conversionRate',
    (a, b) => conversionRate({ conversions: a, opportunities: b }),
    'conversions',
    'opportunities',
  ],
  [
    'bounceRate',
    (a, b) => bounceRate({ singlePageSessions: a, sessions: b }),
    'singlePageSessions',
    'sessions',
  ],
  [
    'cartAbandonmentRate',
    (a, b) => cartAbandonmentRate({ abandonedCarts: a, cartsStarted: b }),
    'abandonedCarts',
    'cartsStarted',
  ],
  [
    'firstContactResolution',
    (a, b) => firstContactResolution({ resolvedAtFirstContact: a, requests: b }),
    'resolvedAtFirstContact',
    'requests',
  ],
  ['otif', (a, b) => otif({ onTimeInFull: a, orders: b }), 'onTimeInFull', 'orders'],
  [
    'firstTimeFixRate',
    (a, b) => firstTimeFixRate({ fixedOnFirstVisit: a, interventions: b }),
    'fixedOnFirstVisit',
    'interventions',
  ],
  [
    'partnerPortalAdoption',
    (a, b) => partnerPortalAdoption({ activePartners: a, partners: b }),
    'activePartners',
    'partners',
  ],
  ['rate', (a, b) => rate(a, b), 'numerator', 'denominator'],
];

// Events per 100 units of a base: may exceed 100, so no proportion interval.
const eventRates: Case[] = [
  ['complaintRate', (a, b) => complaintRate({ complaints: a, base: b }), 'complaints', 'base'],
  ['supportContactRate', (a, b) => supportContactRate({ contacts: a, base: b }), 'contacts', 'base'],
  ['productReturnRate', (a, b) => productReturnRate({ returns: a, orders: b }), 'returns', 'orders'],
  ['disputeRate', (a, b) => disputeRate({ disputes: a, orders: b }), 'disputes', 'orders'],
  ['creditNoteRate', (a, b) => creditNoteRate({ creditNotes: a, invoices: b }), 'creditNotes', 'invoices'],
];

describe.each(proportions)('%s', (name, kpi, numField, denField) => {
  it('is part / whole × 100 with n = the whole and a Wilson interval', () => {
    const r = kpi(12, 200);
    expect(r).toMatchObject({ status: 'ok', n: 200, value: 6, details: { numerator: 12, denominator: 200 } });
    const w = wilsonInterval(12, 200);
    expect(r.status === 'ok' && r.interval).toMatchObject({
      method: 'wilson',
      lower: 100 * w.lower,
      upper: 100 * w.upper,
    });
  });

  it('says insufficient data when the whole is 0', () => {
    expect(kpi(0, 0)).toMatchObject({
      status: 'insufficient-data',
      n: 0,
      value: null,
      reason: `zero denominator: ${denField} is 0`,
    });
  });

  it('rejects a part larger than the whole, or a non-integer count, naming the field', () => {
    expect(() => kpi(5, 4)).toThrowError(
      new RegExp(`${name}/exceeds-total: ${numField} \\(5\\) cannot exceed ${denField}`),
    );
    expect(() => kpi(-1, 4)).toThrowError(
      new RegExp(`${name}/invalid-count: ${numField} must be an integer >= 0`),
    );
  });
});

describe.each(eventRates)('%s', (name, kpi, numField, denField) => {
  it('is events per 100 units, may exceed 100, and has no proportion interval', () => {
    const r = kpi(450, 300);
    expect(r).toMatchObject({ status: 'ok', n: 300, value: 150 });
    expect(r.status === 'ok' && r.interval).toBeUndefined();
    expect(kpi(6, 400).value).toBeCloseTo(1.5, 12);
  });

  it('says insufficient data for an empty base and names a bad field', () => {
    expect(kpi(0, 0)).toMatchObject({
      status: 'insufficient-data',
      reason: `zero denominator: ${denField} is 0`,
    });
    expect(() => kpi(1.5, 10)).toThrowError(new RegExp(`${name}/invalid-count: ${numField}`));
  });
});
