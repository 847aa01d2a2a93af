import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, type Database } from '@cxkit/server';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import { testApp } from '../test-support/fixtures.js';

const KEYS = ['HUBSPOT_CLIENT_SECRET', 'CXKIT_DEV', 'CXKIT_ENCRYPTION_KEY'] as const;

describe('HubSpot integration from the environment', () => {
  let db: Database;
  const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
  beforeAll(async () => {
    db = await STORAGE_TARGETS[0]!.open();
  }, HOOK_TIMEOUT);
  afterEach(() => {
    for (const k of KEYS)
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
  });
  afterAll(() => db.close(), HOOK_TIMEOUT);

  it('is off without HUBSPOT_CLIENT_SECRET', async () => {
    delete process.env['HUBSPOT_CLIENT_SECRET'];
    const { app } = testApp(db);
    expect((await app.request('/v1/hubspot/config?portalId=1')).status).toBe(404);
  });

  it('mounts the signed routes when configured', async () => {
    Object.assign(process.env, { HUBSPOT_CLIENT_SECRET: 'a-client-secret', CXKIT_DEV: 'true' });
    const { app } = testApp(db);
    const res = await app.request('/v1/hubspot/config?portalId=1');
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('hubspot/signature-missing');
  });

  it('refuses to start without an encryption key outside development, naming the variable', () => {
    Object.assign(process.env, { HUBSPOT_CLIENT_SECRET: 'a-client-secret', CXKIT_DEV: 'false' });
    delete process.env['CXKIT_ENCRYPTION_KEY'];
    expect(() => testApp(db)).toThrow(ConfigError);
    expect(() => testApp(db)).toThrow(/CXKIT_ENCRYPTION_KEY/);
  });
});
