import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertRuleSchema, periodRange, type AlertRuleInput } from '@cxkit/core';
import { monthsNeeded } from './alert-inputs.js';
import {
  alertWorkerOf,
  analyzePendingVerbatims,
  evaluateAlerts,
  recordAccountInsight,
  upsertAccountSignals,
  verbatimWorkerOf,
  type AppServices,
  type CreatedTenant,
  type Database,
} from '@cxkit/server';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import {
  adminHeaders,
  json,
  npsResponse,
  seedTenant,
  testApp,
  widgetHeaders,
} from '../test-support/fixtures.js';

// Early July: rules judge June, the last complete month, by default.
const NOW = new Date('2026-07-02T12:00:00Z');
// Health and churn computations are judged as they happen (the month in progress) by default.
const MID_JUNE = new Date('2026-06-15T12:00:00Z');

describe.each(STORAGE_TARGETS)('alert rules evaluated on stored data ($name)', (target) => {
  let db: Database;
  let t: CreatedTenant;
  let app: ReturnType<typeof testApp>['app'];
  let services: AppServices;

  /** One request per account and month: `scores` answered by one respondent on the 10th. */
  const answers = async (account: string, month: string, scores: number[], why?: string) => {
    const who = `${account}-${month}`;
    const res = await app.request('/v1/responses', {
      method: 'POST',
      headers: widgetHeaders(t, { account, respondent: who }),
      body: JSON.stringify({
        responses: scores.map((s) =>
          npsResponse(account, who, s, { answeredAt: `${month}-10T10:00:00Z`, ...(why ? { why } : {}) }),
        ),
      }),
    });
    expect(res.status).toBe(200);
  };

  const putRule = async (rule: AlertRuleInput) => {
    const res = await app.request(`/v1/admin/alert-rules/${rule.id}`, {
      method: 'PUT',
      headers: adminHeaders(t),
      body: JSON.stringify(rule),
    });
    expect(res.status).toBe(200);
  };

  const stored = async (ruleId: string) =>
    (
      await db.query<{ dedup_key: string; title: string; details: Record<string, unknown> }>(
        'SELECT dedup_key, title, details FROM alerts WHERE tenant_id = $1 AND rule_id = $2 ORDER BY dedup_key',
        [t.id, ruleId],
      )
    ).rows;

  const run = (now = NOW) => evaluateAlerts(services, { tenantId: t.id, now });

  beforeAll(async () => {
    db = await target.open();
    t = await seedTenant(db, 'acme');
    ({ app, services } = testApp(db, {}, () => NOW));
    await verbatimWorkerOf(services)!.job.stop();
    await alertWorkerOf(services)!.stop();
  }, HOOK_TIMEOUT);
  afterAll(() => db.close(), HOOK_TIMEOUT);

  it('threshold: fires for each account whose NPS is below, once', async () => {
    await answers('low', '2026-05', [9, 9, 10, 8, 7, 10]);
    await answers('low', '2026-06', [2, 3, 5, 9, 1, 0]);
    await answers('high', '2026-06', [9, 10, 10, 9, 7, 8]);
    await putRule({
      id: 'nps-low',
      kind: 'threshold',
      metric: 'nps',
      comparator: 'lt',
      threshold: 0,
      minResponses: 5,
      scope: { type: 'account' },
    });
    const first = await run();
    expect(first.raised.map((a) => a.target)).toEqual([{ type: 'account', id: 'low' }]);
    expect(first.raised[0]!.value).toBeCloseTo(-66.667, 3);
    expect(first.raised[0]!.title).toBe('NPS -66.7 is below 0 for account low (2026-06, n = 6)');
    expect((await run()).raised).toEqual([]);
    expect((await stored('nps-low')).map((r) => r.dedup_key)).toEqual(['nps-low|account:low|2026-06|nps']);
  });

  it('significant change: pools a segment and uses the test, not the raw difference', async () => {
    for (const a of ['s1', 's2']) {
      await answers(a, '2026-05', [10, 10, 9, 9, 10, 8, 10, 9, 10, 7]);
      await answers(a, '2026-06', [3, 5, 2, 9, 6, 8, 4, 10, 1, 6]);
    }
    await answers('s3', '2026-05', [0, 0, 0]); // outside the segment
    await putRule({
      id: 'emea-drop',
      kind: 'significant-change',
      metric: 'nps',
      scope: { type: 'segment', id: 'emea', accountIds: ['s1', 's2'] },
    });
    // A 50-point drop on 4 answers a month is not significant.
    await answers('tiny', '2026-05', [10, 10, 8, 9]);
    await answers('tiny', '2026-06', [10, 3, 8, 9]);
    await putRule({
      id: 'tiny-drop',
      kind: 'significant-change',
      metric: 'nps',
      minResponses: 2,
      scope: { type: 'account', accountId: 'tiny' },
    });
    await run();
    const [emea] = await stored('emea-drop');
    expect(emea!.dedup_key).toBe('emea-drop|segment:emea|2026-06|nps');
    expect(emea!.details).toMatchObject({ from: { n: 20 }, to: { n: 20 } });
    expect(emea!.details['p'] as number).toBeLessThan(0.05);
    expect(await stored('tiny-drop')).toEqual([]);
  });

  it('anomaly: flags a month that fell below the baseline of the trailing year beyond its sampling error', async () => {
    const months = periodRange('2025-06', '2026-05');
    const steady = [
      [9, 9, 10, 7, 8, 3],
      [9, 10, 10, 7, 6, 8],
      [10, 9, 8, 7, 2, 9],
    ];
    for (const [i, m] of months.entries()) await answers('steady', m, steady[i % 3]!);
    await answers('steady', '2026-06', [1, 2, 0, 3, 9, 4]);
    await putRule({
      id: 'odd',
      kind: 'anomaly',
      metric: 'nps',
      scope: { type: 'account', accountId: 'steady' },
    });
    await run();
    const [odd] = await stored('odd');
    expect(odd!.dedup_key).toBe('odd|account:steady|2026-06|nps');
    // June's 6 answers (NPS −66.7) against the 72 of the year before (33.3), each with its sample size.
    expect(odd!.details).toMatchObject({
      baseline: { from: '2024-06', to: '2026-05', months: 12, n: 72 },
      recent: { from: '2026-06', to: '2026-06', n: 6 },
      tests: expect.any(Number),
    });
    expect(odd!.title).toMatch(
      /^NPS fell by 100 points against its usual level for account steady \(2026-06, n = 6 against 72 before/,
    );
  });

  it('reads every month the anomaly scan may use, as the replay does', () => {
    const rule = AlertRuleSchema.parse({
      id: 'a',
      kind: 'anomaly',
      metric: 'nps',
      scope: { type: 'account' },
    });
    // June judged in early July: starts back to January (2 × lookback), each with 24 baseline months.
    expect(monthsNeeded(rule, NOW)).toEqual({ first: '2024-01', last: '2026-07' });
  });

  it('rule preview: replays draft rules over the stored answers with the worker tests, storing nothing', async () => {
    const preview = async (body: unknown) =>
      app.request('/v1/admin/alert-rules/preview', {
        method: 'POST',
        headers: adminHeaders(t),
        body: JSON.stringify(body),
      });
    const minimal = {
      id: 'draft',
      kind: 'anomaly',
      metric: 'nps',
      scope: { type: 'account', accountId: 'steady' },
    };
    const res = await preview({ rules: [minimal] });
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      evaluations: number;
      from: string;
      to: string;
      alerts: { ruleId: string; accountId: string; period: string; severity: string; details: object }[];
    };
    // Default: the 12 complete months before now (early July 2026).
    expect([doc.from, doc.to]).toEqual(['2025-07', '2026-06']);
    expect(doc.evaluations).toBe(12);
    expect(doc.alerts.map((a) => [a.ruleId, a.accountId, a.period, a.severity])).toEqual([
      ['draft', 'steady', '2026-06', 'warning'],
    ]);
    // The same figures as the alert the worker stored for the same rule.
    const [worker] = await (async () =>
      (
        await db.query<{ details: Record<string, unknown> }>(
          "SELECT details FROM alerts WHERE tenant_id = $1 AND rule_id = 'odd'",
          [t.id],
        )
      ).rows)();
    expect(doc.alerts[0]!.details).toMatchObject({
      p: worker!.details['p'],
      baseline: worker!.details['baseline'],
    });
    expect((await stored('draft')).length).toBe(0);
    const bad = await preview({ rules: [{ id: 'x', kind: 'anomaly', scope: { type: 'account' } }] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('rules.0.metric');
  });

  it('health band: fires when a customer enters a watched band, never for a former customer', async () => {
    const health = (score: number, band: string) => ({
      kind: 'health' as const,
      value: { score, band, bandLabel: band, contributions: [], missing: [], change: null },
    });
    await recordAccountInsight(db, t.id, 'h1', health(62, 'watch'), new Date('2026-05-20T00:00:00Z'));
    await recordAccountInsight(db, t.id, 'h1', health(35, 'at-risk'), new Date('2026-06-03T00:00:00Z'));
    await recordAccountInsight(db, t.id, 'h2', health(30, 'at-risk'), new Date('2026-05-20T00:00:00Z'));
    await recordAccountInsight(db, t.id, 'h2', health(28, 'at-risk'), new Date('2026-06-03T00:00:00Z'));
    // A former customer: its last score is at-risk, but nobody can act on it any more.
    await recordAccountInsight(db, t.id, 'h4', health(62, 'watch'), new Date('2026-05-20T00:00:00Z'));
    await recordAccountInsight(db, t.id, 'h4', health(20, 'at-risk'), new Date('2026-06-04T00:00:00Z'));
    await upsertAccountSignals(db, t.id, [
      { accountId: 'h4', signals: { churnedAt: '2026-06-01T00:00:00Z' } },
    ]);
    await recordAccountInsight(
      db,
      t.id,
      'h3',
      { kind: 'churn', value: { probability: 0.62, source: 'prior', horizonDays: 90, drivers: [] } },
      new Date('2026-06-05T00:00:00Z'),
    );
    await putRule({
      id: 'red',
      kind: 'threshold',
      metric: 'health-band',
      bands: ['at-risk'],
      severity: 'critical',
      scope: { type: 'account' },
    });
    await putRule({
      id: 'churn',
      kind: 'threshold',
      metric: 'churn-risk',
      comparator: 'gte',
      threshold: 0.5,
      scope: { type: 'account' },
    });
    await run(MID_JUNE);
    expect((await stored('red')).map((r) => r.dedup_key)).toEqual(['red|account:h1|2026-06|health-band']);
    expect((await stored('churn')).map((r) => r.title)).toEqual([
      'Churn risk 62% is at or above 50% for account h3 (2026-06)',
    ]);
  });

  it('health on a segment: the share of its accounts at risk, and their mean score', async () => {
    const health = (score: number) => ({
      kind: 'health' as const,
      value: {
        score,
        band: score < 40 ? 'at-risk' : 'healthy',
        bandLabel: score < 40 ? 'At risk' : 'Healthy',
        contributions: [],
        missing: [],
        change: null,
      },
    });
    // Each recomputation scores every account at once (one computedAt); k4 is outside the segment.
    const scores: [string, number, number][] = [
      ['k1', 35, 30],
      ['k2', 70, 36],
      ['k3', 80, 75],
      ['k4', 20, 10],
    ];
    for (const [id, may, june] of scores) {
      await recordAccountInsight(db, t.id, id, health(may), new Date('2026-05-20T00:00:00Z'));
      await recordAccountInsight(db, t.id, id, health(june), new Date('2026-06-04T00:00:00Z'));
    }
    const scope = { type: 'segment' as const, id: 'key-accounts', accountIds: ['k1', 'k2', 'k3'] };
    await putRule({
      id: 'keys-red',
      kind: 'threshold',
      metric: 'health-band',
      bands: ['at-risk'],
      comparator: 'gte',
      threshold: 0.5,
      scope,
    });
    await putRule({
      id: 'keys-weak',
      kind: 'threshold',
      metric: 'health-score',
      comparator: 'lt',
      threshold: 50,
      scope,
    });
    await run(MID_JUNE);
    // May: 1 of 3 at risk (33 %); June: 2 of 3 (67 %).
    expect((await stored('keys-red')).map((r) => r.title)).toEqual([
      'Health band at-risk for 67% of accounts, at or above 50% for segment key-accounts (2026-06)',
    ]);
    // Mean score 61.7 in May, 47 in June.
    expect((await stored('keys-weak')).map((r) => r.title)).toEqual([
      'Health score 47 is below 50 for segment key-accounts (2026-06)',
    ]);
  });

  it('detractor with a negative verbatim: one alert per answer, after analysis', async () => {
    await answers('d1', '2026-06', [2], 'Livraison en retard et SAV injoignable, très déçu');
    await answers('d2', '2026-06', [10], 'Late delivery, annoying');
    await answers('d3', '2026-06', [1], 'Great people, quick answers');
    await putRule({ id: 'angry', kind: 'detractor-negative-verbatim', scope: { type: 'account' } });
    expect((await run()).raised.filter((a) => a.ruleId === 'angry')).toEqual([]); // not analysed yet
    await analyzePendingVerbatims(services);
    await run();
    const rows = await stored('angry');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.dedup_key).toMatch(/^angry\|account:d1\|2026-06\|nps\|[0-9a-f-]{36}\/why$/);
    expect(rows[0]!.details).toMatchObject({
      text: 'Livraison en retard et SAV injoignable, très déçu',
      accountId: 'd1',
    });
  });

  it('a rule that cannot be evaluated is reported without stopping the others', async () => {
    await db.query(
      `INSERT INTO alert_rules (tenant_id, id, rule, enabled) VALUES ($1, 'broken', '{"id":"broken"}', true)`,
      [t.id],
    );
    const r = await run();
    expect(r.failed).toEqual([]); // an invalid stored rule is skipped
    expect(r.rules).toBeGreaterThanOrEqual(7);
    const list = await json(await app.request('/v1/admin/alert-rules', { headers: adminHeaders(t) }));
    expect(list.rules.map((x: { id: string }) => x.id)).not.toContain('broken');
  });

  it('property: evaluations repeated, concurrent and interleaved with re-sent answers store each alert once', async () => {
    await run();
    const expected = new Set(
      (
        await db.query<{ dedup_key: string }>('SELECT dedup_key FROM alerts WHERE tenant_id = $1', [t.id])
      ).rows.map((r) => r.dedup_key),
    );
    expect(expected.size).toBeGreaterThanOrEqual(6);
    // A client retrying an answer it already sent: the same response id every time.
    const retried = npsResponse('d1', 'd1-retry', 0, {
      answeredAt: '2026-06-12T10:00:00Z',
      why: 'Awful, late again',
    });
    const resend = () =>
      app.request('/v1/responses', {
        method: 'POST',
        headers: widgetHeaders(t, { account: 'd1', respondent: 'd1-retry' }),
        body: JSON.stringify(retried),
      });
    expect((await resend()).status).toBe(200);
    await analyzePendingVerbatims(services);
    await run();
    expected.add((await stored('angry')).map((r) => r.dedup_key).find((k) => k.includes(retried.id))!);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('once', 'concurrent', 'resend'), { minLength: 1, maxLength: 5 }),
        async (ops) => {
          for (const op of ops) {
            if (op === 'once') await run();
            if (op === 'concurrent') await Promise.all([run(), run(), run()]);
            if (op === 'resend') {
              await resend();
              await analyzePendingVerbatims(services);
            }
          }
          const r = await db.query<{ dedup_key: string; n: number }>(
            'SELECT dedup_key, count(*)::int AS n FROM alerts WHERE tenant_id = $1 GROUP BY dedup_key',
            [t.id],
          );
          expect(r.rows.every((x) => x.n === 1)).toBe(true);
          expect(new Set(r.rows.map((x) => x.dedup_key))).toEqual(expected);
        },
      ),
      { numRuns: 8 },
    );
  });
});
