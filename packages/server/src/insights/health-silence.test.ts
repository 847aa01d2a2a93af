import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountSummaryViewSchema } from '@cxkit/core';
import { recomputeInsights, type CreatedTenant, type Database } from '@cxkit/server';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import {
  adminHeaders,
  json,
  npsResponse,
  seedTenant,
  testApp,
  widgetHeaders,
} from '../test-support/fixtures.js';

const NOW = new Date('2026-06-15T12:00:00Z');

describe.each(STORAGE_TARGETS)('health silence, coverage and shrinkage on $name', (target) => {
  let db: Database;
  let t: CreatedTenant;
  let app: ReturnType<typeof testApp>['app'];

  beforeAll(async () => {
    db = await target.open();
    t = await seedTenant(db, 'shrinkco');
    app = testApp(db, { INSIGHTS_INTERVAL_MS: 0 }, () => NOW).app;
  }, HOOK_TIMEOUT);
  afterAll(() => db.close(), HOOK_TIMEOUT);

  const answer = async (account: string, scores: number[]) => {
    for (const [i, score] of scores.entries()) {
      const who = `${account}-p${i}`;
      const res = await app.request('/v1/responses', {
        method: 'POST',
        headers: widgetHeaders(t, { account, respondent: who }),
        body: JSON.stringify(
          npsResponse(account, who, score, {
            answeredAt: `2026-05-${String(10 + (i % 15)).padStart(2, '0')}T10:00:00Z`,
          }),
        ),
      });
      expect(res.status).toBe(200);
    }
  };
  const signals = { openTickets: 1, fcrPercent: 70, paymentIssues: 0, mrrTrendPercent: 0, activeDays: 15 };
  const summary = async (account: string) => {
    const res = await app.request(`/v1/accounts/${account}/summary`, { headers: adminHeaders(t) });
    expect(res.status).toBe(200);
    return AccountSummaryViewSchema.parse(await json(res));
  };

  it('shrinks a few-answer NPS towards the tenant, scores "never answered" and withholds thin scores', async () => {
    await answer('few', [10, 10]); // NPS 100 from 2 answers
    await answer('many-1', [3, 3, 3, 3, 3, 8, 8, 8, 8, 8]); // -50 from 10
    await answer('many-2', [10, 10, 10, 10, 7, 7, 7, 7]); // 50 from 8
    await answer('thin', [8]); // 0 from 1, and no signals
    for (const account of ['few', 'many-1', 'many-2', 'never'])
      expect(
        (
          await app.request(`/v1/admin/accounts/${account}/signals`, {
            method: 'PUT',
            headers: adminHeaders(t),
            body: JSON.stringify(signals),
          })
        ).status,
      ).toBe(200);
    await recomputeInsights(db, t.id, { now: NOW });

    // Fewer than 5 accounts with 2+ answers: the documented fallback k = 10. Tenant NPS: (200 - 500 + 400 + 0) / 21.
    const tenantNps = 100 / 21;
    const nps = async (account: string) =>
      (await summary(account)).health?.contributions.find((c) => c.component === 'nps')?.raw;
    expect(await nps('few')).toBeCloseTo((2 * 100 + 10 * tenantNps) / 12, 9);
    expect(await nps('many-1')).toBeCloseTo((10 * -50 + 10 * tenantNps) / 20, 9);

    // Never answered: scored, with the silence signal at 0 and its full weight.
    const never = await summary('never');
    const silence = never.health?.contributions.find((c) => c.component === 'daysSinceLastAnswer');
    expect(silence).toMatchObject({ normalized: 0, raw: null, imputed: true });
    expect(never.healthInsufficient ?? null).toBeNull();

    // One answer and no signals: NPS and the last answer are 20 of the 52 collected weight.
    const thin = await summary('thin');
    expect(thin.health).toBeNull();
    expect(thin.healthInsufficient).toMatchObject({
      reason: 'data for 38 % of the health weight (minimum 50 %)',
      minCoverage: 0.5,
      computedAt: NOW.toISOString(),
    });
    expect(thin.healthInsufficient?.coverage).toBeCloseTo(20 / 52, 9);
    expect(thin.healthInsufficient?.missingLabels).toContain('Usage frequency');
  });
});
