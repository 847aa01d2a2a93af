import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_HEALTH_CONFIG, DEFAULT_ROLE_WEIGHTS } from '@cxkit/core';
import { HubSpotAppConfigSchema, type CreatedTenant, type Database } from '@cxkit/server';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import { adminHeaders, json, seedTenant, testApp } from '../test-support/fixtures.js';

const HUGE = {
  ...DEFAULT_HEALTH_CONFIG,
  components: DEFAULT_HEALTH_CONFIG.components.map((c) => ({ ...c, weight: 1.7e308 })),
};

describe.each(STORAGE_TARGETS)('unbounded health weights on $name', (target) => {
  let db: Database;
  let t: CreatedTenant;
  let app: ReturnType<typeof testApp>['app'];

  beforeAll(async () => {
    db = await target.open();
    t = await seedTenant(db);
    app = testApp(db).app;
  }, HOOK_TIMEOUT);
  afterAll(() => db.close(), HOOK_TIMEOUT);

  it('are a 400 naming each weight and the bound, and nothing is stored', async () => {
    const res = await app.request('/v1/admin/settings/health', {
      method: 'PUT',
      headers: adminHeaders(t),
      body: JSON.stringify(HUGE),
    });
    expect(res.status).toBe(400);
    const issue = (await json(res)).error.issues[0];
    expect(issue).toMatchObject({ path: 'components.0.weight', rule: 'too_big' });
    expect(issue.message).toContain('1000');
    const stored = await json(await app.request('/v1/admin/settings/health', { headers: adminHeaders(t) }));
    expect(stored.components[0].weight).toBe(DEFAULT_HEALTH_CONFIG.components[0]!.weight);
  });

  it('are refused by the schema the HubSpot settings page is validated with', () => {
    const r = HubSpotAppConfigSchema.safeParse({ health: HUGE, roleWeights: DEFAULT_ROLE_WEIGHTS });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toContain('health.components.0.weight');
  });
});
