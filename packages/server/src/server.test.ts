import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, openDatabase, startServer, type Database, type Feature } from '@cxkit/server';
import { HOOK_TIMEOUT } from './test-support/storage.js';
import { pino } from 'pino';
import { testConfig, json } from './test-support/fixtures.js';

// A feature mounted like the HubSpot one will be: proves routes mount by feature, and gives
// the tests a slow request and a failing one.
let release: () => void = () => undefined;
const testFeature: Feature = {
  name: 'test',
  mount(app) {
    app.get('/test/slow', async (c) => {
      await new Promise<void>((r) => (release = r));
      return c.json({ finished: true });
    });
    app.get('/v1/test/slow', async (c) => {
      await new Promise((r) => setTimeout(r, 1_000));
      return c.json({ late: true });
    });
    app.get('/test/boom', () => {
      throw new Error('secret database detail');
    });
  },
};

describe('startServer', () => {
  let db: Database;
  const logged: string[] = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => void logged.push(line) });

  beforeAll(async () => {
    db = await openDatabase({});
  }, HOOK_TIMEOUT);
  afterAll(() => db.close(), HOOK_TIMEOUT);

  it('serves /healthz on a free port and hides 5xx causes from clients but logs them', async () => {
    const server = await startServer({
      config: testConfig({ PORT: 0 }),
      db,
      logger,
      features: [testFeature],
    });
    try {
      const health = await fetch(`${server.url}/healthz`);
      expect(await json(health)).toEqual({ status: 'ok', version: '0.1.0', storage: 'pglite' });
      const boom = await fetch(`${server.url}/test/boom`);
      expect(boom.status).toBe(500);
      expect(await json(boom)).toEqual({ error: { code: 'internal', message: 'Internal Server Error' } });
      expect(logged.join('\n')).toContain('secret database detail');
      const missing = await fetch(`${server.url}/nope`);
      expect(missing.status).toBe(404);
      expect((await json(missing)).error.code).toBe('route/not-found');
    } finally {
      await server.close();
    }
  });

  it('answers 503 when a request outlives REQUEST_TIMEOUT_MS', async () => {
    const { app } = createApp({
      db,
      config: testConfig({ REQUEST_TIMEOUT_MS: 100 }),
      logger,
      features: [testFeature],
    });
    const res = await app.request('/v1/test/slow');
    expect(res.status).toBe(503);
    expect((await json(res)).error.code).toBe('timeout');
  });

  it('finishes in-flight requests on shutdown, then stops accepting', async () => {
    const server = await startServer({
      config: testConfig({ PORT: 0 }),
      db,
      logger,
      features: [testFeature],
    });
    const inFlight = fetch(`${server.url}/test/slow`);
    await new Promise((r) => setTimeout(r, 100));
    const closed = server.close();
    await new Promise((r) => setTimeout(r, 100));
    release();
    const res = await inFlight;
    expect(await json(res)).toEqual({ finished: true });
    await closed;
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    // The database given to startServer stays open for its owner.
    expect((await db.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});
