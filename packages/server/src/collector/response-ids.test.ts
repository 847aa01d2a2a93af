import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedTenant, Database } from '@cxkit/server';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import { json, npsResponse, seedTenant, testApp, widgetHeaders } from '../test-support/fixtures.js';

describe.each(STORAGE_TARGETS)('response ids are judged per identity on $name', (target) => {
  let db: Database;
  let t: CreatedTenant;
  let app: ReturnType<typeof testApp>['app'];
  const alice = { account: 'globex', respondent: 'alice' };
  const bob = { account: 'globex', respondent: 'bob' };

  beforeAll(async () => {
    db = await target.open();
    t = await seedTenant(db);
    app = testApp(db).app;
  }, HOOK_TIMEOUT);
  afterAll(() => db.close(), HOOK_TIMEOUT);

  const post = (body: unknown, headers: Record<string, string>) =>
    app.request('/v1/responses', { method: 'POST', headers, body: JSON.stringify(body) });
  const stored = async (id: string) =>
    (
      await db.query<{ respondent_id: string | null }>(
        'SELECT respondent_id FROM responses WHERE tenant_id = $1 AND id = $2',
        [t.id, id],
      )
    ).rows;

  it('refuses, with 409, an identified answer whose id an unsigned anonymous post squatted', async () => {
    const id = randomUUID();
    const squat = {
      id,
      surveyId: 'pulse',
      accountId: 'globex',
      answeredAt: new Date().toISOString(),
      answers: [{ kind: 'csat', questionId: 'mood', value: 1 }],
    };
    expect((await post(squat, widgetHeaders(t))).status).toBe(200);
    const res = await post(npsResponse('globex', 'alice', 9, { id }), widgetHeaders(t, alice));
    expect(res.status).toBe(409);
    const body = await json(res);
    expect(body.error.code).toBe('response/id-taken');
    expect(body.error.issues).toEqual([{ path: 'id', rule: 'id_taken', message: expect.any(String) }]);
    // The answer is not reported stored: the widget resends it with a new id.
    const again = npsResponse('globex', 'alice', 9);
    expect(await json(await post(again, widgetHeaders(t, alice)))).toEqual({
      accepted: [{ id: again.id, status: 'created' }],
    });
  });

  it('keeps a repeat by the same identity a duplicate, and another identity gets 409 whoever it is', async () => {
    const r = npsResponse('globex', 'alice', 7);
    expect((await post(r, widgetHeaders(t, alice))).status).toBe(200);
    expect(await json(await post(r, widgetHeaders(t, alice)))).toEqual({
      accepted: [{ id: r.id, status: 'duplicate' }],
    });
    const asBob = await post({ ...r, respondentId: 'bob' }, widgetHeaders(t, bob));
    expect(asBob.status).toBe(409);
    const anon = await post(
      {
        id: r.id,
        surveyId: 'pulse',
        accountId: 'globex',
        answeredAt: new Date().toISOString(),
        answers: [{ kind: 'csat', questionId: 'mood', value: 1 }],
      },
      widgetHeaders(t),
    );
    expect(anon.status).toBe(409);
    // Bob's and the anonymous answers get the same reply: it says nothing about whose the id is.
    expect((await json(asBob)).error).toEqual((await json(anon)).error);
    expect(await stored(r.id)).toEqual([{ respondent_id: 'alice' }]);
  });

  it('stores nothing of a batch in which one id is taken, naming its position', async () => {
    const taken = npsResponse('globex', 'alice', 5);
    await post(taken, widgetHeaders(t, alice));
    const fresh = npsResponse('globex', 'bob', 6);
    const res = await post({ responses: [fresh, { ...taken, respondentId: 'bob' }] }, widgetHeaders(t, bob));
    expect(res.status).toBe(409);
    expect((await json(res)).error.issues.map((i: { path: string }) => i.path)).toEqual(['responses.1.id']);
    expect(await stored(fresh.id)).toEqual([]);
  });
});
