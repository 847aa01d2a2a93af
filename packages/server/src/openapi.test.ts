import { HOOK_TIMEOUT } from './test-support/storage.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@cxkit/server';
import { testApp, json } from './test-support/fixtures.js';

describe('GET /openapi.json', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({});
  }, HOOK_TIMEOUT);
  afterAll(() => db.close(), HOOK_TIMEOUT);

  it('documents every route with schemas generated from the zod validators', async () => {
    const { app } = testApp(db);
    const doc = await json(await app.request('/openapi.json'));
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/responses',
        '/v1/surveys/{id}',
        '/v1/eligibility',
        '/v1/accounts/{id}/summary',
        '/v1/admin/surveys/{id}',
        '/v1/admin/settings/{name}',
        '/v1/admin/verbatims/reanalyze',
        '/v1/admin/history',
      ]),
    );
    const post = doc.paths['/v1/responses'].post;
    const body = JSON.stringify(post.requestBody.content['application/json'].schema);
    // Unknown fields are rejected, and that is visible to clients.
    expect(body).toContain('"additionalProperties":false');
    expect(body).toContain('cant-recommend');
    const summary = doc.paths['/v1/accounts/{id}/summary'].get;
    expect(summary.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual([
      'path:id',
      'query:months',
      'query:mode',
    ]);
    expect(summary.responses['200'].content['application/json'].schema.properties).toHaveProperty('npsTrend');
    // The settings body lists every setting's schema, the theme dictionary included.
    const settings = JSON.stringify(
      doc.paths['/v1/admin/settings/{name}'].put.requestBody.content['application/json'].schema,
    );
    expect(settings).toContain('"pattern":"^[a-z0-9][a-z0-9-]{0,63}$"');
    expect(doc.paths['/v1/admin/verbatims/reanalyze'].post.responses).toHaveProperty('202');
    expect(doc.components.securitySchemes.siteKey).toMatchObject({ in: 'header', name: 'X-Cx-Site-Key' });
  });
});
