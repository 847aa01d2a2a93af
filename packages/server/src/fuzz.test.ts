import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  openDatabase,
  startServer,
  type CreatedTenant,
  type Database,
  type RunningServer,
} from '@cxkit/server';
import { HOOK_TIMEOUT } from './test-support/storage.js';
import { pino } from 'pino';
import { adminHeaders, npsResponse, seedTenant, testConfig, widgetHeaders } from './test-support/fixtures.js';

const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '$where',
  '\u0000',
  '',
];
const FIELDS = [
  'id',
  'surveyId',
  'accountId',
  'respondentId',
  'role',
  'channel',
  'locale',
  'answeredAt',
  'answers',
  'attributes',
];

// A value of a type no field accepts in that position (each field is a string, an array or an object).
const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);

describe('fuzzing POST /v1/responses', () => {
  let db: Database;
  let server: RunningServer;
  let t: CreatedTenant;
  const who = { account: 'fuzz-co', respondent: 'p-1' };
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    db = await openDatabase({});
    t = await seedTenant(db);
    server = await startServer({
      config: testConfig({ PORT: 0, BODY_LIMIT_BYTES: 1024 * 1024 }),
      db,
      logger: pino({ level: 'silent' }),
    });
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await server.close();
    await db.close();
  }, HOOK_TIMEOUT);

  const send = async (body: string | Uint8Array) => {
    const res = await fetch(`${server.url}/v1/responses`, {
      method: 'POST',
      headers: widgetHeaders(t, who),
      body,
    });
    await res.arrayBuffer();
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    return res.status;
  };
  const is4xx = (s: number) => s >= 400 && s < 500;

  it('answers 4xx to random JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (v) => is4xx(await send(JSON.stringify(v)))),
      { numRuns: 800 },
    );
  });

  it('answers 4xx to valid responses with a field of the wrong type or a hostile extra key', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...FIELDS),
        wrongType,
        fc.constantFrom(...HOSTILE_KEYS),
        fc.boolean(),
        async (field, value, key, batch) => {
          const r = npsResponse(who.account, who.respondent, 7) as Record<string, unknown>;
          // An object is a valid `attributes` value, so that field gets a scalar instead.
          const broken = {
            ...r,
            [field]:
              field === 'attributes' && typeof value === 'object' && value !== null && !Array.isArray(value)
                ? 42
                : value,
          };
          // JSON text so "__proto__" is a real own key on the wire, as an attacker would send it.
          const hostile = `${JSON.stringify(r).slice(0, -1)},${JSON.stringify(key)}:${JSON.stringify(value)}}`;
          const one = batch ? JSON.stringify({ responses: [broken] }) : JSON.stringify(broken);
          return is4xx(await send(one)) && is4xx(await send(hostile));
        },
      ),
      { numRuns: 700 },
    );
  });

  it('answers 400 to strings the database cannot store (NUL, unpaired surrogates) in any field, key or URL', async () => {
    const unstorable = fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udfffy', 'end\ud83d');
    const where = fc.constantFrom(
      'why',
      'accountId',
      'respondentId',
      'role',
      'channel',
      'locale',
      'value',
      'key',
    );
    await fc.assert(
      fc.asyncProperty(unstorable, where, async (bad, field) => {
        const r = npsResponse(who.account, who.respondent, 5, field === 'why' ? { why: `late ${bad}` } : {});
        const body: Record<string, unknown> = { ...r };
        if (field === 'value') body['attributes'] = { plant: bad };
        else if (field === 'key') body['attributes'] = { [bad]: 'lyon' };
        else if (field !== 'why') body[field] = bad;
        return (await send(JSON.stringify(body))) === 400;
      }),
      { numRuns: 120 },
    );
    for (const path of ['/v1/accounts/a%00b/summary', '/v1/eligibility?survey=relationship&account=a%00b']) {
      const res = await fetch(`${server.url}${path}`, {
        headers: { ...widgetHeaders(t, who), ...adminHeaders(t) },
      });
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { error: { issues: { rule: string }[] } }).error.issues[0]!.rule).toBe(
        'storable_text',
      );
    }
  });

  it('answers 4xx to huge strings, deep nesting, invalid UTF-8 and truncated JSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc
            .integer({ min: 5_001, max: 500_000 })
            .map((n) =>
              JSON.stringify({ ...npsResponse(who.account, who.respondent, 5, { why: 'x'.repeat(n) }) }),
            ),
          fc.integer({ min: 33, max: 100_000 }).map((d) => '['.repeat(d) + ']'.repeat(d)),
          fc.integer({ min: 33, max: 5_000 }).map((d) => '{"a":'.repeat(d) + '1' + '}'.repeat(d)),
          fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => {
            const prefix = new TextEncoder().encode(
              JSON.stringify(npsResponse(who.account, who.respondent, 5, { why: 'é' })).slice(0, -2),
            );
            // 0xC3 0x28 and lone continuation bytes are never valid UTF-8.
            return new Uint8Array([...prefix, 0xc3, 0x28, 0x80, ...bytes, 0x22, 0x7d]);
          }),
          fc
            .integer({ min: 1, max: 200 })
            .map((n) => JSON.stringify(npsResponse(who.account, who.respondent, 5)).slice(0, n)),
        ),
        async (body) => is4xx(await send(body)),
      ),
      { numRuns: 600 },
    );
  });

  it('kept serving: no 5xx at all, prototypes intact, and a valid answer is still accepted', async () => {
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2_000);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype.toString.call([])).toBe('[object Array]');
    const ok = await fetch(`${server.url}/v1/responses`, {
      method: 'POST',
      headers: widgetHeaders(t, who),
      body: JSON.stringify(npsResponse(who.account, who.respondent, 10)),
    });
    expect(ok.status).toBe(200);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
