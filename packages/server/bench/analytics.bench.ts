// Latency of the tenant analytics API on PostgreSQL at 10,000 accounts and 1,000,000 answers, cold (cache miss)
// and warm (served from the per-tenant cache while the data version holds). Prints figures;
// docs/benchmarks.md ("Analytics API") records them.
// Run: node --conditions=source --import tsx packages/server/bench/analytics.bench.ts
//
//   BENCH_ACCOUNTS=10000 BENCH_ANSWERS=1000000 BENCH_SAMPLES=20
//   BENCH_ROUTES=drivers,plan (route names to time; default all)
//   BENCH_DATABASE_URL (default CX_TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test)
//
// The tenant is generated in SQL (generate_series) so seeding 1 M answers takes seconds: the answers go into
// `responses`, and `score_aggregates` is derived from them by one GROUP BY (the sums the ingestion path keeps),
// so the aggregates the analytics read are exactly those of the stored answers. One answer in eight carries a
// comment with a stored analysis; every account has signals and 30 days of health and churn results.
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import {
  analyticsDataVersion,
  createApp,
  createLogger,
  createTenant,
  loadConfig,
  openDatabase,
} from '@cxkit/server';

const env = process.env;
const ACCOUNTS = Number(env['BENCH_ACCOUNTS'] ?? 10_000);
const ANSWERS = Number(env['BENCH_ANSWERS'] ?? 1_000_000);
const SAMPLES = Number(env['BENCH_SAMPLES'] ?? 20);
const URL =
  env['BENCH_DATABASE_URL'] ?? env['CX_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `cx_bench_analytics_${randomBytes(4).toString('hex')}`;

const db = await openDatabase({ databaseUrl: URL, schema, poolSize: 4 });
const t0 = performance.now();
try {
  const tenant = await createTenant(db, { id: 'bench', name: 'Bench' });
  const T = tenant.id;
  await db.query(
    `INSERT INTO accounts (tenant_id, account_id, name)
     SELECT $1, 'acc-' || a, 'Account ' || a FROM generate_series(0, $2 - 1) a`,
    [T, ACCOUNTS],
  );
  // 60 % NPS (0-10), 25 % CSAT (1-5), 15 % CES (1-7), over 18 months, 4 roles, 4 people per account.
  await db.query(
    `INSERT INTO responses (tenant_id, id, survey_id, survey_version, account_id, respondent_id, role, channel,
                            answered_at, has_text, answers, attributes)
     SELECT $1, md5('r' || i)::uuid, 'relationship', 1, 'acc-' || (i % $2), 'p' || (i % ($2 * 4)),
            (ARRAY['buyer','user','prescriber','support'])[1 + (i / $2) % 4], 'web',
            now() - ((i % 540) || ' days')::interval - ((i % 24) || ' hours')::interval, i % 8 = 0,
            jsonb_build_array(jsonb_build_object(
              'kind', k.kind, 'questionId', k.kind,
              'value', CASE k.kind WHEN 'nps' THEN (abs(hashtext('v' || i)) % 11)
                                   WHEN 'csat' THEN 1 + abs(hashtext('v' || i)) % 5
                                   ELSE 1 + abs(hashtext('v' || i)) % 7 END))
            || CASE WHEN i % 8 = 0 THEN jsonb_build_array(jsonb_build_object('kind', 'text', 'questionId', 'why',
                 'value', 'Comment ' || i)) ELSE '[]'::jsonb END,
            jsonb_build_object('plan', (ARRAY['free','pro','enterprise'])[1 + (i % $2) % 3],
                               'utm_campaign', 'campaign-' || (i % 12), 'page', 'https://portal.test/p' || (i % 40))
       FROM generate_series(0, $3 - 1) i,
            LATERAL (SELECT CASE WHEN i % 20 < 12 THEN 'nps' WHEN i % 20 < 17 THEN 'csat' ELSE 'ces' END AS kind) k`,
    [T, ACCOUNTS, ANSWERS],
  );
  const counts = Array.from({ length: 11 }, (_, v) => `count(*) FILTER (WHERE x.v = ${v})`).join(', ');
  await db.query(
    `INSERT INTO score_aggregates (tenant_id, account_id, month, kind, survey_id, question_id, role, scale_min,
                                   scale_max, polarity, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10)
     SELECT tenant_id, account_id, to_char(answered_at AT TIME ZONE 'UTC', 'YYYY-MM'), kind, survey_id, kind, role,
            CASE kind WHEN 'nps' THEN 0 ELSE 1 END, CASE kind WHEN 'nps' THEN 10 WHEN 'csat' THEN 5 ELSE 7 END,
            'higher-is-better', ${counts}
       FROM (SELECT r.*, a->>'kind' AS kind, (a->>'value')::int AS v
               FROM responses r, jsonb_array_elements(r.answers) a
              WHERE r.tenant_id = $1 AND a->>'kind' <> 'text') x
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`,
    [T],
  );
  // The hidden fields' aggregates, derived from the stored answers as the insert statement keeps them.
  await db.query(
    `INSERT INTO attribute_score_aggregates (tenant_id, attribute, value, account_id, month, kind, survey_id,
                                             question_id, scale_min, scale_max, polarity, c0, c1, c2, c3, c4, c5, c6,
                                             c7, c8, c9, c10)
     SELECT tenant_id, f.key, f.value, account_id, to_char(answered_at AT TIME ZONE 'UTC', 'YYYY-MM'), kind,
            survey_id, kind, CASE kind WHEN 'nps' THEN 0 ELSE 1 END,
            CASE kind WHEN 'nps' THEN 10 WHEN 'csat' THEN 5 ELSE 7 END, 'higher-is-better', ${counts}
       FROM (SELECT r.*, a->>'kind' AS kind, (a->>'value')::int AS v
               FROM responses r, jsonb_array_elements(r.answers) a
              WHERE r.tenant_id = $1 AND a->>'kind' <> 'text') x, jsonb_each_text(x.attributes) f
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11`,
    [T],
  );
  await db.query(
    `INSERT INTO verbatim_analyses (tenant_id, response_id, question_id, account_id, answered_at, language,
                                    sentiment_score, sentiment_label, themes, analysis)
     SELECT tenant_id, id, 'why', account_id, answered_at, 'en', s, CASE WHEN s < -0.2 THEN 'negative'
            WHEN s > 0.2 THEN 'positive' ELSE 'neutral' END,
            ARRAY[(ARRAY['lead-time','delivery','documentation','pricing','after-sales','product-quality','responsiveness'])
                  [1 + abs(hashtext('t' || id)) % 7]], '{}'::jsonb
       FROM (SELECT *, ((abs(hashtext('s' || id)) % 200) - 100) / 100.0 AS s FROM responses
              WHERE tenant_id = $1 AND has_text) r`,
    [T],
  );
  await db.query(
    `INSERT INTO account_signals (tenant_id, account_id, signals, churned_at)
     SELECT $1, 'acc-' || a, jsonb_build_object('mrr', 200 + a % 5000, 'activeUsers', 1 + a % 40,
              'openTickets', a % 9, 'mrrTrendPercent', (a % 41) - 20,
              'features', jsonb_build_object('sector', (ARRAY['energy','retail','health','industry','logistics'])[1 + a % 5],
                                             'size', (ARRAY['small','mid','large'])[1 + a % 3])),
            CASE WHEN a % 17 = 0 THEN now() - interval '40 days' END
       FROM generate_series(0, $2 - 1) a`,
    [T, ACCOUNTS],
  );
  await db.query(
    `INSERT INTO account_insights (tenant_id, account_id, kind, computed_at, payload)
     SELECT $1, 'acc-' || a, k, date_trunc('day', now()) - (d || ' days')::interval,
            CASE k WHEN 'health' THEN jsonb_build_object('score', a % 100, 'band', CASE WHEN a % 100 < 40 THEN 'at-risk' ELSE 'healthy' END,
                     'bandLabel', 'Band', 'contributions', '[]'::jsonb, 'missing', '[]'::jsonb, 'change', null)
                   ELSE jsonb_build_object('probability', (a % 97) / 100.0, 'source', 'prior', 'horizonDays', 90,
                     'drivers', jsonb_build_array(jsonb_build_object('feature', 'nps', 'contribution', 0.5, 'text', 'Low NPS raises risk'))) END
       FROM generate_series(0, $2 - 1) a, generate_series(0, 29) d, unnest(ARRAY['health', 'churn']) k`,
    [T, ACCOUNTS],
  );
  await db.query(
    `INSERT INTO alerts (tenant_id, id, dedup_key, rule_id, rule_kind, metric, severity, target_type, target_id,
                         period, title, details, created_at)
     SELECT $1, md5('a' || i)::uuid, 'k' || i, 'nps-low', 'threshold', 'nps',
            (ARRAY['info','warning','critical'])[1 + i % 3], 'account', 'acc-' || (i * 7 % $2), '2026-06',
            'NPS below 0', '{}'::jsonb, now() - ((i % 90) || ' days')::interval
       FROM generate_series(0, 1999) i`,
    [T, ACCOUNTS],
  );
  await db.query('ANALYZE');
  const seeded = (performance.now() - t0) / 1000;

  // A new app has an empty analytics cache: a cold read; the same app again reads its cache (warm).
  const newApp = () =>
    createApp({
      db,
      config: loadConfig({}, { LOG_LEVEL: 'silent', REQUEST_TIMEOUT_MS: 120_000 }),
      logger: createLogger('silent'),
    }).app;
  const app = newApp();
  const headers = { authorization: `Bearer ${tenant.adminKey}`, 'content-type': 'application/json' };
  for (const [title, driver, complexity] of [
    ['Fixed delivery slots', 'theme:delivery', 'low'],
    ['Support playbook', 'signal:openTickets', 'medium'],
    ['New portal', 'touchpoint:relationship/csat', 'high'],
  ] as const) {
    const res = await app.request('http://bench/v1/analytics/actions', {
      method: 'POST',
      headers,
      body: JSON.stringify({ title, driver, complexity, cost: complexity }),
    });
    const { id } = (await res.json()) as { id: string };
    const today = new Date().toISOString().slice(0, 10);
    await app.request(`http://bench/v1/analytics/actions/${id}/plan`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({
        objective: {
          metric: 'nps',
          scope: { type: 'segment', attribute: 'sector', value: 'energy' },
          target: 20,
          start: '2025-06-01',
          deadline: '2027-06-30',
        },
        owner: { email: 'csm@bench.test' },
        checkpoints: ['2025-09-30', '2025-12-31', '2026-03-31', today],
      }),
    });
  }

  const routes = [
    'overview?months=12',
    'segments?dimension=sector&months=12',
    'segments?dimension=role&months=12',
    'segments?dimension=hidden.plan&months=12',
    'correlations?months=12',
    'at-risk?limit=20&months=6',
    'themes?months=12',
    'alerts?months=3',
    'drivers?months=12',
    'priorities?months=12',
    'plan',
    'report',
  ];
  const only = env['BENCH_ROUTES']?.split(',');
  const rows: string[] = [];
  const q = (times: number[], p: number) => {
    const t = [...times].sort((a, b) => a - b);
    return t[Math.min(t.length - 1, Math.ceil(p * t.length) - 1)]!.toFixed(0);
  };
  const timed = async (a: ReturnType<typeof newApp>, route: string, expect: string | null) => {
    const started = performance.now();
    const res = await a.request(`http://bench/v1/analytics/${route}`, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${route}: HTTP ${res.status}`);
    if (expect && res.headers.get('x-cx-cache') !== expect)
      throw new Error(`${route}: expected a cache ${expect}, got ${res.headers.get('x-cx-cache')}`);
    return performance.now() - started;
  };
  for (const route of routes.filter((r) => !only || only.includes(r.split('?')[0]!))) {
    const cacheable = !['plan', 'report'].includes(route.split('?')[0]!);
    const cold: number[] = [];
    const warm: number[] = [];
    await timed(app, route, null); // warm-up (database buffers), and fills the cache for the warm reads
    for (let i = 0; i < SAMPLES; i++) warm.push(await timed(app, route, cacheable ? 'hit' : null));
    for (let i = 0; i < SAMPLES; i++) cold.push(await timed(newApp(), route, cacheable ? 'miss' : null));
    rows.push(
      `| \`GET /v1/analytics/${route}\` | ${q(cold, 0.5)} ms | ${q(cold, 0.99)} ms | ${q(warm, 0.5)} ms | ${q(warm, 0.99)} ms |`,
    );
    console.log(rows.at(-1));
  }
  // What a warm read pays for: the tenant's data version.
  const versionTimes: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now();
    await analyticsDataVersion(db, T);
    versionTimes.push(performance.now() - started);
  }
  console.log(`data version check: p50 ${q(versionTimes, 0.5)} ms, max ${q(versionTimes, 0.99)} ms`);
  const n = await db.query<{ a: number; s: number; v: number; i: number }>(
    `SELECT (SELECT count(*) FROM responses)::int AS a, (SELECT count(*) FROM score_aggregates)::int AS s,
            (SELECT count(*) FROM verbatim_analyses)::int AS v, (SELECT count(*) FROM account_insights)::int AS i`,
  );
  console.log(
    `\n${ACCOUNTS} accounts, ${n.rows[0]!.a} answers (${n.rows[0]!.s} aggregate rows, ${n.rows[0]!.v} analysed comments, ` +
      `${n.rows[0]!.i} insight rows); seeded in ${seeded.toFixed(0)} s; ${SAMPLES} cold (new app, empty cache) and ${SAMPLES} warm (cached) requests per route after 1 warm-up; ` +
      `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
  );
} finally {
  await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
  await db.close();
}
