import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCardRequest, type HubSpotStandIn } from '@cxkit/hubspot-stand-in';
import {
  createApp,
  hubspotAnalyticsFeature,
  type CreatedTenant,
  type Database,
  type HubSpotSettings,
} from '@cxkit/server';
import { pino } from 'pino';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import { adminHeaders, json, seedTenant, testConfig } from '../test-support/fixtures.js';
import { hubspotStandIn, linkStandInPortal } from '../test-support/hubspot.js';

const NOW = new Date('2026-06-15T12:00:00Z');

describe.each(STORAGE_TARGETS)('actions from the HubSpot app, signed ($name)', (target) => {
  let db: Database;
  let hs: HubSpotStandIn;
  let settings: HubSpotSettings;
  let t: CreatedTenant;
  let app: ReturnType<typeof createApp>['app'];

  beforeAll(async () => {
    db = await target.open();
    ({ hs, settings } = await hubspotStandIn());
    t = await seedTenant(db, 'acme');
    await linkStandInPortal(db, hs, settings, t.id);
    ({ app } = createApp({
      db,
      config: testConfig(),
      logger: pino({ level: 'silent' }),
      now: () => NOW,
      features: [hubspotAnalyticsFeature(settings)],
    }));
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await hs.close();
    await db.close();
  }, HOOK_TIMEOUT);

  const signed = async (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: Record<string, unknown>,
    tamper?: (b: string) => string,
  ) => {
    const r = signCardRequest(
      `http://cxkit.test/v1/hubspot/analytics${path}`,
      { method, ...(body === undefined ? {} : { body }) },
      {
        portalId: hs.portalId,
        appId: hs.appId,
        userId: 1001,
        userEmail: 'camille@acme.test',
        clientSecret: hs.clientSecret,
        timestamp: NOW.getTime(),
      },
    );
    const res = await app.request(r.url, {
      method,
      headers: r.headers,
      ...(r.body === undefined ? {} : { body: tamper ? tamper(r.body) : r.body }),
    });
    return { status: res.status, body: await json(res) };
  };

  const action = { title: 'Fix invoices', driver: 'theme:billing', complexity: 'low', cost: 'medium' };
  const plan = {
    objective: {
      metric: 'nps',
      scope: { type: 'portfolio' },
      target: 30,
      start: '2026-01-01',
      deadline: '2026-12-31',
    },
    owner: { hubspotOwnerId: '501', email: 'camille@acme.test', name: 'Camille' },
    status: 'planned',
    checkpoints: ['2026-06-30'],
  };

  it('creates, edits and plans an action as the signed HubSpot user', async () => {
    const created = await signed('POST', '/actions', action);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...action, createdBy: 'hubspot:camille@acme.test', plan: null });
    const id = created.body.id as string;
    const edited = await signed('PUT', `/actions/${id}`, { ...action, complexity: 'high' });
    expect(edited.status).toBe(200);
    expect(edited.body.complexity).toBe('high');
    expect((await signed('PUT', `/actions/${id}/plan`, plan)).status).toBe(200);
    // The admin API and the app see the same action.
    const listed = await app.request('http://cxkit.test/v1/analytics/actions', { headers: adminHeaders(t) });
    const actions = (await json(listed)).actions as { id: string; complexity: string; plan: unknown }[];
    expect(actions.find((a) => a.id === id)).toMatchObject({
      complexity: 'high',
      plan: { status: 'planned' },
    });
    expect(
      (await signed('GET', '/plan')).body.actions.map((a: { actionId: string }) => a.actionId),
    ).toContain(id);
  });

  it('names the field a plan breaks, with a 400', async () => {
    const { body } = await signed('POST', '/actions', action);
    const bad = await signed('PUT', `/actions/${body.id}/plan`, {
      ...plan,
      checkpoints: ['2025-12-01'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues).toEqual([
      expect.objectContaining({ path: 'checkpoints.0', message: 'must be after the start' }),
    ]);
  });

  it('refuses a body that is not the one HubSpot signed', async () => {
    const res = await signed('POST', '/actions', action, (b) => b.replace('Fix invoices', 'Drop the table'));
    expect(res.status).toBe(401);
  });
});
