import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotStandIn, type HubSpotStandIn } from '@cxkit/hubspot-stand-in';
import {
  createLogger,
  createTenant,
  linkStaticPortal,
  HubSpotGateway,
  loadHubSpotSettings,
  openDatabase,
} from '@cxkit/server';
import { runCli } from '../testing/capture-io.js';

const ENV = [
  'HUBSPOT_CLIENT_SECRET',
  'HUBSPOT_CLIENT_ID',
  'HUBSPOT_BASE_PATH',
  'HUBSPOT_REDIRECT_URL',
  'HUBSPOT_PUBLIC_URL',
  'CXKIT_PUBLIC_URL',
  'CXKIT_ENCRYPTION_KEY',
  'CXKIT_DEV',
  'HUBSPOT_TEN_SECOND_LIMIT',
] as const;
const KEY = Buffer.alloc(32, 3).toString('base64');

describe('cxkit hubspot doctor', () => {
  let dir: string;
  let hs: HubSpotStandIn;
  let healthz: Server;
  let localUrl: string;
  const saved: Partial<Record<(typeof ENV)[number], string | undefined>> = {};

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cxkit-doctor-'));
    // HubSpot's Free/Starter tier: 100 per 10 s, stated in X-HubSpot-RateLimit-Max.
    hs = await startHubSpotStandIn({ rateLimit: { perTenSeconds: 100, daily: 250_000 } });
    // A stand-in for this server's public URL, answering /healthz as cxkit does.
    healthz = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(req.url === '/healthz' ? '{"status":"ok"}' : '{}');
    });
    await new Promise<void>((r) => healthz.listen(0, '127.0.0.1', r));
    localUrl = `http://127.0.0.1:${(healthz.address() as AddressInfo).port}`;
    for (const k of ENV) saved[k] = process.env[k];
  });
  afterEach(() => {
    for (const k of ENV) delete process.env[k];
  });
  afterAll(async () => {
    for (const k of ENV)
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    healthz.close();
    await hs.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints each problem with its fix and exits 1', async () => {
    Object.assign(process.env, {
      HUBSPOT_CLIENT_SECRET: hs.clientSecret,
      HUBSPOT_CLIENT_ID: hs.clientId,
      HUBSPOT_BASE_PATH: hs.url,
      CXKIT_DEV: 'true',
      CXKIT_PUBLIC_URL: 'http://cxkit.example.com',
      HUBSPOT_REDIRECT_URL: 'https://elsewhere.example/callback',
    });
    const r = await runCli(['hubspot', 'doctor', '--data-dir', 'bad'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      '✗ CXKIT_ENCRYPTION_KEY: tokens are encrypted with the public development key',
    );
    expect(r.stdout).toContain('✗ public URL (CXKIT_PUBLIC_URL): http://cxkit.example.com is not HTTPS');
    expect(r.stdout).toMatch(/fix: serve cxkit over HTTPS/);
    expect(r.stdout).toContain(
      '✗ OAuth redirect URL: HUBSPOT_REDIRECT_URL is https://elsewhere.example/callback',
    );
    expect(r.stdout).toContain('3 problems found.');
  });

  it('says when the secret is missing', async () => {
    const r = await runCli(['hubspot', 'doctor', '--data-dir', 'bad'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ environment: HUBSPOT_CLIENT_SECRET: .*\n\s+fix: /);
  });

  it('checks each portal: a rate limit above the one HubSpot states, then all well (exit 0)', async () => {
    Object.assign(process.env, {
      HUBSPOT_CLIENT_SECRET: hs.clientSecret,
      HUBSPOT_BASE_PATH: hs.url,
      CXKIT_ENCRYPTION_KEY: KEY,
      CXKIT_DEV: 'true',
      CXKIT_PUBLIC_URL: localUrl,
    });
    const settings = loadHubSpotSettings(process.env);
    const db = await openDatabase({ dataDir: join(dir, 'data') });
    await createTenant(db, { id: 'acme', name: 'Acme' });
    const link = (db: Awaited<ReturnType<typeof openDatabase>>, limit: number) =>
      linkStaticPortal({
        db,
        gateway: new HubSpotGateway({ db, settings, logger: createLogger('silent') }),
        settings,
        portalId: hs.portalId,
        tenantId: 'acme',
        accessToken: hs.accessToken,
        perTenSeconds: limit,
        now: new Date(),
      });
    await link(db, 190);
    await db.close();
    const tooFast = await runCli(['hubspot', 'doctor', '--data-dir', 'data'], dir);
    expect(tooFast.code).toBe(1);
    expect(tooFast.stdout).toContain(
      `✗ portal ${hs.portalId} (tenant "acme", static): rate limit: cxkit sends up to 190 requests per 10 s, HubSpot allows this app 100`,
    );
    expect(tooFast.stdout).toContain(
      `fix: cxkit hubspot link --portal ${hs.portalId} --tenant acme --limit 100`,
    );
    const db2 = await openDatabase({ dataDir: join(dir, 'data') });
    await link(db2, 100);
    await db2.close();
    const good = await runCli(['hubspot', 'doctor', '--data-dir', 'data'], dir);
    expect(good.stdout).toContain(`✓ ${localUrl} answers as this cxkit server`);
    expect(good.stdout).toContain('No problem found.');
    expect(good.code).toBe(0);
  });
});
