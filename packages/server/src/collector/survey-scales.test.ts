import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyDefinitionInput } from '@cxkit/core';
import { saveVersion, type CreatedTenant, type Database } from '@cxkit/server';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import { adminHeaders, json, seedTenant, testApp, widgetHeaders } from '../test-support/fixtures.js';

// No question declares its scale: the CSAT display alone implies it (yes/no 0-1, three smileys 1-3),
// which is what a survey author writes. The server once enforced 1-5 for both.
const IMPLIED_SCALES: SurveyDefinitionInput = {
  id: 'implied',
  questions: [
    { id: 'yn', kind: 'csat', display: 'yes-no', text: { en: 'Did we solve it?' } },
    { id: 'smile', kind: 'csat', display: 'smileys', text: { en: 'How was it?' } },
    { id: 'stars', kind: 'csat', display: 'stars', text: { en: 'Rate us' } },
  ],
};

describe.each(STORAGE_TARGETS)('scales implied by a CSAT display on $name', (target) => {
  let db: Database;
  let t: CreatedTenant;
  let app: ReturnType<typeof testApp>['app'];

  beforeAll(async () => {
    db = await target.open();
    t = await seedTenant(db);
    await saveVersion(db, t.id, 'survey', IMPLIED_SCALES.id, { ...IMPLIED_SCALES, version: 1 }, 'test');
    app = testApp(db).app;
  }, HOOK_TIMEOUT);
  afterAll(() => db.close(), HOOK_TIMEOUT);

  const answer = (account: string, respondent: string, questionId: string, value: number) =>
    app.request('/v1/responses', {
      method: 'POST',
      headers: widgetHeaders(t, { account, respondent }),
      body: JSON.stringify({
        id: randomUUID(),
        surveyId: 'implied',
        accountId: account,
        respondentId: respondent,
        answeredAt: new Date().toISOString(),
        answers: [{ kind: 'csat', questionId, value }],
      }),
    });

  const csatOf = async (account: string) => {
    const res = await app.request(`/v1/accounts/${account}/summary?mode=pooled`, {
      headers: adminHeaders(t),
    });
    expect(res.status).toBe(200);
    return (await json(res)).csat as { value: number; n: number };
  };

  it('accepts a yes/no "No" (0) and counts "Yes" (1) as satisfied', async () => {
    for (const [who, v] of [
      ['p-1', 1],
      ['p-2', 1],
      ['p-3', 0],
    ] as const)
      expect((await answer('yn-co', who, 'yn', v)).status).toBe(200);
    // Two "Yes" of three answers: 2 / 3 satisfied.
    expect(await csatOf('yn-co')).toMatchObject({ n: 3, value: (2 / 3) * 100 });
  });

  it('refuses a yes/no answer of 2, naming the scale 0-1', async () => {
    const res = await answer('yn-co', 'p-4', 'yn', 2);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await json(res))).toContain('between 0 and 1');
  });

  it('counts the happy smiley (3 of 1-3) as satisfied and refuses 4', async () => {
    expect((await answer('smile-co', 'p-1', 'smile', 3)).status).toBe(200);
    expect((await answer('smile-co', 'p-2', 'smile', 3)).status).toBe(200);
    expect((await answer('smile-co', 'p-3', 'smile', 1)).status).toBe(200);
    expect((await answer('smile-co', 'p-4', 'smile', 4)).status).toBe(400);
    expect(await csatOf('smile-co')).toMatchObject({ n: 3, value: (2 / 3) * 100 });
  });

  it('keeps stars on the default 1-5 scale (4 and 5 satisfied)', async () => {
    for (const [who, v] of [
      ['p-1', 5],
      ['p-2', 4],
      ['p-3', 3],
      ['p-4', 1],
    ] as const)
      expect((await answer('stars-co', who, 'stars', v)).status).toBe(200);
    expect(await csatOf('stars-co')).toMatchObject({ n: 4, value: 50 });
  });
});
