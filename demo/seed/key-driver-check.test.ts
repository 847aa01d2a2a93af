import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tCritical } from '@cxkit/core';
import { openDatabase, type Database } from '@cxkit/server';
import { checkKeyDrivers, type DriverRecovery } from './key-driver-check.js';

// The generator plants a delivery and a support problem on random accounts; the analysis sees only answers
// and signals. docs/analytics.md reports the full-size runs (`node --conditions=source --import tsx
// demo/seed/key-driver-check.ts [accounts] [seed]`). The tolerance is the analysis's own interval widened
// from 95 % to 99.9 % (the data move with the calendar month, so a 95 % interval would miss one month in 20
// per driver): a recovered gap outside it is a biased method, not bad luck.
describe('key-driver analysis on the demo generator, where the true drivers are known', () => {
  let db: Database;
  let rows: DriverRecovery[];
  const row = (id: string) => rows.find((r) => r.planted === id)!;
  /** |recovered − true| against the 99.9 % half-width implied by the reported 95 % interval. */
  const within = (r: DriverRecovery) => {
    const i = r.interval!;
    const half = ((i.upper - i.lower) / 2) * (tCritical(10_000, 0.999) / tCritical(10_000, i.level));
    return { error: Math.abs(r.error!), half };
  };

  beforeAll(async () => {
    db = await openDatabase({});
    ({ rows } = await checkKeyDrivers(db, { accounts: 150 }));
  }, 180_000);
  afterAll(() => db?.close());

  it('recovers the planted delivery and support effects within their intervals, adjusted for overall satisfaction', () => {
    for (const planted of ['delivery', 'support']) {
      const r = row(planted);
      expect(r.method, planted).toBe('adjusted-regression');
      const { error, half } = within(r);
      expect(error, planted).toBeLessThanOrEqual(half);
      // The unadjusted gap reads the halo (overall satisfaction) as the driver: far outside the same band.
      expect(Math.abs(r.rawError!), planted).toBeGreaterThan(half);
    }
    // Delivery, the larger effect, is detected and ranked among the first drivers.
    expect(row('delivery').interval!.upper).toBeLessThan(0);
    expect(row('delivery').rank).toBeLessThanOrEqual(3);
  });

  it('gives the touchpoint with no planted effect a gap compatible with none', () => {
    const r = row('touchpoint:post-purchase/csat');
    const { error, half } = within(r);
    expect(error).toBeLessThanOrEqual(half);
  });
});
