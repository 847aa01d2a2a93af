import { describe, expect, it } from 'vitest';
import {
  AlertRuleSchema,
  backtestAlertRules,
  periodRange,
  summarize,
  type AccountMonthSummary,
} from '@cxkit/core';

const repeat = (score: number, times: number) => new Array<number>(times).fill(score);
const npsMix = (d: number, p: number, q: number) =>
  summarize('nps', [...repeat(3, d), ...repeat(8, p), ...repeat(10, q)]);
const row = (accountId: string, month: string, d: number, p: number, q: number): AccountMonthSummary => ({
  accountId,
  metric: 'nps',
  month,
  summary: npsMix(d, p, q),
});

describe('backtestAlertRules', () => {
  // Two accounts steady at NPS 33 through 2025; "acme" collapses from March 2026.
  const rows: AccountMonthSummary[] = [];
  for (const month of periodRange('2025-01', '2026-06')) {
    rows.push(row('globex', month, 2, 4, 6));
    const fallen = month >= '2026-03';
    rows.push(fallen ? row('acme', month, 9, 2, 1) : row('acme', month, 2, 4, 6));
  }
  const minimal = AlertRuleSchema.parse({
    id: 'odd',
    kind: 'anomaly',
    metric: 'nps',
    scope: { type: 'account' },
  });

  it('replays a minimal rule month by month and raises the fall once, in the month it started', () => {
    const r = backtestAlertRules([minimal], rows, { from: '2026-01', to: '2026-06' });
    expect(r.months).toEqual(periodRange('2026-01', '2026-06'));
    expect(r.evaluations).toBe(6 * 2);
    expect(r.alerts.map((a) => [a.ruleId, a.target, a.period, a.severity])).toEqual([
      ['odd', { type: 'account', accountId: 'acme' }, '2026-03', 'warning'],
    ]);
    // Judged once March was complete, as the live server's default does.
    expect(r.alerts[0]!.evaluatedAt).toBe('2026-04-01T00:00:00.000Z');
  });

  it('pools a segment, skips rules it cannot replay, and checks the months', () => {
    const segment = AlertRuleSchema.parse({
      id: 'all-drop',
      kind: 'significant-change',
      metric: 'nps',
      scope: { type: 'segment', id: 'all' },
    });
    const angry = AlertRuleSchema.parse({
      id: 'angry',
      kind: 'detractor-negative-verbatim',
      scope: { type: 'account' },
    });
    const r = backtestAlertRules([segment, angry], rows, { from: '2026-02', to: '2026-04' });
    expect(r.evaluations).toBe(3);
    expect(r.alerts.map((a) => [a.target, a.period])).toEqual([[{ type: 'segment', id: 'all' }, '2026-03']]);
    expect(r.alerts[0]!.details).toMatchObject({ from: { n: 24 }, to: { n: 24 } });
    expect(r.skipped).toEqual([{ ruleId: 'angry', reason: 'needs analysed open answers' }]);
    expect(() => backtestAlertRules([segment], rows, { from: '2026-13', to: '2026-04' })).toThrow(
      /backtestAlertRules\/invalid-month.*from/,
    );
    expect(() => backtestAlertRules([segment], rows, { from: '2026-05', to: '2026-04' })).toThrow(
      /empty-range/,
    );
  });
});
