import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '@cxkit/core';
import {
  alertWorkerOf,
  deliverPendingAlerts,
  raiseAlerts,
  retryDelay,
  saveAlertChannels,
  signWebhook,
  verbatimWorkerOf,
  verifyWebhook,
  type AppServices,
  type CreatedTenant,
  type Database,
} from '@cxkit/server';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import { seedTenant, testApp } from '../test-support/fixtures.js';

const SECRET = 'whsec_'.padEnd(40, 'k');
const T0 = new Date('2026-06-15T12:00:00Z');

/** A real HTTP receiver on 127.0.0.1 that answers `plan[i]` to its i-th request (then 200). */
async function receiver(plan: number[]) {
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(plan[received.length - 1] ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/cx`,
    received,
    close: () => new Promise((r) => server.close(r)),
  };
}

const event = (key: string): AlertEvent => ({
  dedupKey: key,
  ruleId: 'nps-low',
  ruleKind: 'threshold',
  metric: 'nps',
  severity: 'warning',
  target: { type: 'account', accountId: 'acme-1' },
  period: '2026-06',
  value: -20,
  title: 'NPS -20 is below 0 for account acme-1 (2026-06, n = 15)',
  details: { n: 15 },
});

describe('webhook signatures', () => {
  it('sign "timestamp.body" with HMAC-SHA256 and verify within the tolerance only', () => {
    const sig = signWebhook('k', 1_781_524_800, '{"a":1}');
    // Reference: printf '%s' '1781524800.{"a":1}' | openssl dgst -sha256 -hmac k
    expect(sig).toBe('sha256=86d9664b25bce8fe6024ae86c899f7b3e7153db033ad0829b518dc80ce7a28e2');
    const now = new Date(1_781_524_800_000);
    const ok = { signature: sig, timestamp: '1781524800' };
    expect(verifyWebhook('k', ok, '{"a":1}', { now })).toBe(true);
    expect(verifyWebhook('k', ok, '{"a":2}', { now })).toBe(false);
    expect(verifyWebhook('other', ok, '{"a":1}', { now })).toBe(false);
    expect(verifyWebhook('k', { ...ok, timestamp: '1781524801' }, '{"a":1}', { now })).toBe(false);
    expect(verifyWebhook('k', ok, '{"a":1}', { now: new Date(now.getTime() + 301_000) })).toBe(false);
  });

  it('back off exponentially up to the cap', () => {
    expect([1, 2, 3, 4, 12].map((n) => retryDelay(n, 30_000, 600_000))).toEqual([
      30_000, 60_000, 120_000, 240_000, 600_000,
    ]);
  });
});

describe.each(STORAGE_TARGETS)('webhook delivery on $name', (target) => {
  let db: Database;
  let t: CreatedTenant;
  let services: AppServices;

  beforeAll(async () => {
    db = await target.open();
    t = await seedTenant(db, 'acme');
    ({ services } = testApp(db, {}, () => T0));
    await verbatimWorkerOf(services)!.job.stop();
    await alertWorkerOf(services)!.stop();
  }, HOOK_TIMEOUT);
  afterAll(() => db.close(), HOOK_TIMEOUT);

  it('retries a failing receiver with backoff, signs every attempt, and delivers each alert once', async () => {
    const hook = await receiver([500, 503]);
    try {
      const channels = await saveAlertChannels(db, t.id, {
        webhookUrl: hook.url,
        webhookSecret: SECRET,
        hubspotTasks: false,
      });
      if ('missing' in channels) throw new Error('channels not saved');
      const [alert] = await raiseAlerts(
        db,
        t.id,
        [event('nps-low|account:acme-1|2026-06|nps')],
        channels,
        T0,
      );
      const opts = { baseDelayMs: 30_000, maxDelayMs: 600_000 };

      expect(await deliverPendingAlerts(services, { ...opts, now: T0 })).toEqual({
        delivered: 0,
        retrying: 1,
        failed: 0,
      });
      // Not due yet: nothing is sent before the backoff delay.
      expect(await deliverPendingAlerts(services, { ...opts, now: new Date(T0.getTime() + 29_000) })).toEqual(
        { delivered: 0, retrying: 0, failed: 0 },
      );
      expect(hook.received).toHaveLength(1);
      expect(
        await deliverPendingAlerts(services, { ...opts, now: new Date(T0.getTime() + 30_000) }),
      ).toMatchObject({ retrying: 1 });
      // The second failure doubles the delay.
      expect(
        await deliverPendingAlerts(services, { ...opts, now: new Date(T0.getTime() + 30_000 + 59_000) }),
      ).toMatchObject({ retrying: 0 });
      expect(await deliverPendingAlerts(services, { ...opts, now: new Date(T0.getTime() + 90_000) })).toEqual(
        { delivered: 1, retrying: 0, failed: 0 },
      );
      // Delivered: later runs and a re-raised event send nothing more.
      await raiseAlerts(db, t.id, [event('nps-low|account:acme-1|2026-06|nps')], channels, T0);
      expect(
        await deliverPendingAlerts(services, { ...opts, now: new Date(T0.getTime() + 10_000_000) }),
      ).toEqual({ delivered: 0, retrying: 0, failed: 0 });

      expect(hook.received).toHaveLength(3);
      for (const r of hook.received) {
        expect(r.headers['idempotency-key']).toBe(alert!.id);
        expect(r.headers['content-type']).toBe('application/json');
        const ok = verifyWebhook(
          SECRET,
          {
            signature: r.headers['x-cx-signature'] as string,
            timestamp: r.headers['x-cx-timestamp'] as string,
          },
          r.body,
        );
        expect(ok).toBe(true);
        expect(JSON.parse(r.body)).toEqual({ type: 'alert.raised', alert });
      }
      const row = await db.query<{ status: string; attempts: number; last_status: number }>(
        'SELECT status, attempts, last_status FROM alert_deliveries WHERE tenant_id = $1',
        [t.id],
      );
      expect(row.rows).toEqual([{ status: 'delivered', attempts: 3, last_status: 200 }]);
    } finally {
      await hook.close();
    }
  });

  it('gives up after maxAttempts, and concurrent workers never send a delivery twice at once', async () => {
    const hook = await receiver(new Array<number>(20).fill(500));
    try {
      const channels = await saveAlertChannels(db, t.id, {
        webhookUrl: hook.url,
        webhookSecret: SECRET,
        hubspotTasks: false,
      });
      if ('missing' in channels) throw new Error('channels not saved');
      await raiseAlerts(
        db,
        t.id,
        [event('a|account:x|2026-06|nps'), event('b|account:x|2026-06|nps')],
        channels,
        T0,
      );
      const opts = { baseDelayMs: 1_000, maxDelayMs: 1_000, maxAttempts: 3 };
      const runs = await Promise.all(
        [0, 1, 2].map(() => deliverPendingAlerts(services, { ...opts, now: T0 })),
      );
      expect(runs.reduce((n, r) => n + r.retrying, 0)).toBe(2);
      expect(hook.received).toHaveLength(2);
      await deliverPendingAlerts(services, { ...opts, now: new Date(T0.getTime() + 1_000) });
      expect(await deliverPendingAlerts(services, { ...opts, now: new Date(T0.getTime() + 2_000) })).toEqual({
        delivered: 0,
        retrying: 0,
        failed: 2,
      });
      expect(await deliverPendingAlerts(services, { ...opts, now: new Date(T0.getTime() + 60_000) })).toEqual(
        { delivered: 0, retrying: 0, failed: 0 },
      );
      expect(hook.received).toHaveLength(6);
      const failed = await db.query<{ last_error: string }>(
        "SELECT last_error FROM alert_deliveries WHERE tenant_id = $1 AND status = 'failed'",
        [t.id],
      );
      expect(failed.rows.map((r) => r.last_error)).toEqual(['HTTP 500', 'HTTP 500']);
    } finally {
      await hook.close();
    }
  });
});
