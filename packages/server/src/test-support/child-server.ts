// A server process for the crash test: storage from the environment, a fixed tenant, and one
// JSON line on stdout with its port (and the tenant's keys on first start).
import { closeOnSignals, findTenant, loadConfig, openDatabase, startServer } from '@cxkit/server';
import { pino } from 'pino';
import { seedTenant } from './fixtures.js';

const env = process.env;
const config = loadConfig(env, {
  PORT: 0,
  LOG_LEVEL: 'silent',
  RATE_LIMIT_IP_PER_SEC: 1_000_000,
  RATE_LIMIT_IP_BURST: 1_000_000,
  RATE_LIMIT_SITE_PER_SEC: 1_000_000,
  RATE_LIMIT_SITE_BURST: 1_000_000,
});
const db = await openDatabase({
  databaseUrl: config.DATABASE_URL,
  dataDir: config.CXKIT_DATA_DIR,
  schema: env['CX_TEST_SCHEMA'],
  poolSize: 8,
});
const existing = await findTenant(db, 'crash');
const created = existing ? undefined : await seedTenant(db, 'crash');
const server = await startServer({ config, db, logger: pino({ level: 'silent' }) });
closeOnSignals(server, pino({ level: 'silent' }));
process.stdout.write(`${JSON.stringify({ port: server.port, tenant: created ?? null })}\n`);
