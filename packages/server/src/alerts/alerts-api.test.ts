import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertRuleSchema, type AlertEvent } from '@cxkit/core';
import {
  AlertPageSchema,
  alertWorkerOf,
  hubspotTaskRequest,
  markHubSpotTask,
  pendingHubSpotTasks,
  raiseAlerts,
  verbatimWorkerOf,
  type CreatedTenant,
  type Database,
} from '@cxkit/server';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import { adminHeaders, json, seedTenant, testApp } from '../test-support/fixtures.js';

const NOW = new Date('2026-06-15T12:00:00Z');

const event = (i: number, over: Partial<AlertEvent> = {}): AlertEvent => ({
  dedupKey: `r${i % 3}|account:acc${i % 4}|2026-06|nps`,
  ruleId: `r${i % 3}`,
  ruleKind: 'threshold',
  metric: 'nps',
  severity: i % 2 === 0 ? 'critical' : 'warning',
  target: { type: 'account', accountId: `acc${i % 4}` },
  period: '2026-06',
  value: -10 * i,
  title: `NPS ${-10 * i} is below 0 for account acc${i % 4} (2026-06, n = 12)`,
  details: { n: 12 },
  ...over,
});

describe.each(STORAGE_TARGETS)('alerts API on $name', (target) => {
  let db: Database;
  let t: CreatedTenant;
  let other: CreatedTenant;
  let app: ReturnType<typeof testApp>['app'];

  const req = (path: string, init: RequestInit = {}, who = t) =>
    app.request(path, {
      ...init,
      headers: { ...adminHeaders(who), ...(init.headers as Record<string, string>) },
    });

  beforeAll(async () => {
    db = await target.open();
    t = await seedTenant(db, 'acme');
    other = await seedTenant(db, 'globex');
    const built = testApp(db, {}, () => NOW);
    app = built.app;
    await verbatimWorkerOf(built.services)!.job.stop();
    await alertWorkerOf(built.services)!.stop();
  }, HOOK_TIMEOUT);
  afterAll(() => db.close(), HOOK_TIMEOUT);

  it('manages rules: create, validate with field paths, list, version, delete', async () => {
    const rule = {
      id: 'nps-low',
      kind: 'threshold',
      metric: 'nps',
      comparator: 'lt',
      threshold: 0,
      scope: { type: 'account' },
    };
    const put = await req('/v1/admin/alert-rules/nps-low', {
      method: 'PUT',
      body: JSON.stringify(rule),
      headers: { 'x-cx-actor': 'ops@acme.test' },
    });
    expect(put.status).toBe(200);
    expect(await json(put)).toEqual(AlertRuleSchema.parse(rule));

    const bad = await req('/v1/admin/alert-rules/x', {
      method: 'PUT',
      body: JSON.stringify({ id: 'x', kind: 'threshold', metric: 'csat', scope: { type: 'account' } }),
    });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.issues.map((i: { path: string }) => i.path)).toEqual([
      'comparator',
      'threshold',
    ]);
    const mismatch = await req('/v1/admin/alert-rules/other', { method: 'PUT', body: JSON.stringify(rule) });
    expect((await json(mismatch)).error.issues[0]).toMatchObject({ path: 'id', rule: 'mismatch' });

    expect((await json(await req('/v1/admin/alert-rules'))).rules.map((r: { id: string }) => r.id)).toEqual([
      'nps-low',
    ]);
    expect((await json(await req('/v1/admin/alert-rules', {}, other))).rules).toEqual([]);
    const hist = await json(await req('/v1/admin/history?entity=alert-rule'));
    expect(hist.changes[0]).toMatchObject({ entityId: 'nps-low', actor: 'ops@acme.test', version: 1 });

    expect((await req('/v1/admin/alert-rules/nps-low', { method: 'DELETE' }, other)).status).toBe(404);
    expect((await req('/v1/admin/alert-rules/nps-low', { method: 'DELETE' })).status).toBe(204);
    expect((await json(await req('/v1/admin/alert-rules'))).rules).toEqual([]);
    expect((await app.request('/v1/admin/alert-rules')).status).toBe(401);
    expect((await app.request('/v1/alerts')).status).toBe(401);
  });

  it('lists alerts newest first with filters and cursor paging, scoped to the tenant', async () => {
    const created = [];
    for (let i = 0; i < 12; i++) {
      const at = new Date(NOW.getTime() - (12 - i) * 60_000);
      created.push(
        ...(await raiseAlerts(
          db,
          t.id,
          [event(i)],
          { webhookUrl: null, webhookSecret: null, hubspotTasks: false },
          at,
        )),
      );
    }
    // (i % 3, i % 4) differs for every i below 12: twelve distinct keys.
    expect(created).toHaveLength(12);
    await raiseAlerts(
      db,
      other.id,
      [event(0)],
      { webhookUrl: null, webhookSecret: null, hubspotTasks: false },
      NOW,
    );

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = AlertPageSchema.parse(
        await json(await req(`/v1/alerts?limit=5${cursor ? `&cursor=${cursor}` : ''}`)),
      );
      seen.push(...page.alerts.map((a) => a.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(created.map((a) => a.id).reverse());

    const critical = await json(await req('/v1/alerts?severity=critical&accountId=acc0'));
    expect(
      critical.alerts.every(
        (a: { severity: string; target: { id: string } }) =>
          a.severity === 'critical' && a.target.id === 'acc0',
      ),
    ).toBe(true);
    expect(critical.alerts.length).toBe(3);
    expect((await json(await req('/v1/alerts', {}, other))).alerts).toHaveLength(1);
    const bad = await req('/v1/alerts?limit=500&cursor=nope');
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.issues.map((i: { path: string }) => i.path)).toEqual(['limit']);
    expect((await req('/v1/alerts?cursor=bm9wZQ')).status).toBe(400);
  });

  it('acknowledges an alert once, and never another tenant’s', async () => {
    const [first] = (await json(await req('/v1/alerts?limit=1'))).alerts;
    const ack = await req(`/v1/alerts/${first.id}/ack`, {
      method: 'POST',
      headers: { 'x-cx-actor': 'kim@acme.test' },
    });
    expect(ack.status).toBe(200);
    const acked = await json(ack);
    expect(acked).toMatchObject({ acknowledgedBy: 'kim@acme.test', acknowledgedAt: NOW.toISOString() });
    const again = await json(
      await req(`/v1/alerts/${first.id}/ack`, { method: 'POST', headers: { 'x-cx-actor': 'lee@acme.test' } }),
    );
    expect(again.acknowledgedBy).toBe('kim@acme.test');
    expect((await req(`/v1/alerts/${first.id}/ack`, { method: 'POST' }, other)).status).toBe(404);
    const open = await json(await req('/v1/alerts?status=open&limit=200'));
    expect(open.alerts.map((a: { id: string }) => a.id)).not.toContain(first.id);
    expect(
      (await json(await req('/v1/alerts?status=acknowledged'))).alerts.map((a: { id: string }) => a.id),
    ).toEqual([first.id]);
  });

  it('configures channels without ever showing the secret', async () => {
    const noSecret = await req('/v1/admin/alert-channels', {
      method: 'PUT',
      body: JSON.stringify({ webhookUrl: 'https://hooks.acme.test/cx' }),
    });
    expect((await json(noSecret)).error.issues[0]).toMatchObject({ path: 'webhookSecret' });
    const http = await req('/v1/admin/alert-channels', {
      method: 'PUT',
      body: JSON.stringify({ webhookUrl: 'http://hooks.acme.test/cx', webhookSecret: 'x'.repeat(32) }),
    });
    expect((await json(http)).error.issues[0].path).toBe('webhookUrl');
    const ok = await req('/v1/admin/alert-channels', {
      method: 'PUT',
      body: JSON.stringify({
        webhookUrl: 'https://hooks.acme.test/cx',
        webhookSecret: 's'.repeat(40),
        hubspotTasks: true,
      }),
    });
    expect(await json(ok)).toEqual({
      webhookUrl: 'https://hooks.acme.test/cx',
      hasWebhookSecret: true,
      hubspotTasks: true,
    });
    // Changing the URL keeps the stored secret.
    const moved = await req('/v1/admin/alert-channels', {
      method: 'PUT',
      body: JSON.stringify({ webhookUrl: 'https://hooks2.acme.test/cx', hubspotTasks: true }),
    });
    expect(JSON.stringify(await json(moved))).not.toContain('sss');
    expect(await json(await req('/v1/admin/alert-channels', {}, other))).toEqual({
      webhookUrl: null,
      hasWebhookSecret: false,
      hubspotTasks: false,
    });
  });

  it('queues one webhook delivery and one HubSpot task per new account alert', async () => {
    const channels = {
      webhookUrl: 'https://hooks.acme.test/cx',
      webhookSecret: 's'.repeat(40),
      hubspotTasks: true,
    };
    const quote = event(20, {
      dedupKey: 'angry|account:acc9|2026-06|nps|0b6f6c0e-93c8-4b7e-9a43-6f6f2a1c0001/why',
      target: { type: 'account', accountId: 'acc9' },
      ruleId: 'angry',
      ruleKind: 'detractor-negative-verbatim',
      title: 'Detractor (NPS 2) with a negative comment from account acc9',
      details: { text: 'Late <again> & rude' },
    });
    const segment = event(21, {
      dedupKey: 'seg|segment:emea|2026-06|nps',
      target: { type: 'segment', id: 'emea' },
    });
    const raised = await raiseAlerts(db, t.id, [quote, segment, quote], channels, NOW);
    expect(raised).toHaveLength(2);
    expect(await raiseAlerts(db, t.id, [quote, segment], channels, NOW)).toEqual([]);
    const deliveries = await db.query('SELECT alert_id FROM alert_deliveries WHERE tenant_id = $1', [t.id]);
    expect(deliveries.rows).toHaveLength(2);

    const tasks = await pendingHubSpotTasks(db, t.id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      accountId: 'acc9',
      priority: 'HIGH',
      dueAt: '2026-06-16T12:00:00.000Z',
    });
    expect(tasks[0]!.body).toContain('Late &lt;again&gt; &amp; rude');
    const body = hubspotTaskRequest(tasks[0]!, { companyId: '1234', ownerId: '77' });
    expect(body.properties).toMatchObject({
      hs_task_subject: tasks[0]!.subject,
      hubspot_owner_id: '77',
      hs_timestamp: '2026-06-16T12:00:00.000Z',
    });
    expect(body.associations[0]).toEqual({
      to: { id: '1234' },
      types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 192 }],
    });
    await markHubSpotTask(db, t.id, tasks[0]!.alertId, { status: 'retry', error: 'HTTP 502' });
    expect((await pendingHubSpotTasks(db, t.id))[0]!.attempts).toBe(1);
    await markHubSpotTask(db, t.id, tasks[0]!.alertId, { status: 'created', taskId: '9001' });
    expect(await pendingHubSpotTasks(db, t.id)).toEqual([]);
  });
});
