import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubSpotStandIn } from '@cxkit/hubspot-stand-in';
import { PortalRateLimiter, statedLimit, type Database, type HubSpotSettings } from '@cxkit/server';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from '../test-support/storage.js';
import { seedTenant } from '../test-support/fixtures.js';
import { hubspotStandIn, linkStandInPortal, testGateway } from '../test-support/hubspot.js';

function fakeClock(start = Date.parse('2026-06-15T12:00:00Z')) {
  let t = start;
  const limiter = new PortalRateLimiter(
    () => t,
    async (ms) => {
      t += ms;
    },
  );
  return { limiter, now: () => t };
}

const headers = (max: number, remaining: number) => ({
  'x-hubspot-ratelimit-max': String(max),
  'x-hubspot-ratelimit-remaining': String(remaining),
  'x-hubspot-ratelimit-interval-milliseconds': '10000',
});

describe("pacing from HubSpot's X-HubSpot-RateLimit-* headers", () => {
  it('keeps to the limit HubSpot states when it is below the configured one', async () => {
    const { limiter, now } = fakeClock();
    const start = now();
    await limiter.acquire(1, { perTenSeconds: 110, daily: null });
    limiter.observe(1, statedLimit(headers(100, 99), now()));
    for (let i = 1; i < 100; i++) await limiter.acquire(1, { perTenSeconds: 110, daily: null });
    expect(now()).toBe(start);
    await limiter.acquire(1, { perTenSeconds: 110, daily: null });
    expect(now() - start).toBeGreaterThanOrEqual(10_000);
  });

  it('pauses briefly on a 429 while HubSpot said requests remained, fully when the window was full', async () => {
    const { limiter, now } = fakeClock();
    for (let i = 0; i < 10; i++) await limiter.acquire(1, { perTenSeconds: 100, daily: null });
    limiter.observe(1, statedLimit(headers(100, 90), now()));
    let t = now();
    limiter.tenSecondlyExceeded(1);
    await limiter.acquire(1, { perTenSeconds: 100, daily: null });
    expect(now() - t).toBe(250);
    // The 429 itself says the window is full: the wait is the full second (or until a slot frees).
    t = now();
    limiter.tenSecondlyExceeded(1, statedLimit(headers(100, 0), now()));
    await limiter.acquire(1, { perTenSeconds: 100, daily: null });
    expect(now() - t).toBeGreaterThanOrEqual(1000);
  });
});

describe.each(STORAGE_TARGETS)('the gateway reads the headers of every answer ($name)', (target) => {
  let db: Database;
  let hs: HubSpotStandIn;
  let settings: HubSpotSettings;

  beforeAll(async () => {
    db = await target.open();
    ({ hs, settings } = await hubspotStandIn({ rateLimit: { perTenSeconds: 100, daily: null } }));
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await hs.close();
    await db.close();
  }, HOOK_TIMEOUT);

  it('records what HubSpot states after a call', async () => {
    const t = await seedTenant(db, 'acme');
    const portal = await linkStandInPortal(db, hs, settings, t.id, { perTenSeconds: 110 });
    const gateway = testGateway(db, settings);
    await gateway.callWithInfo(portal, (c) => c.crm.companies.basicApi.getPageWithHttpInfo(1));
    expect(gateway.limiter.stated(portal.portalId)).toMatchObject({ max: 100, intervalMs: 10_000 });
    expect(gateway.limiter.stated(portal.portalId)!.remaining).toBeLessThan(100);
  });
});
