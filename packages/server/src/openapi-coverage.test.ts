import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubspotSignatureV3, stopBackground, type createApp, type Database } from '@cxkit/server';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from './test-support/storage.js';
import { testApp, json } from './test-support/fixtures.js';

// The HubSpot routes (the HubSpot feature and the analytics pages' signed twins) mount only when configured.
const SECRET = 'coverage-client-secret';
const ENV = { HUBSPOT_CLIENT_SECRET: SECRET, CXKIT_DEV: 'true' } as const;

interface Operation {
  method: string;
  path: string;
  security: Record<string, string[]>[];
}

/** `/v1/surveys/{id}` -> `/v1/surveys/x1`: a concrete URL for a documented path. */
const concrete = (path: string) => path.replace(/\{[A-Za-z_]+\}/g, 'x1');

describe.each(STORAGE_TARGETS)('every mounted route is documented with its real auth ($name)', (target) => {
  let db: Database;
  let created: ReturnType<typeof createApp>;
  let operations: Operation[];
  const saved = Object.fromEntries(Object.keys(ENV).map((k) => [k, process.env[k]]));

  beforeAll(async () => {
    db = await target.open();
    Object.assign(process.env, ENV);
    created = testApp(db);
    const doc = await json(await created.app.request('/openapi.json'));
    operations = Object.entries(
      doc.paths as Record<string, Record<string, { security: Operation['security'] }>>,
    ).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ method, path, security: op.security })),
    );
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    await stopBackground(created.services);
    await db.close();
  }, HOOK_TIMEOUT);

  const request = (op: Operation, headers: Record<string, string> = {}, body?: string) =>
    created.app.request(`http://localhost${concrete(op.path)}`, {
      method: op.method.toUpperCase(),
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body }),
    });
  const bodyOf = (op: Operation) => (op.method === 'post' || op.method === 'put' ? '{}' : undefined);

  it('documents each mounted route, and mounts each documented one', () => {
    const mounted = new Set(
      created.app.routes
        .filter((r) => r.method !== 'ALL' && r.method !== 'OPTIONS')
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:([A-Za-z_]+)/g, '{$1}')}`),
    );
    const documented = new Set(operations.map((op) => `${op.method} ${op.path}`));
    expect([...mounted].filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((r) => !mounted.has(r))).toEqual([]);
    // The HubSpot routes are part of what is checked.
    expect(documented).toContain('post /v1/hubspot/webhooks');
    expect(mounted.size).toBeGreaterThan(60);
  });

  it('refuses a request without credentials on every route that documents an auth', async () => {
    const guarded = operations.filter((op) => op.security.length > 0);
    expect(guarded.length).toBeGreaterThan(50);
    const wrong: string[] = [];
    for (const op of guarded) {
      const res = await request(op, {}, bodyOf(op));
      if (res.status !== 401 && res.status !== 403) wrong.push(`${op.method} ${op.path}: ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('refuses unsigned and wrongly signed requests on every HubSpot-signed route, and accepts the signature', async () => {
    const signed = operations.filter((op) => op.security.some((s) => 'hubspotSignature' in s));
    expect(signed.map((op) => `${op.method} ${op.path}`)).toEqual(
      expect.arrayContaining([
        'get /v1/hubspot/accounts/summary',
        'put /v1/hubspot/config',
        'post /v1/hubspot/webhooks',
      ]),
    );
    const codes: Record<string, string[]> = {};
    for (const op of signed) {
      const body = bodyOf(op) ?? '';
      const url = `http://localhost${concrete(op.path)}?portalId=1&companyId=1`;
      const timestamp = String(Date.now());
      const send = (secret: string | undefined) =>
        created.app.request(url, {
          method: op.method.toUpperCase(),
          headers: {
            'content-type': 'application/json',
            ...(secret === undefined
              ? {}
              : {
                  'x-hubspot-signature-v3': hubspotSignatureV3(secret, op.method, url, body, timestamp),
                  'x-hubspot-request-timestamp': timestamp,
                }),
          },
          ...(body === '' ? {} : { body }),
        });
      const key = `${op.method} ${op.path}`;
      const unsigned = await send(undefined);
      const forged = await send('another-secret');
      const genuine = await send(SECRET);
      codes[key] = [
        `${unsigned.status} ${(await json(unsigned)).error?.code}`,
        `${forged.status} ${(await json(forged)).error?.code}`,
        // Signed right, the request gets past the signature: portal 1 never installed cxkit, or a
        // webhook delivery is stored.
        genuine.status === 204 ? '204' : `${genuine.status} ${(await json(genuine)).error?.code}`,
      ];
    }
    for (const [key, [unsigned, forged, genuine]] of Object.entries(codes)) {
      expect({ key, unsigned }).toEqual({ key, unsigned: '401 hubspot/signature-missing' });
      expect({ key, forged }).toEqual({ key, forged: '401 hubspot/signature-invalid' });
      expect({ key, genuine }).toEqual({
        key,
        genuine: key === 'post /v1/hubspot/webhooks' ? '204' : '403 hubspot/portal-unknown',
      });
    }
  });
});
