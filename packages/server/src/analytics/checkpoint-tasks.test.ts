import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HubSpotStandIn } from '@cxkit/hubspot-stand-in';
import {
  createApp,
  type CreatedTenant,
  type Database,
  type HubSpotPortal,
  type HubSpotSettings,
} from '@cxkit/server';
import { pino } from 'pino';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import { adminHeaders, json, seedTenant, testConfig } from '../test-support/fixtures.js';
import { hubspotStandIn, linkStandInPortal, testGateway } from '../test-support/hubspot.js';
import { drainCheckpointTasks } from '../hubspot/checkpoint-task-drain.js';
import { checkpointTaskStates } from './checkpoint-tasks-store.js';

const logger = pino({ level: 'silent' });
const TASKS_PATH = '/crm/v3/objects/tasks';
const CREATE = { method: 'POST', path: /^\/crm\/v3\/objects\/tasks$/ };

const plan = (over: Record<string, unknown> = {}) => ({
  objective: {
    metric: 'nps',
    scope: { type: 'segment', attribute: 'sector', value: 'energy' },
    target: 30,
    start: '2026-01-01',
    deadline: '2026-06-30',
  },
  owner: { hubspotOwnerId: '501', email: 'camille@acme.test', name: 'Camille' },
  status: 'in-progress',
  checkpoints: ['2026-03-31', '2026-06-30'],
  createHubSpotTasks: true,
  ...over,
});

describe.each(STORAGE_TARGETS)('HubSpot tasks for action-plan checkpoints ($name)', (target) => {
  let db: Database;
  let hs: HubSpotStandIn;
  let settings: HubSpotSettings;
  let t: CreatedTenant;
  let portal: HubSpotPortal;
  let app: ReturnType<typeof createApp>['app'];

  beforeAll(async () => {
    db = await target.open();
    ({ hs, settings } = await hubspotStandIn());
    t = await seedTenant(db, 'acme');
    portal = await linkStandInPortal(db, hs, settings, t.id);
    ({ app } = createApp({ db, config: testConfig(), logger }));
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await hs.close();
    await db.close();
  }, HOOK_TIMEOUT);
  afterEach(() => hs.faults.clear());
  beforeEach(() => hs.clearRequests());

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(`http://cxkit.test${path}`, {
      method,
      headers: adminHeaders(t),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: await json(res) };
  };
  const newAction = async (title: string) => {
    const r = await call('POST', '/v1/analytics/actions', {
      title,
      driver: 'theme:billing',
      complexity: 'low',
      cost: 'low',
    });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };
  const drain = () => drainCheckpointTasks({ db, gateway: testGateway(db, settings), portal, logger });
  const task = (id: string) => hs.store.get('tasks', id)!.properties;

  it('creates one task per checkpoint for the owner, due on the checkpoint, once', async () => {
    const id = await newAction('Fix <invoices>');
    expect((await call('PUT', `/v1/analytics/actions/${id}/plan`, plan())).status).toBe(200);
    expect(await drain()).toEqual({ created: 2, failed: 0, parkedUntil: null, stoppedBy: null });
    const states = await checkpointTaskStates(db, t.id, id);
    expect(states.map((s) => [s.checkpoint, s.status])).toEqual([
      ['2026-03-31', 'created'],
      ['2026-06-30', 'created'],
    ]);
    const first = task(states[0]!.hubspotTaskId!);
    expect(first).toMatchObject({
      hs_task_subject: 'cxkit checkpoint 1/2: Fix <invoices>',
      hubspot_owner_id: '501',
      hs_task_status: 'NOT_STARTED',
      hs_task_type: 'TODO',
      hs_timestamp: '2026-03-31T12:00:00.000Z',
    });
    // HubSpot renders the body as HTML: the title is escaped there.
    expect(first['hs_task_body']).toContain(
      'Review &quot;Fix &lt;invoices&gt;&quot;: NPS on sector = energy',
    );
    expect(task(states[1]!.hubspotTaskId!)['hs_timestamp']).toBe('2026-06-30T12:00:00.000Z');
    // Associated to nothing: an objective is on a segment, not a company.
    const creates = hs.requests.filter((r) => r.method === 'POST' && r.path === TASKS_PATH);
    expect(creates.map((r) => (r.body as { associations?: unknown[] }).associations)).toEqual([[], []]);

    // Saving the same plan again, or draining again, creates nothing more.
    expect((await call('PUT', `/v1/analytics/actions/${id}/plan`, plan())).status).toBe(200);
    expect(await drain()).toMatchObject({ created: 0, failed: 0 });
  });

  it('creates one task when the answer to the create is lost, and retries a 429 or 5xx', async () => {
    const id = await newAction('Call every detractor');
    await call('PUT', `/v1/analytics/actions/${id}/plan`, plan({ checkpoints: ['2026-04-30'] }));
    // Stored, then answered 502: the gateway's retry finds the task by its marker instead of creating again.
    hs.faults.scriptAfterHandling([502], CREATE);
    hs.faults.script([{ status: 429, policy: 'TEN_SECONDLY_ROLLING' }], CREATE);
    expect(await drain()).toMatchObject({ created: 1, failed: 0, stoppedBy: null });
    const [state] = await checkpointTaskStates(db, t.id, id);
    const subjects = hs.store
      .list('tasks')
      .filter((x) => x.properties['hs_task_subject'] === 'cxkit checkpoint 1/1: Call every detractor');
    expect(subjects.map((x) => x.id)).toEqual([state!.hubspotTaskId]);

    // HubSpot keeps failing: the row stays pending with its attempt counted, and the next pass creates it.
    const other = await newAction('Shorten delivery times');
    await call('PUT', `/v1/analytics/actions/${other}/plan`, plan({ checkpoints: ['2026-05-31'] }));
    hs.faults.script(Array<503>(7).fill(503), CREATE);
    const stopped = await drain();
    expect(stopped.stoppedBy).toMatch(/^HTTP 503/);
    expect(await checkpointTaskStates(db, t.id, other)).toMatchObject([{ status: 'pending', attempts: 1 }]);
    expect(await drain()).toMatchObject({ created: 1, stoppedBy: null });
    expect(await checkpointTaskStates(db, t.id, other)).toMatchObject([{ status: 'created', attempts: 2 }]);
  });

  it('follows the plan until created: moved checkpoints, a new owner, tasks turned off', async () => {
    const id = await newAction('Train the support team');
    await call('PUT', `/v1/analytics/actions/${id}/plan`, plan({ checkpoints: ['2026-02-28'] }));
    expect(await drain()).toMatchObject({ created: 1 });
    // The created task stays; the new checkpoint is queued for the new owner.
    await call(
      'PUT',
      `/v1/analytics/actions/${id}/plan`,
      plan({
        checkpoints: ['2026-02-28', '2026-05-15'],
        owner: { hubspotOwnerId: '777', email: 'dana@acme.test', name: null },
      }),
    );
    await call(
      'PUT',
      `/v1/analytics/actions/${id}/plan`,
      plan({
        checkpoints: ['2026-02-28', '2026-05-20'],
        owner: { hubspotOwnerId: '778', email: 'dana@acme.test', name: null },
      }),
    );
    expect((await checkpointTaskStates(db, t.id, id)).map((s) => [s.checkpoint, s.status])).toEqual([
      ['2026-02-28', 'created'],
      ['2026-05-20', 'pending'],
    ]);
    // Turned off before the sync ran: the pending task is dropped, the created one kept.
    await call('PUT', `/v1/analytics/actions/${id}/plan`, plan({ createHubSpotTasks: false }));
    expect((await checkpointTaskStates(db, t.id, id)).map((s) => s.status)).toEqual(['created']);
    await call(
      'PUT',
      `/v1/analytics/actions/${id}/plan`,
      plan({
        checkpoints: ['2026-02-28', '2026-05-20'],
        owner: { hubspotOwnerId: '778', email: 'dana@acme.test', name: null },
      }),
    );
    expect(await drain()).toMatchObject({ created: 1 });
    const states = await checkpointTaskStates(db, t.id, id);
    expect(task(states[1]!.hubspotTaskId!)['hubspot_owner_id']).toBe('778');
  });

  it('gives up on an owner HubSpot does not know (4xx), naming why, and still creates the others', async () => {
    hs.store.addOwner({ id: '501', email: 'camille@acme.test' });
    hs.store.addOwner({ id: '778', email: 'dana@acme.test' });
    const unknown = await newAction('Owner left the company');
    await call(
      'PUT',
      `/v1/analytics/actions/${unknown}/plan`,
      plan({
        checkpoints: ['2026-09-30'],
        owner: { hubspotOwnerId: '999', email: 'gone@acme.test', name: null },
      }),
    );
    const known = await newAction('Known owner');
    await call('PUT', `/v1/analytics/actions/${known}/plan`, plan({ checkpoints: ['2026-09-30'] }));
    expect(await drain()).toMatchObject({ created: 1, failed: 1, stoppedBy: null });
    const [gone] = await checkpointTaskStates(db, t.id, unknown);
    expect(gone).toMatchObject({ status: 'failed', attempts: 1, hubspotTaskId: null });
    expect(gone!.lastError).toMatch(/^HTTP 400: .*999 was not one of the allowed options/s);
    expect(await checkpointTaskStates(db, t.id, known)).toMatchObject([{ status: 'created' }]);
  });

  it('refuses tasks without a HubSpot owner, naming the field', async () => {
    const id = await newAction('Without an owner id');
    const r = await call(
      'PUT',
      `/v1/analytics/actions/${id}/plan`,
      plan({ owner: { hubspotOwnerId: null, email: 'x@acme.test', name: null } }),
    );
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('owner.hubspotOwnerId');
    expect(await checkpointTaskStates(db, t.id, id)).toEqual([]);
  });
});
