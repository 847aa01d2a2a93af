// The server under benchmark, in its own process so the load generator does not share its CPU.
// Storage from the environment (CXKIT_DATA_DIR or DATABASE_URL + BENCH_SCHEMA); prints {"port"}.
import { loadConfig, openDatabase, startServer } from '@cxkit/server';
import { pino } from 'pino';

const config = loadConfig(process.env, {
  PORT: 0,
  RATE_LIMIT_IP_PER_SEC: 10_000_000,
  RATE_LIMIT_IP_BURST: 10_000_000,
  RATE_LIMIT_SITE_PER_SEC: 10_000_000,
  RATE_LIMIT_SITE_BURST: 10_000_000,
});
const db = await openDatabase({
  databaseUrl: config.DATABASE_URL,
  dataDir: config.CXKIT_DATA_DIR,
  schema: process.env['BENCH_SCHEMA'],
  poolSize: config.DB_POOL_SIZE,
});
const server = await startServer({ config, db, logger: pino({ level: 'warn' }) });
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
const stop = () =>
  void server
    .close()
    .then(() => db.close())
    .then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
