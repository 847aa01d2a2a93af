import { describe, expect, it } from 'vitest';
import { nps, summarize } from '@cxkit/core';
import { CHURN_DECLINE_MONTHS, generateDemoData, type DemoDataSet } from './generate.js';

const data = generateDemoData({ endMonth: '2026-10' });

const monthsBetween = (a: string, b: string) => {
  const [ya, ma] = a.split('-').map(Number) as [number, number];
  const [yb, mb] = b.split('-').map(Number) as [number, number];
  return yb * 12 + mb - (ya * 12 + ma);
};

/** NPS of the relationship answers of `accounts` whose month lies `from`..`to` months before their end. */
function npsBeforeEnd(
  d: DemoDataSet,
  accounts: Set<string>,
  endOf: (id: string) => string,
  from: number,
  to: number,
) {
  const scores = d.answers
    .filter((a) => a.surveyId === 'relationship' && accounts.has(a.accountId))
    .filter((a) => {
      const before = monthsBetween(a.answeredAt.slice(0, 7), endOf(a.accountId));
      return before >= from && before <= to;
    })
    .map((a) => a.score);
  return nps(summarize('nps', scores));
}

describe('generateDemoData', () => {
  it('is deterministic: the same seed and end month give the same data set', () => {
    expect(generateDemoData({ endMonth: '2026-10' })).toEqual(data);
    expect(generateDemoData({ endMonth: '2026-10', seed: 7 }).answers[0]).not.toEqual(data.answers[0]);
  });

  it('covers about 300 accounts over three years with several roles per account and both languages', () => {
    expect(data.accounts).toHaveLength(300);
    const months = new Set(data.signals.map((s) => s.month));
    expect(months.size).toBe(36);
    for (const a of data.accounts) {
      const roles = new Set(data.respondents.filter((p) => p.accountId === a.id).map((p) => p.role));
      expect(roles.has('buyer') && roles.has('user')).toBe(true);
    }
    expect(new Set(data.answers.map((a) => a.surveyId))).toEqual(
      new Set(['relationship', 'post-purchase', 'post-delivery', 'post-support']),
    );
    const texts = data.answers.filter((a) => a.text !== null);
    expect(texts.some((a) => a.locale === 'fr')).toBe(true);
    expect(texts.some((a) => a.locale === 'en')).toBe(true);
    expect(new Set(data.respondents.map((p) => p.id)).size).toBe(data.respondents.length);
  });

  it('tells one story: churned accounts saw NPS and usage fall before they left', () => {
    const churned = data.accounts.filter((a) => a.churnedAt !== null);
    expect(churned.length).toBeGreaterThan(15);
    const ids = new Set(churned.map((a) => a.id));
    const endOf = (id: string) => data.accounts.find((a) => a.id === id)!.churnedAt!;
    const early = npsBeforeEnd(data, ids, endOf, CHURN_DECLINE_MONTHS + 1, 36);
    const late = npsBeforeEnd(data, ids, endOf, 1, 4);
    expect(early.status === 'ok' && late.status === 'ok').toBe(true);
    expect(late.value!).toBeLessThan(early.value! - 20);
    let fell = 0;
    for (const a of churned) {
      const s = data.signals.filter((x) => x.accountId === a.id);
      const last = s.at(-1)!;
      if (last.activeUsers < s.at(-13)!.activeUsers) fell++;
      expect(last.month < a.churnedAt!).toBe(true);
      expect(data.answers.some((x) => x.accountId === a.id && x.answeredAt.slice(0, 7) >= a.churnedAt!)).toBe(
        false,
      );
    }
    // Usage fell over the last year for most leavers (noise hides a mild slide in a few).
    expect(fell / churned.length).toBeGreaterThan(0.75);
  });

  it('gives retained accounts a higher NPS than churned ones over the same window', () => {
    const retained = new Set(data.accounts.filter((a) => !a.churnedAt).map((a) => a.id));
    const churned = new Set(data.accounts.filter((a) => a.churnedAt).map((a) => a.id));
    const of = (set: Set<string>) =>
      nps(
        summarize(
          'nps',
          data.answers
            .filter((a) => a.surveyId === 'relationship' && set.has(a.accountId))
            .map((a) => a.score),
        ),
      );
    expect(of(retained).value!).toBeGreaterThan(of(churned).value! + 15);
  });
});
