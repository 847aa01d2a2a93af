import { Client } from '@hubspot/api-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DAILY_429,
  TEN_SECONDLY_429,
  startHubSpotStandIn,
  type HubSpotStandIn,
} from '@cxkit/hubspot-stand-in';

let hs: HubSpotStandIn | undefined;
afterEach(async () => {
  await hs?.close();
  hs = undefined;
  vi.restoreAllMocks();
});

function apiError(err: unknown): {
  code: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
} {
  return err as { code: number; body: Record<string, unknown>; headers: Record<string, string> };
}

describe('rate limiter', () => {
  it('answers 429 TEN_SECONDLY_ROLLING past the 10-second budget and recovers when the window rolls', async () => {
    let now = Date.parse('2026-03-02T10:00:00Z');
    hs = await startHubSpotStandIn({ rateLimit: { perTenSeconds: 3, daily: null }, now: () => now });
    const client = new Client({ accessToken: hs.accessToken, basePath: hs.url });
    const co = hs.store.create('companies', { name: 'Limited' });
    for (let i = 0; i < 3; i++) {
      now += 1000;
      await client.crm.companies.basicApi.getById(co.id);
    }
    const err = await client.crm.companies.basicApi.getById(co.id).catch((e: unknown) => e);
    expect(apiError(err).code).toBe(429);
    expect(apiError(err).body).toMatchObject({
      status: 'error',
      errorType: 'RATE_LIMIT',
      policyName: 'TEN_SECONDLY_ROLLING',
      message: 'You have reached your ten_secondly_rolling limit.',
    });
    expect(apiError(err).body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(apiError(err).headers['x-hubspot-ratelimit-max']).toBe('3');
    expect(apiError(err).headers['x-hubspot-ratelimit-remaining']).toBe('0');
    // The first request leaves the window 10 s after it was made.
    now += 8001;
    await expect(client.crm.companies.basicApi.getById(co.id)).resolves.toMatchObject({ id: co.id });
  });

  it('answers 429 DAILY once the daily budget is spent, and sends daily headers', async () => {
    let now = Date.parse('2026-03-02T10:00:00Z');
    hs = await startHubSpotStandIn({ rateLimit: { perTenSeconds: 100, daily: 2 }, now: () => now });
    const client = new Client({ accessToken: hs.accessToken, basePath: hs.url });
    const co = hs.store.create('companies', { name: 'Daily' });
    const ok = await client.crm.companies.basicApi.getByIdWithHttpInfo(co.id);
    expect(ok.headers['x-hubspot-ratelimit-daily']).toBe('2');
    expect(ok.headers['x-hubspot-ratelimit-daily-remaining']).toBe('1');
    await client.crm.companies.basicApi.getById(co.id);
    const err = await client.crm.companies.basicApi.getById(co.id).catch((e: unknown) => e);
    expect(apiError(err).code).toBe(429);
    expect(apiError(err).body).toMatchObject({
      policyName: 'DAILY',
      message: 'You have reached your daily limit.',
    });
    // The budget resets at midnight in the portal's time zone (US/Eastern by default, UTC-5 in March),
    // not at UTC midnight.
    now = Date.parse('2026-03-03T00:00:01Z');
    const stillSpent = await client.crm.companies.basicApi.getById(co.id).catch((e: unknown) => e);
    expect(apiError(stillSpent).body).toMatchObject({ policyName: 'DAILY' });
    now = Date.parse('2026-03-03T05:00:01Z');
    await expect(client.crm.companies.basicApi.getById(co.id)).resolves.toMatchObject({ id: co.id });
  });

  it("serves the account details with the portal's time zone and its current UTC offset", async () => {
    const now = Date.parse('2026-07-02T10:00:00Z');
    hs = await startHubSpotStandIn({ timeZone: 'Europe/Paris', now: () => now });
    const client = new Client({ accessToken: hs.accessToken, basePath: hs.url });
    const res = await client.apiRequest({ method: 'GET', path: '/account-info/v3/details' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      portalId: hs.portalId,
      timeZone: 'Europe/Paris',
      utcOffset: '+02:00',
      utcOffsetMilliseconds: 7_200_000,
    });
    const anonymous = new Client({ accessToken: 'not-a-token', basePath: hs.url });
    const refused = await anonymous.apiRequest({ method: 'GET', path: '/account-info/v3/details' });
    expect(refused.status).toBe(401);
  });
});

describe('search limit', () => {
  it('answers 429 “secondly limit” past the search budget, which the real client waits out and retries', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    hs = await startHubSpotStandIn({ rateLimit: { perTenSeconds: 100, daily: null, searchPerSecond: 2 } });
    const noRetry = new Client({ accessToken: hs.accessToken, basePath: hs.url });
    const search = (c: Client) => c.crm.companies.searchApi.doSearch({ limit: 1 });
    await search(noRetry);
    await search(noRetry);
    const err = await search(noRetry).catch((e: unknown) => e);
    expect(apiError(err).code).toBe(429);
    expect(apiError(err).body).toMatchObject({
      errorType: 'RATE_LIMIT',
      message: 'You have reached your secondly limit.',
    });
    // Other endpoints are not held back by the search budget.
    await expect(noRetry.crm.companies.basicApi.getPage()).resolves.toBeDefined();

    const retrying = new Client({ accessToken: hs.accessToken, basePath: hs.url, numberOfApiCallRetries: 2 });
    await expect(search(retrying)).resolves.toMatchObject({ total: 0 });
    expect(hs.requests.filter((r) => r.path.endsWith('/search')).map((r) => r.status)).toEqual(
      expect.arrayContaining([429, 200]),
    );
  });
});

describe('fault injection', () => {
  it('fails scripted requests with 5xx and the real client retries through them', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined); // the client logs each retry
    hs = await startHubSpotStandIn({ rateLimit: false });
    const client = new Client({ accessToken: hs.accessToken, basePath: hs.url, numberOfApiCallRetries: 3 });
    const co = hs.store.create('companies', { name: 'Flaky' });
    hs.faults.script([503, 502], { path: '/crm/v3/objects/companies' });
    const got = await client.crm.companies.basicApi.getById(co.id);
    expect(got.id).toBe(co.id);
    expect(hs.requests.map((r) => r.status)).toEqual([503, 502, 200]);
    expect(hs.faults.pending()).toBe(0);
  });

  it('can lose the answer of a handled request: the write is stored, the client sees the 5xx', async () => {
    hs = await startHubSpotStandIn({ rateLimit: false });
    const client = new Client({ accessToken: hs.accessToken, basePath: hs.url, numberOfApiCallRetries: 0 });
    hs.faults.scriptAfterHandling([502], { method: 'POST', path: '/crm/v3/objects/tasks' });
    const err = await client.crm.objects.tasks.basicApi
      .create({ properties: { hs_task_subject: 'Lost answer' }, associations: [] })
      .catch((e: unknown) => e);
    expect((err as { code: number }).code).toBe(502);
    expect(hs.store.list('tasks').map((t) => t.properties.hs_task_subject)).toEqual(['Lost answer']);
    expect(hs.requests.map((r) => r.status)).toEqual([502]);
    expect(hs.faults.pending()).toBe(0);
  });

  it('injects both 429 policies; the client does not retry a DAILY 429', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    hs = await startHubSpotStandIn({ rateLimit: false });
    const client = new Client({ accessToken: hs.accessToken, basePath: hs.url, numberOfApiCallRetries: 3 });
    hs.faults.script([DAILY_429]);
    const daily = await client.crm.companies.basicApi.getPage().catch((e: unknown) => e);
    expect(apiError(daily).code).toBe(429);
    expect(apiError(daily).body).toMatchObject({ policyName: 'DAILY', errorType: 'RATE_LIMIT' });
    expect(hs.requests).toHaveLength(1);

    const noRetry = new Client({ accessToken: hs.accessToken, basePath: hs.url });
    hs.faults.script([TEN_SECONDLY_429]);
    const burst = await noRetry.crm.companies.basicApi.getPage().catch((e: unknown) => e);
    expect(apiError(burst).body).toMatchObject({ policyName: 'TEN_SECONDLY_ROLLING' });
  });

  it('lets `pass` through and applies faults only to matching method and path', async () => {
    hs = await startHubSpotStandIn({ rateLimit: false });
    const client = new Client({ accessToken: hs.accessToken, basePath: hs.url });
    const co = hs.store.create('companies', { name: 'Match' });
    hs.faults.script(['pass', 500], { method: 'POST', path: /batch\/update$/ });
    await client.crm.companies.basicApi.getById(co.id); // GET: not matched
    await client.crm.companies.batchApi.update({ inputs: [{ id: co.id, properties: { name: 'one' } }] });
    const err = await client.crm.companies.batchApi
      .update({ inputs: [{ id: co.id, properties: { name: 'two' } }] })
      .catch((e: unknown) => e);
    expect(apiError(err).code).toBe(500);
    expect(hs.store.get('companies', co.id)!.properties.name).toBe('one');
  });

  it('fails a seeded share of requests at random, reproducibly', async () => {
    const run = async () => {
      const h = await startHubSpotStandIn({ rateLimit: false });
      h.faults.randomly({ probability: 0.3, faults: [500, TEN_SECONDLY_429], seed: 7 });
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) {
        const r = await fetch(`${h.url}/crm/v3/objects/companies`, {
          headers: { authorization: `Bearer ${h.accessToken}` },
        });
        statuses.push(r.status);
      }
      await h.close();
      return statuses;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    const failed = a.filter((s) => s !== 200).length;
    expect(failed).toBeGreaterThan(4);
    expect(failed).toBeLessThan(20);
    expect(new Set(a)).toEqual(new Set([200, 500, 429]));
  });

  it('refuses a probability outside [0, 1]', async () => {
    hs = await startHubSpotStandIn({ rateLimit: false });
    expect(() => hs!.faults.randomly({ probability: 2, faults: [500] })).toThrow(/probability/);
  });
});
