import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedTenant, Database } from '@cxkit/server';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import {
  adminHeaders,
  json,
  npsResponse,
  seedTenant,
  testApp,
  widgetHeaders,
} from '../test-support/fixtures.js';

// The inputs of issue 15's finding 2: each passed the schema, then failed in PostgreSQL as a 500.
describe.each(STORAGE_TARGETS)(
  'values the database cannot store are 400s naming the field on $name',
  (target) => {
    let db: Database;
    let t: CreatedTenant;
    let app: ReturnType<typeof testApp>['app'];
    const who = { account: 'globex', respondent: 'p-1' };

    beforeAll(async () => {
      db = await target.open();
      t = await seedTenant(db);
      app = testApp(db).app;
    }, HOOK_TIMEOUT);
    afterAll(() => db.close(), HOOK_TIMEOUT);

    const expect400 = async (res: Response, path: string) => {
      expect(res.status).toBe(400);
      expect((await json(res)).error.issues.map((i: { path: string }) => i.path)).toContain(path);
    };
    const post = (body: unknown) =>
      app.request('/v1/responses', {
        method: 'POST',
        headers: widgetHeaders(t, who),
        body: JSON.stringify(body),
      });

    it('answeredAt: year 0, a -23:59 offset, year 10000 once in UTC', async () => {
      for (const answeredAt of [
        '0000-01-01T00:00:00Z',
        '1970-01-01T00:00:00-23:59',
        '9999-12-31T23:00:00-15:00',
      ])
        await expect400(await post(npsResponse('globex', 'p-1', 9, { answeredAt })), 'answeredAt');
      // The edges that are storable still are.
      for (const answeredAt of ['1900-01-01T00:00:00Z', '2026-01-01T00:00:00+15:59'])
        expect((await post(npsResponse('globex', 'p-1', 9, { answeredAt }))).status).toBe(200);
    });

    it('surveyVersion and ?version beyond a PostgreSQL integer', async () => {
      await expect400(
        await post(npsResponse('globex', 'p-1', 9, { surveyVersion: 2147483648 })),
        'surveyVersion',
      );
      await expect400(
        await app.request('/v1/surveys/relationship?version=2147483648', { headers: widgetHeaders(t) }),
        'version',
      );
    });

    it('alerts ?since and signals churnedAt', async () => {
      await expect400(
        await app.request('/v1/alerts?since=0000-01-01T00:00:00Z', { headers: adminHeaders(t) }),
        'since',
      );
      await expect400(
        await app.request('/v1/admin/accounts/globex/signals', {
          method: 'PUT',
          headers: adminHeaders(t),
          body: JSON.stringify({ churnedAt: '2026-01-01T00:00:00-23:59' }),
        }),
        'churnedAt',
      );
    });

    it('an alert preview from year 155 (found by the route fuzz) or over millennia', async () => {
      const rules = [
        {
          id: 'low',
          kind: 'threshold',
          metric: 'nps',
          comparator: 'lt',
          threshold: 0,
          scope: { type: 'account' },
        },
      ];
      for (const [from, to] of [
        ['0155-03', '4975-11'],
        ['1900-01', '9999-12'],
      ])
        await expect400(
          await app.request('/v1/admin/alert-rules/preview', {
            method: 'POST',
            headers: adminHeaders(t),
            body: JSON.stringify({ rules, from, to }),
          }),
          'from',
        );
    });

    it('survey versions beyond a PostgreSQL integer', async () => {
      const res = await app.request('/v1/admin/surveys/big', {
        method: 'PUT',
        headers: adminHeaders(t),
        body: JSON.stringify({
          id: 'big',
          version: 2147483648,
          questions: [{ id: 'nps', kind: 'nps', text: { en: 'Recommend?' } }],
        }),
      });
      await expect400(res, 'version');
    });

    it('a path segment that is not UTF-8 around a NUL, and a webhook URL with port 99999', async () => {
      const res = await app.request('/v1/admin/accounts/a%ED%A0%80%00b', {
        method: 'PUT',
        headers: adminHeaders(t),
        body: JSON.stringify({ name: null }),
      });
      expect(res.status).toBe(400);
      await expect400(
        await app.request('/v1/admin/alert-channels', {
          method: 'PUT',
          headers: adminHeaders(t),
          body: JSON.stringify({ webhookUrl: 'http://[::1]:99999/' }),
        }),
        'webhookUrl',
      );
    });
  },
);
