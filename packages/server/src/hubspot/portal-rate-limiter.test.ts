import { describe, expect, it } from 'vitest';
import { DailyLimitReached, PortalRateLimiter } from '@cxkit/server';

/** A limiter on a fake clock: sleeping moves time forward instantly. */
function fakeClock(start = Date.parse('2026-06-15T12:00:00Z')) {
  let t = start;
  const limiter = new PortalRateLimiter(
    () => t,
    async (ms) => {
      t += ms;
    },
  );
  return {
    limiter,
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe('per-portal HubSpot rate limiter', () => {
  it.each([100, 110, 190, 250])(
    'lets %i requests through per rolling 10 seconds, then waits',
    async (limit) => {
      const { limiter, now } = fakeClock();
      const start = now();
      for (let i = 0; i < limit; i++) await limiter.acquire(1, { perTenSeconds: limit, daily: null });
      expect(now()).toBe(start);
      await limiter.acquire(1, { perTenSeconds: limit, daily: null });
      expect(now() - start).toBeGreaterThanOrEqual(10_000);
      expect(now() - start).toBeLessThan(10_010);
    },
  );

  it('keeps portals apart: one portal at its limit does not slow another', async () => {
    const { limiter, now } = fakeClock();
    const start = now();
    for (let i = 0; i < 100; i++) await limiter.acquire(1, { perTenSeconds: 100, daily: null });
    await limiter.acquire(2, { perTenSeconds: 100, daily: null });
    expect(now()).toBe(start);
  });

  it("stops at the daily budget with the reset time: midnight in the portal's time zone", async () => {
    const { limiter } = fakeClock(Date.parse('2026-06-15T23:59:00Z'));
    for (let i = 0; i < 3; i++) await limiter.acquire(1, { perTenSeconds: 100, daily: 3 });
    const err = await limiter.acquire(1, { perTenSeconds: 100, daily: 3 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DailyLimitReached);
    expect((err as DailyLimitReached).resetAt.toISOString()).toBe('2026-06-16T00:00:00.000Z');

    // In New York (EDT, UTC-4) 23:59 UTC is still the afternoon: the day ends at 04:00 UTC.
    const ny = { perTenSeconds: 100, daily: 3, timeZone: 'America/New_York' };
    for (let i = 0; i < 3; i++) await limiter.acquire(2, ny);
    const e2 = await limiter.acquire(2, ny).catch((e: unknown) => e);
    expect((e2 as DailyLimitReached).resetAt.toISOString()).toBe('2026-06-16T04:00:00.000Z');
  });

  it('counts the daily budget from midnight in the portal time zone, not UTC', async () => {
    const { limiter, now, advance } = fakeClock(Date.parse('2026-06-15T23:59:00Z'));
    const ny = { perTenSeconds: 100, daily: 2, timeZone: 'US/Eastern' };
    await limiter.acquire(1, ny);
    await limiter.acquire(1, ny);
    // UTC midnight passes, New York's does not: the budget stays spent until 04:00 UTC.
    advance(2 * 60_000);
    expect(new Date(now()).toISOString()).toBe('2026-06-16T00:01:00.000Z');
    await expect(limiter.acquire(1, ny)).rejects.toBeInstanceOf(DailyLimitReached);
  });

  it('after TEN_SECONDLY_ROLLING 429s backs off 1 s, doubling, never past the window', async () => {
    const { limiter, now } = fakeClock();
    const limits = { perTenSeconds: 100, daily: null };
    const start = now();
    await limiter.acquire(1, limits);
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      const before = now();
      limiter.tenSecondlyExceeded(1);
      await limiter.acquire(1, limits);
      waits.push(now() - before);
    }
    // 1, 2, 4 s; then the oldest request (sent at start) leaves the window at start + 10 s.
    expect(waits.slice(0, 3)).toEqual([1000, 2000, 4000]);
    expect(now() - start).toBeGreaterThanOrEqual(10_000);
    limiter.succeeded(1);
    const before = now();
    limiter.tenSecondlyExceeded(1);
    await limiter.acquire(1, limits);
    expect(now() - before).toBe(1000);
  });

  it("after a DAILY 429 parks the portal until midnight in the portal's time zone", async () => {
    const { limiter } = fakeClock(Date.parse('2026-06-15T08:00:00Z'));
    const limits = { perTenSeconds: 100, daily: null, timeZone: 'Europe/Paris' };
    await limiter.acquire(1, limits);
    // Paris is at UTC+2 in June: its midnight is 22:00 UTC.
    expect(limiter.dailyExceeded(1).toISOString()).toBe('2026-06-15T22:00:00.000Z');
    expect(limiter.parkedUntil(1)?.toISOString()).toBe('2026-06-15T22:00:00.000Z');
    await expect(limiter.acquire(1, limits)).rejects.toBeInstanceOf(DailyLimitReached);
  });

  it('after a DAILY 429 in a portal of unknown time zone probes again after an hour', async () => {
    const { limiter } = fakeClock(Date.parse('2026-06-15T08:00:00Z'));
    await limiter.acquire(1, { perTenSeconds: 100, daily: null });
    expect(limiter.dailyExceeded(1).toISOString()).toBe('2026-06-15T09:00:00.000Z');
    await expect(limiter.acquire(1, { perTenSeconds: 100, daily: null })).rejects.toBeInstanceOf(
      DailyLimitReached,
    );
  });
});
