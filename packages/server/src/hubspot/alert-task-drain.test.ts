import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AlertEvent } from '@cxkit/core';
import type { HubSpotStandIn } from '@cxkit/hubspot-stand-in';
import {
  drainAlertTasks,
  raiseAlerts,
  startHubSpotSyncWorker,
  type CreatedTenant,
  type Database,
  type HubSpotPortal,
  type HubSpotSettings,
} from '@cxkit/server';
import { pino } from 'pino';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import { seedTenant } from '../test-support/fixtures.js';
import { hubspotStandIn, linkStandInPortal, testGateway } from '../test-support/hubspot.js';

const logger = pino({ level: 'silent' });
const TASKS_PATH = '/crm/v3/objects/tasks';
/** The create itself (a path prefix would also match `/crm/v3/objects/tasks/batch/read`). */
const CREATE = { method: 'POST', path: /^\/crm\/v3\/objects\/tasks$/ };

/** A critical NPS alert on an account (distinct `n` give distinct alerts). */
const alertOn = (accountId: string, n = 0): AlertEvent => ({
  dedupKey: `nps-low|account:${accountId}|2026-11|nps|${n}`,
  ruleId: 'nps-low',
  ruleKind: 'threshold',
  metric: 'nps',
  severity: 'critical',
  target: { type: 'account', accountId },
  period: '2026-11',
  value: -20,
  title: `NPS of ${accountId} fell to -20 <below 0>`,
  details: { n: 12 + n },
});

describe.each(STORAGE_TARGETS)('HubSpot tasks for account alerts ($name)', (target) => {
  let db: Database;
  let hs: HubSpotStandIn;
  let settings: HubSpotSettings;
  let tenant: CreatedTenant;
  let portal: HubSpotPortal;

  beforeAll(async () => {
    db = await target.open();
    ({ hs, settings } = await hubspotStandIn());
    tenant = await seedTenant(db, 'acme');
    portal = await linkStandInPortal(db, hs, settings, tenant.id);
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await hs.close();
    await db.close();
  }, HOOK_TIMEOUT);
  afterEach(() => hs.faults.clear());
  beforeEach(() => hs.clearRequests());

  const raise = (events: AlertEvent[], at = new Date()) =>
    raiseAlerts(db, tenant.id, events, { webhookUrl: null, webhookSecret: null, hubspotTasks: true }, at);
  const drain = () => drainAlertTasks({ db, gateway: testGateway(db, settings), portal, logger });
  const row = async (alertId: string) =>
    (
      await db.query<{
        status: string;
        hubspot_task_id: string | null;
        attempts: number;
        last_error: string | null;
      }>(
        'SELECT status, hubspot_task_id, attempts, last_error FROM alert_hubspot_tasks WHERE tenant_id = $1 AND alert_id = $2',
        [tenant.id, alertId],
      )
    ).rows[0]!;
  const tasksOf = (companyId: string) =>
    hs.store.associationsOf('companies', companyId, 'tasks').map((l) => hs.store.get('tasks', l.toObjectId)!);

  it("creates the alert's task on the account's company, owned by the company's owner, once", async () => {
    const company = hs.store.create('companies', {
      name: 'Initech',
      domain: 'initech.example',
      hubspot_owner_id: '501',
    }).id;
    const createdAt = new Date('2026-11-20T08:30:00.123Z');
    const [alert] = await raise([alertOn('initech.example')], createdAt);

    expect(await drain()).toEqual({ created: 1, failed: 0, parkedUntil: null, stoppedBy: null });
    const tasks = tasksOf(company);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.properties).toMatchObject({
      hs_task_subject: 'cxkit alert: NPS of initech.example fell to -20 <below 0>',
      hs_task_priority: 'HIGH',
      hs_task_status: 'NOT_STARTED',
      hs_task_type: 'TODO',
      hubspot_owner_id: '501',
      hs_timestamp: '2026-11-21T08:30:00.123Z',
    });
    // The alert text is HTML-escaped in the body HubSpot renders.
    expect(tasks[0]!.properties['hs_task_body']).toContain('&lt;below 0&gt;');
    expect(tasks[0]!.properties['hs_task_body']).toMatch(new RegExp(`<br>cxkit alert ${alert!.id}$`));
    expect(hs.requests.find((r) => r.method === 'POST' && r.path === TASKS_PATH)!.body).toMatchObject({
      associations: [{ to: { id: company }, types: [{ associationTypeId: 192 }] }],
    });
    expect(await row(alert!.id)).toMatchObject({ status: 'created', hubspot_task_id: tasks[0]!.id });

    // The portal's limiter counted every request the pass made, look-ups included.
    hs.clearRequests();
    const [again] = await raise([alertOn('initech.example', 7)]);
    const gateway = testGateway(db, settings);
    expect(await drainAlertTasks({ db, gateway, portal, logger })).toMatchObject({ created: 1 });
    expect(hs.requests.filter((r) => r.path.startsWith('/crm/')).length).toBe(gateway.stats.calls);
    expect(await row(again!.id)).toMatchObject({ status: 'created' });

    // Drained: another pass (or raising the same alerts again) creates nothing.
    await raise([alertOn('initech.example'), alertOn('initech.example', 7)]);
    expect(await drain()).toEqual({ created: 0, failed: 0, parkedUntil: null, stoppedBy: null });
    expect(tasksOf(company)).toHaveLength(2);
  });

  it('creates one task when the answer to the create is lost, within a pass and across passes', async () => {
    const company = hs.store.create('companies', { name: 'Globex', domain: 'globex.example' }).id;
    const [first, second] = await raise([alertOn('globex.example', 1), alertOn('globex.example', 2)]);

    // The create is stored but answered 502: the gateway's retry finds it instead of creating again.
    hs.faults.scriptAfterHandling([502], CREATE);
    expect(await drain()).toMatchObject({ created: 2, failed: 0 });
    expect(
      hs.requests.filter((r) => r.method === 'POST' && r.path === TASKS_PATH).map((r) => r.status),
    ).toEqual([502, 201]);
    expect(tasksOf(company)).toHaveLength(2);
    expect(tasksOf(company).map((t) => t.properties['hubspot_owner_id'] ?? null)).toEqual([null, null]);

    const [third] = await raise([alertOn('globex.example', 3)]);
    // Lost answer, then HubSpot fails every retry of the gateway: the pass stops, the row stays pending.
    hs.faults.scriptAfterHandling([503], CREATE);
    // The check before the create passes; the checks of the gateway's six retries after it fail.
    hs.faults.script(['pass', ...Array<503>(6).fill(503)], {
      path: `/crm/v4/objects/companies/${company}/associations`,
    });
    const stopped = await drain();
    expect(stopped).toMatchObject({ created: 0, failed: 0 });
    expect(stopped.stoppedBy).toMatch(/^HTTP 503/);
    expect(await row(third!.id)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(tasksOf(company)).toHaveLength(3);

    // The next pass finds the stored task and records it rather than creating a fourth.
    expect(await drain()).toMatchObject({ created: 1, failed: 0, stoppedBy: null });
    const tasks = tasksOf(company);
    expect(tasks).toHaveLength(3);
    const ids = await Promise.all(
      [first!, second!, third!].map(async (a) => (await row(a.id)).hubspot_task_id),
    );
    expect(new Set(ids)).toEqual(new Set(tasks.map((t) => t.id)));
  });

  it('gives up on an account no company matches, naming it, and still drains the others', async () => {
    const company = hs.store.create('companies', { name: 'Hooli', domain: 'hooli.example' }).id;
    const raised = await raise([alertOn('nobody.example'), alertOn('hooli.example')]);
    const lost = raised.find((a) => a.target.id === 'nobody.example');
    const found = raised.find((a) => a.target.id === 'hooli.example');
    expect(await drain()).toEqual({ created: 1, failed: 1, parkedUntil: null, stoppedBy: null });
    expect(await row(lost!.id)).toMatchObject({
      status: 'failed',
      last_error: 'no HubSpot company matches account nobody.example',
    });
    expect(await row(found!.id)).toMatchObject({ status: 'created' });
    expect(tasksOf(company)).toHaveLength(1);
  });

  it('is drained by the sync worker', async () => {
    const company = hs.store.create('companies', { name: 'Umbrella', domain: 'umbrella.example' }).id;
    const [alert] = await raise([alertOn('umbrella.example')]);
    const worker = startHubSpotSyncWorker({
      db,
      gateway: testGateway(db, settings),
      encryptionKey: settings.encryptionKey,
      logger,
      intervalMs: 20,
      queueChanges: false,
    });
    try {
      for (let i = 0; i < 200 && (await row(alert!.id)).status === 'pending'; i++)
        await new Promise((r) => setTimeout(r, 25));
    } finally {
      await worker.stop();
    }
    expect(await row(alert!.id)).toMatchObject({
      status: 'created',
      hubspot_task_id: tasksOf(company)[0]!.id,
    });
  });
});
