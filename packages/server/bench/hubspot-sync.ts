// HubSpot sync benchmark: 10,000 changed companies written through the outbox to the HubSpot
// stand-in limited to 100 requests per rolling 10 s, first without faults, then with 10 % injected
// 429 (TEN_SECONDLY_ROLLING) and 5 % 5xx on the batch endpoint. Prints the API calls (floor: 100),
// the wall time against the rate-limit floor, and checks that no update was lost.
//
//   BENCH_HUBSPOT_COMPANIES=10000   BENCH_HUBSPOT_STORAGE=pglite,postgres
//   BENCH_DATABASE_URL (default CX_TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test)
import { cpus, totalmem } from 'node:os';
import pg from 'pg';
import { startHubSpotStandIn, TEN_SECONDLY_429, type HubSpotStandIn } from '@cxkit/hubspot-stand-in';
import {
  HubSpotGateway,
  createLogger,
  createTenant,
  drainOutbox,
  enqueueWrites,
  linkStaticPortal,
  loadHubSpotSettings,
  openDatabase,
  outboxStatus,
  type Database,
  type PropertyWrite,
} from '@cxkit/server';

const env = process.env;
const COMPANIES = Number(env['BENCH_HUBSPOT_COMPANIES'] ?? 10_000);
const STORAGES = (env['BENCH_HUBSPOT_STORAGE'] ?? 'pglite,postgres').split(',');
const PG_URL =
  env['BENCH_DATABASE_URL'] ?? env['CX_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const PER_TEN_SECONDS = 100;
const BATCH_PATH = '/crm/v3/objects/companies/batch/update';
const logger = createLogger('silent');

async function open(name: string): Promise<{ db: Database; cleanup: () => Promise<void> }> {
  if (name === 'pglite') return { db: await openDatabase({}), cleanup: async () => undefined };
  const schema = `cx_bench_hs_${Date.now().toString(36)}`;
  const db = await openDatabase({ databaseUrl: PG_URL, schema, poolSize: 4 });
  return {
    db,
    async cleanup() {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

async function run(storage: string, faults: boolean): Promise<void> {
  const hs: HubSpotStandIn = await startHubSpotStandIn({
    rateLimit: { perTenSeconds: PER_TEN_SECONDS, daily: null },
  });
  const { db, cleanup } = await open(storage);
  try {
    const settings = loadHubSpotSettings(
      {},
      { HUBSPOT_CLIENT_SECRET: hs.clientSecret, HUBSPOT_BASE_PATH: hs.url, CXKIT_DEV: 'true' },
    );
    await createTenant(db, { id: 'bench', name: 'Bench' });
    const setup = new HubSpotGateway({ db, settings, logger });
    const portal = await linkStaticPortal({
      db,
      gateway: setup,
      settings,
      portalId: hs.portalId,
      tenantId: 'bench',
      accessToken: hs.accessToken,
      perTenSeconds: PER_TEN_SECONDS,
      now: new Date(),
    });
    const ids = Array.from(
      { length: COMPANIES },
      (_, i) => hs.store.create('companies', { name: `Company ${i}` }).id,
    );
    const expected = (i: number) => ({
      cxkit_nps: String((i % 201) - 100),
      cxkit_health_score: String(i % 101),
      cxkit_health_band: i % 3 === 0 ? 'At risk' : 'Healthy',
    });
    for (let i = 0; i < ids.length; i += 1000) {
      const writes: PropertyWrite[] = ids.slice(i, i + 1000).flatMap((objectId, j) =>
        Object.entries(expected(i + j)).map(([property, value]) => ({
          objectType: 'companies' as const,
          objectId,
          property,
          value,
        })),
      );
      await enqueueWrites(db, 'bench', writes);
    }
    // Let the setup calls (property creation) leave the stand-in's rolling window.
    await new Promise((r) => setTimeout(r, 10_000));
    hs.clearRequests();
    if (faults)
      hs.faults.randomly({
        probability: 0.15,
        faults: [TEN_SECONDLY_429, TEN_SECONDLY_429, 503],
        seed: 42,
        match: { path: BATCH_PATH },
      });
    const gateway = new HubSpotGateway({ db, settings, logger });
    const started = performance.now();
    const result = await drainOutbox({ db, gateway, portal, logger });
    const seconds = (performance.now() - started) / 1000;
    const calls = hs.requests.filter((r) => r.path === BATCH_PATH);
    const injected429 = calls.filter((r) => r.status === 429).length;
    const injected5xx = calls.filter((r) => r.status >= 500).length;
    const lost = ids.filter((id, i) => {
      const p = hs.store.get('companies', id)!.properties;
      return Object.entries(expected(i)).some(([k, v]) => p[k] !== v);
    }).length;
    const left = await outboxStatus(db, 'bench');
    const floor = (calls.length / PER_TEN_SECONDS) * 10;
    console.log(
      `${storage.padEnd(8)} ${faults ? '10% 429 + 5% 5xx' : 'no faults       '} | ${COMPANIES} companies | ` +
        `${calls.length} calls (${result.batches} acknowledged, ${injected429} x 429, ${injected5xx} x 5xx) | ` +
        `${seconds.toFixed(1)} s (rate-limit floor ${floor.toFixed(1)} s for ${calls.length} calls) | ` +
        `lost ${lost}, left in outbox ${left.pending} | waits: limiter ${(gateway.limiter.waitedMs / 1000).toFixed(1)} s, ` +
        `5xx back-off ${(gateway.stats.backoffMs / 1000).toFixed(1)} s`,
    );
    if (lost > 0 || left.pending > 0) process.exitCode = 1;
  } finally {
    await hs.close();
    await db.close();
    await cleanup();
  }
}

console.log(
  `HubSpot sync benchmark: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}, ${new Date().toISOString()}`,
);
for (const storage of STORAGES) for (const faults of [false, true]) await run(storage, faults);
