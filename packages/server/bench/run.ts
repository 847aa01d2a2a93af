// `pnpm bench` for @cxkit/server: ingest throughput and latency on loopback (single answers and
// batches of 50), and account-summary latency over 1 million stored answers in 10,000 accounts,
// on PGlite and on PostgreSQL. Prints figures; docs/benchmarks.md records them.
//
//   BENCH_DURATION=60 (seconds per ingest run)   BENCH_SUMMARY_DURATION=30
//   BENCH_ANSWERS=1000000 BENCH_ACCOUNTS=10000   BENCH_STORAGE=pglite,postgres
//   BENCH_PHASES=ingest,summary
//   BENCH_DATABASE_URL (default CX_TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test)
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import {
  createTenant,
  mintIdentityToken,
  openDatabase,
  saveVersion,
  storeResponses,
  type CreatedTenant,
  type Database,
  type PreparedResponse,
} from '@cxkit/server';
import { SurveyDefinitionSchema, type Response, type SurveyDefinition } from '@cxkit/core';

const env = process.env;
const DURATION = Number(env['BENCH_DURATION'] ?? 60);
const SUMMARY_DURATION = Number(env['BENCH_SUMMARY_DURATION'] ?? 30);
const ANSWERS = Number(env['BENCH_ANSWERS'] ?? 1_000_000);
const ACCOUNTS = Number(env['BENCH_ACCOUNTS'] ?? 10_000);
const STORAGES = (env['BENCH_STORAGE'] ?? 'pglite,postgres').split(',');
const PHASES = (env['BENCH_PHASES'] ?? 'ingest,summary').split(',');
const PG_URL =
  env['BENCH_DATABASE_URL'] ?? env['CX_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const SERVER = fileURLToPath(new URL('./bench-server.ts', import.meta.url));

const SURVEY: SurveyDefinition = SurveyDefinitionSchema.parse({
  id: 'relationship',
  questions: [
    { id: 'nps', kind: 'nps', text: { en: 'Recommend?' } },
    { id: 'why', kind: 'text', text: { en: 'Why?' } },
  ],
});
const ROLES = ['buyer', 'user', 'prescriber', 'support', 'other'];

interface Storage {
  name: string;
  env: Record<string, string>;
  open(): Promise<Database>;
  cleanup(): Promise<void>;
}

async function storage(name: string): Promise<Storage> {
  if (name === 'pglite') {
    const dir = await mkdtemp(join(tmpdir(), 'cxkit-bench-'));
    return {
      name,
      env: { CXKIT_DATA_DIR: dir },
      open: () => openDatabase({ dataDir: dir }),
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const schema = `cx_bench_${Date.now().toString(36)}`;
  return {
    name: 'postgres',
    env: { DATABASE_URL: PG_URL, BENCH_SCHEMA: schema, DB_POOL_SIZE: '16' },
    open: () => openDatabase({ databaseUrl: PG_URL, schema, poolSize: 8 }),
    async cleanup() {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

async function startServer(s: Storage): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', SERVER], {
    env: { ...env, ...s.env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}` };
}

async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

const response = (account: string, person: string, role: string, i: number, at = new Date()): Response => ({
  id: randomUUID(),
  surveyId: 'relationship',
  accountId: account,
  respondentId: person,
  role,
  channel: 'web',
  answeredAt: at.toISOString(),
  answers: [
    { kind: 'nps', questionId: 'nps', value: (i * 7) % 11 },
    ...(i % 10 === 0
      ? [{ kind: 'text' as const, questionId: 'why', value: 'Delivery times have improved a lot' }]
      : []),
  ],
});

interface Figures {
  storage: string;
  what: string;
  requestsPerSec: number;
  answersPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  seconds: number;
}

async function ingest(s: Storage, t: CreatedTenant, url: string, batch: number): Promise<Figures> {
  // 1,000 identities; each request is one person of one account, as the widget sends.
  const people = Array.from({ length: 1000 }, (_, i) => {
    const account = `acct-${i % ACCOUNTS}`;
    const person = `p-${i}`;
    const role = ROLES[i % ROLES.length]!;
    const token = mintIdentityToken(
      { accountId: account, respondentId: person, role, ttlSeconds: 3600 },
      t.signingSecret,
    );
    return { account, person, role, token };
  });
  let n = 0;
  const result = await autocannon({
    url: `${url}/v1/responses`,
    method: 'POST',
    connections: batch === 1 ? 32 : 16,
    duration: DURATION,
    headers: { 'content-type': 'application/json', 'x-cx-site-key': t.siteKey },
    requests: [
      {
        setupRequest: (req) => {
          const p = people[n++ % people.length]!;
          const responses = Array.from({ length: batch }, (_, i) =>
            response(p.account, p.person, p.role, n + i),
          );
          return {
            ...req,
            headers: { ...req.headers, authorization: `Bearer ${p.token}` },
            body: JSON.stringify(batch === 1 ? responses[0] : { responses }),
          };
        },
      },
    ],
  });
  return {
    storage: s.name,
    what: batch === 1 ? 'ingest, single answers, 32 conn.' : `ingest, batches of ${batch}, 16 conn.`,
    requestsPerSec: result['2xx'] / result.duration,
    answersPerSec: (result['2xx'] * batch) / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    seconds: result.duration,
  };
}

/** Seeds ANSWERS responses over the last 12 months in ACCOUNTS accounts through the ingestion path. */
async function seed(db: Database, tenantId: string): Promise<number> {
  const started = performance.now();
  const now = Date.now();
  const CHUNK = 2000;
  for (let i = 0; i < ANSWERS; i += CHUNK) {
    const prepared: PreparedResponse[] = [];
    for (let j = i; j < Math.min(ANSWERS, i + CHUNK); j++) {
      const a = j % ACCOUNTS;
      const k = Math.floor(j / ACCOUNTS);
      const at = new Date(now - ((j * 7919) % (365 * 86_400)) * 1000);
      prepared.push({
        response: response(`acct-${a}`, `p-${a}-${k % 8}`, ROLES[k % ROLES.length]!, j, at),
        survey: SURVEY,
      });
    }
    await storeResponses(db, tenantId, prepared);
    if ((i / CHUNK) % 50 === 0)
      process.stderr.write(`  seeded ${i.toLocaleString('en')} / ${ANSWERS.toLocaleString('en')}\r`);
  }
  process.stderr.write('\n');
  return (performance.now() - started) / 1000;
}

async function summary(s: Storage, t: CreatedTenant, url: string, connections: number): Promise<Figures> {
  let n = 0;
  const result = await autocannon({
    url: `${url}/v1/accounts/acct-0/summary`,
    connections,
    duration: SUMMARY_DURATION,
    headers: { authorization: `Bearer ${t.adminKey}` },
    requests: [
      {
        setupRequest: (req) => ({ ...req, path: `/v1/accounts/acct-${(n++ * 7907) % ACCOUNTS}/summary` }),
      },
    ],
  });
  return {
    storage: s.name,
    what: `account summary, ${ANSWERS.toLocaleString('en')} answers / ${ACCOUNTS.toLocaleString('en')} accounts, ${connections} conn.`,
    requestsPerSec: result['2xx'] / result.duration,
    answersPerSec: 0,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    seconds: result.duration,
  };
}

const rows: Figures[] = [];
const print = (f: Figures) => {
  rows.push(f);
  console.log(
    `${f.storage.padEnd(9)} ${f.what.padEnd(58)} ${f.requestsPerSec.toFixed(0).padStart(7)} req/s ${f.answersPerSec ? `${f.answersPerSec.toFixed(0).padStart(7)} answers/s` : ''.padStart(17)}  p50 ${f.p50} ms  p99 ${f.p99} ms  non-2xx ${f.non2xx}  errors ${f.errors}  (${f.seconds} s)`,
  );
};

console.log(
  `cxkit server bench: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString()}`,
);
for (const name of STORAGES) {
  const s = await storage(name);
  try {
    // Ingest on an empty database.
    let db = await s.open();
    const t = await createTenant(db, { id: 'bench', name: 'Bench' });
    await saveVersion(db, t.id, 'survey', SURVEY.id, SURVEY, 'bench');
    await db.close();
    if (PHASES.includes('ingest')) {
      const server = await startServer(s);
      for (const batch of [1, 50]) print(await ingest(s, t, server.url, batch));
      await stopServer(server.child);
    }
    if (!PHASES.includes('summary')) continue;

    // Summary over ANSWERS more answers.
    db = await s.open();
    const seconds = await seed(db, t.id);
    console.log(
      `${s.name.padEnd(9)} seeded ${ANSWERS.toLocaleString('en')} answers in ${seconds.toFixed(0)} s (${(ANSWERS / seconds).toFixed(0)} answers/s in-process)`,
    );
    await db.close();
    const server = await startServer(s);
    // One card opening at a time (latency), then eight at once (throughput).
    for (const connections of [1, 8]) print(await summary(s, t, server.url, connections));
    await stopServer(server.child);
  } finally {
    await s.cleanup();
  }
}
console.log(JSON.stringify(rows));
