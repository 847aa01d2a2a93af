import { describe, expect, it } from 'vitest';
import { correlateAccounts, pearson } from '@cxkit/core';

describe('correlateAccounts', () => {
  it('aligns the two series by account id and drops accounts known on one side only', () => {
    const nps = new Map<string, number | null>([
      ['acme', 50],
      ['globex', 10],
      ['initech', -20],
      ['umbrella', 30],
      ['hooli', null],
    ]);
    const repurchase = { umbrella: 0.7, initech: 0.1, acme: 0.9, globex: 0.5, stark: 0.2, hooli: 0.4 };
    const r = correlateAccounts(nps, repurchase);
    expect(r).toMatchObject({ n: 4, details: { method: 'pearson', dropped: 2 } });
    expect(r.value).toBeCloseTo(pearson([50, 10, -20, 30], [0.9, 0.5, 0.1, 0.7]).value!, 12);
    expect(correlateAccounts(nps, repurchase, { method: 'spearman' }).value).toBe(1);
  });

  it('says insufficient data when fewer than 3 accounts have both values', () => {
    expect(correlateAccounts({ a: 1, b: 2 }, { a: 3, b: 4, c: 5 })).toMatchObject({
      status: 'insufficient-data',
      n: 2,
    });
  });
});
