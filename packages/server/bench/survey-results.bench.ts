// Latency of GET /v1/admin/surveys/:id/results on PostgreSQL: one survey version with a single-choice,
// a multi-choice, a ranking and a matrix question, answered BENCH_RESPONSES times, beside BENCH_OTHER
// answers to another survey of the same tenant. The route reads choice_tallies (migration 071), filled here
// by that migration's backfill statement. Prints figures.
// Run: node --conditions=source --import tsx packages/server/bench/survey-results.bench.ts
//
//   BENCH_RESPONSES=100000 BENCH_OTHER=400000 BENCH_SAMPLES=10
//   BENCH_DATABASE_URL (default CX_TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test)
//
// Answers are generated in SQL (generate_series); each is valid for its question, as the collector
// would have stored it.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { createApp, createLogger, createTenant, loadConfig, openDatabase, saveVersion } from '@cxkit/server';

const env = process.env;
const RESPONSES = Number(env['BENCH_RESPONSES'] ?? 100_000);
const OTHER = Number(env['BENCH_OTHER'] ?? 400_000);
const SAMPLES = Number(env['BENCH_SAMPLES'] ?? 10);
const URL =
  env['BENCH_DATABASE_URL'] ?? env['CX_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `cx_bench_results_${randomBytes(4).toString('hex')}`;
const opt = (id: string) => ({ id, label: { en: id } });

const db = await openDatabase({ databaseUrl: URL, schema, poolSize: 2 });
const t0 = performance.now();
try {
  const tenant = await createTenant(db, { id: 'bench', name: 'Bench' });
  const T = tenant.id;
  await saveVersion(
    db,
    T,
    'survey',
    'product',
    {
      id: 'product',
      version: 1,
      questions: [
        { id: 'plan', kind: 'single-choice', text: { en: 'Plan' }, options: ['a', 'b', 'c'].map(opt) },
        {
          id: 'tools',
          kind: 'multi-choice',
          text: { en: 'Tools' },
          options: ['t1', 't2', 't3', 't4', 't5', 't6'].map(opt),
        },
        { id: 'rank', kind: 'ranking', text: { en: 'Rank' }, options: ['r1', 'r2', 'r3', 'r4'].map(opt) },
        { id: 'rate', kind: 'matrix', text: { en: 'Rate' }, items: ['m1', 'm2', 'm3', 'm4', 'm5'].map(opt) },
      ],
    },
    'bench',
  );
  // Rankings: the 24 orders of four options, picked by i; multi-choice: the non-empty subsets of 6 (bits of i);
  // matrix: every item rated 1-5, one item left out in one answer in three.
  await db.query(
    `WITH orders AS (
       SELECT row_number() OVER () - 1 AS k, jsonb_build_array(a, b, c, d) AS o
       FROM unnest(ARRAY['r1','r2','r3','r4']) a, unnest(ARRAY['r1','r2','r3','r4']) b,
            unnest(ARRAY['r1','r2','r3','r4']) c, unnest(ARRAY['r1','r2','r3','r4']) d
       WHERE a <> b AND a <> c AND a <> d AND b <> c AND b <> d AND c <> d)
     INSERT INTO responses (tenant_id, id, survey_id, survey_version, account_id, channel, answered_at, answers)
     SELECT $1, md5('p' || i)::uuid, 'product', 1, 'acc-' || (i % 1000), 'web', now() - (i % 365 || ' days')::interval,
            jsonb_build_array(
              jsonb_build_object('kind', 'single-choice', 'questionId', 'plan',
                                 'value', (ARRAY['a','b','c'])[1 + abs(hashtext('p' || i)) % 3]),
              jsonb_build_object('kind', 'multi-choice', 'questionId', 'tools', 'value',
                (SELECT jsonb_agg('t' || b) FROM generate_series(1, 6) b
                  WHERE ((1 + abs(hashtext('m' || i)) % 63) >> (b - 1)) & 1 = 1)),
              jsonb_build_object('kind', 'ranking', 'questionId', 'rank', 'value',
                (SELECT o FROM orders WHERE k = abs(hashtext('r' || i)) % 24)),
              jsonb_build_object('kind', 'matrix', 'questionId', 'rate', 'value',
                (SELECT jsonb_object_agg('m' || j, 1 + abs(hashtext(i || 'x' || j)) % 5) FROM generate_series(1, 5) j
                  WHERE i % 3 <> 0 OR j <> 1 + i % 5)))
     FROM generate_series(0, $2 - 1) i`,
    [T, RESPONSES],
  );
  await db.query(
    `INSERT INTO responses (tenant_id, id, survey_id, survey_version, account_id, channel, answered_at, answers)
     SELECT $1, md5('o' || i)::uuid, 'relationship', 1, 'acc-' || (i % 1000), 'web', now(),
            jsonb_build_array(jsonb_build_object('kind', 'nps', 'questionId', 'nps', 'value', i % 11))
     FROM generate_series(0, $2 - 1) i`,
    [T, OTHER],
  );
  // The generated rows bypass the insert statement that keeps choice_tallies: migration 071's backfill
  // (applied when the schema was created, before these rows existed) counts them, as it would on upgrade.
  const migration = readFileSync(
    new globalThis.URL('../migrations/071_choice_tallies.sql', import.meta.url),
    'utf8',
  );
  const backfill = migration.replace(/--[^\n]*/g, '');
  const b0 = performance.now();
  await db.query(backfill.slice(backfill.indexOf('INSERT INTO choice_tallies')).replace(/;\s*$/, ''));
  const backfilled = (performance.now() - b0) / 1000;
  await db.query('ANALYZE');
  const seeded = (performance.now() - t0) / 1000;

  const { app } = createApp({
    db,
    config: loadConfig({}, { LOG_LEVEL: 'silent', REQUEST_TIMEOUT_MS: 120_000 }),
    logger: createLogger('silent'),
  });
  const headers = { authorization: `Bearer ${tenant.adminKey}` };
  const times: number[] = [];
  let body: { questions: { summary: { n: number } }[] } | undefined;
  for (let i = 0; i < SAMPLES + 2; i++) {
    const started = performance.now();
    const res = await app.request('http://bench/v1/admin/surveys/product/results', { headers });
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
    body = (await res.json()) as typeof body;
    if (i >= 2) times.push(performance.now() - started); // two warm-up requests
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]!;
  const ns = body!.questions.map((x) => x.summary.n).join(', ');
  console.log(
    `| \`GET /v1/admin/surveys/:id/results\` | ${RESPONSES} responses (n ${ns}) beside ${OTHER} others | ` +
      `${q(0.5).toFixed(0)} ms | ${q(1).toFixed(0)} ms |`,
  );
  console.log(
    `seeded in ${seeded.toFixed(0)} s (migration 071's backfill of the ${RESPONSES + OTHER} responses: ` +
      `${backfilled.toFixed(1)} s); ${SAMPLES} timed requests after 2 warm-ups; ` +
      `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
  );
} finally {
  await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
  await db.close();
}
