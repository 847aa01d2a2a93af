import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@cxkit/server';
import { checkKeyDrivers, type DriverRecovery } from './key-driver-check.js';

// The generator plants a delivery and a support problem on random accounts; the analysis sees only answers
// and signals. docs/analytics.md reports the full-size run (`node --conditions=source --import tsx
// demo/seed/key-driver-check.ts`): the direction is recovered, the size is not (confounded by each account's
// overall satisfaction, which every touchpoint also reads).
describe('key-driver analysis on the demo generator, where the true drivers are known', () => {
  let db: Database;
  let rows: DriverRecovery[];
  let ids: string[];

  beforeAll(async () => {
    db = await openDatabase({});
    const r = await checkKeyDrivers(db, { accounts: 150 });
    rows = r.rows;
    ids = r.view.drivers.map((d) => d.id);
  }, 180_000);
  afterAll(() => db?.close());

  it('finds the planted delivery problem pulling NPS down, among the first drivers', () => {
    const delivery = rows.find((r) => r.planted === 'delivery')!;
    expect(delivery.trueGap).toBeLessThan(-10);
    expect(delivery.recoveredGap).toBeLessThan(0);
    expect(delivery.interval!.upper).toBeLessThan(0);
    expect(delivery.rank).toBeLessThanOrEqual(5);
    expect(ids).toContain('touchpoint:post-support/csat');
  });
});
