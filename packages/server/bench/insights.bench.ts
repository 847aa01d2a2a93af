// Health and churn recomputation time for a whole tenant, on PGlite and PostgreSQL. Prints figures;
// docs/benchmarks.md ("Server insights") records them.
// Run: node --conditions=source --import tsx packages/server/bench/insights.bench.ts
//
//   BENCH_ACCOUNTS=10000 BENCH_CHURNED=600 BENCH_STORAGE=pglite,postgres
//   BENCH_DATABASE_URL (default CX_TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test)
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { DEFAULT_HEALTH_CONFIG, SurveyDefinitionSchema, type Response } from '@cxkit/core';
import {
  createTenant,
  openDatabase,
  previewHealthConfig,
  recomputeInsights,
  saveVersion,
  storeResponses,
  upsertAccountSignals,
  type AccountSignals,
  type PreparedResponse,
} from '@cxkit/server';

const env = process.env;
const ACCOUNTS = Number(env['BENCH_ACCOUNTS'] ?? 10_000);
const CHURNED = Number(env['BENCH_CHURNED'] ?? 600);
const ANSWERS_PER_ACCOUNT = 5;
const STORAGES = (env['BENCH_STORAGE'] ?? 'pglite,postgres').split(',');
const PG_URL =
  env['BENCH_DATABASE_URL'] ?? env['CX_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const NOW = new Date('2026-06-15T12:00:00Z');
const DAY = 86_400_000;

const survey = SurveyDefinitionSchema.parse({
  id: 'relationship',
  version: 1,
  questions: [
    { id: 'nps', kind: 'nps', text: { en: 'How likely are you to recommend us?' } },
    { id: 'csat', kind: 'csat', text: { en: 'How satisfied are you?' } },
  ],
});

// A seeded generator so every run measures the same tenant.
let state = 42;
const rand = () => {
  state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
  return state / 4294967296;
};

function signalsOf(i: number, churn: boolean): AccountSignals {
  const risky = i % 5 === 0;
  return {
    activeUsers: Math.round((risky ? 2 : 10) + rand() * 30),
    activeDays: Math.round((risky ? 2 : 10) + rand() * 20),
    featuresUsed: Math.round(1 + rand() * 12),
    openTickets: Math.round(rand() * (risky ? 12 : 4)),
    fcrPercent: Math.round(40 + rand() * 55),
    resolutionHours: Math.round(4 + rand() * 90),
    mrr: Math.round(200 + rand() * 5000),
    mrrTrendPercent: Math.round(-20 + rand() * 30),
    renewalDate: new Date(NOW.getTime() + Math.round(rand() * 365) * DAY).toISOString().slice(0, 10),
    paymentIssues: rand() < (risky ? 0.3 : 0.05) ? 1 : 0,
    lastActivityAt: new Date(NOW.getTime() - Math.round(rand() * (risky ? 60 : 10)) * DAY).toISOString(),
    features: {
      plan: rand() < 0.5 ? 'monthly' : 'annual',
      seats: Math.round(5 + rand() * 200),
      region: `r${i % 4}`,
    },
    ...(churn ? { churnedAt: new Date(NOW.getTime() - Math.round(rand() * 300) * DAY).toISOString() } : {}),
  };
}

const ms = (t0: number) => (performance.now() - t0).toFixed(0);
// This process's CPU since `c0` (ms): wall times on a shared machine move with the load, the CPU the
// recomputation spends in Node does not (the database's own CPU is not counted).
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const cpu = (c0: number) => `${(cpuNow() - c0).toFixed(0)} ms CPU`;

console.log(
  `cxkit insights bench: ${ACCOUNTS} accounts (${ACCOUNTS * ANSWERS_PER_ACCOUNT} answers, ${CHURNED} churned), ${cpus().length} CPUs, Node ${process.version}, load ${loadavg()[0]?.toFixed(1)}`,
);
for (const storage of STORAGES) {
  state = 42;
  const schema = `bench_insights_${randomUUID().slice(0, 8)}`;
  const db = await openDatabase(storage === 'pglite' ? {} : { databaseUrl: PG_URL, schema });
  try {
    const t = await createTenant(db, { id: 'bench', name: 'Bench', allowedOrigins: [] });
    await saveVersion(db, t.id, 'survey', survey.id, survey, 'bench');
    const total = ACCOUNTS * ANSWERS_PER_ACCOUNT;
    for (let i = 0; i < total; i += 2000) {
      const batch: PreparedResponse[] = [];
      for (let j = i; j < Math.min(total, i + 2000); j++) {
        const month = String(1 + (j % 6)).padStart(2, '0');
        const response: Response = {
          id: randomUUID(),
          surveyId: survey.id,
          accountId: `acc${j % ACCOUNTS}`,
          respondentId: `r${j}`,
          channel: 'web',
          answeredAt: `2026-${month}-1${j % 10}T10:00:00Z`,
          answers: [
            { kind: 'nps', questionId: 'nps', value: Math.floor(rand() * 11) },
            { kind: 'csat', questionId: 'csat', value: 1 + Math.floor(rand() * 5) },
          ],
        };
        batch.push({ survey, response });
      }
      await storeResponses(db, t.id, batch);
    }
    const accounts = Array.from({ length: ACCOUNTS }, (_, i) => `acc${i}`);
    // A year of monthly signal versions before NOW: the churn forecast describes accounts at past
    // cut-offs from this history (docs/health-and-churn.md).
    for (let m = 12; m >= 1; m--)
      await db.transaction((tx) =>
        upsertAccountSignals(
          tx,
          t.id,
          accounts.map((accountId, i) => ({ accountId, signals: signalsOf(i, false) })),
          new Date(NOW.getTime() - m * 30 * DAY),
        ),
      );
    await db.transaction((tx) =>
      upsertAccountSignals(
        tx,
        t.id,
        accounts.map((accountId, i) => ({ accountId, signals: signalsOf(i, false) })),
        NOW,
      ),
    );

    let t0 = performance.now();
    let c0 = cpuNow();
    const prior = await recomputeInsights(db, t.id, { now: NOW });
    console.log(
      `${storage}: recompute, prior (0 churn events): ${ms(t0)} ms (${cpu(c0)}) for ${prior.accounts} accounts (${prior.scored} scores, ${prior.risks} risks stored)`,
    );

    // The same accounts, CHURNED of them now flagged as churned: the next run trains a model.
    await db.transaction((tx) =>
      upsertAccountSignals(
        tx,
        t.id,
        accounts.slice(0, CHURNED).map((accountId, i) => ({ accountId, signals: signalsOf(i * 5, true) })),
        NOW,
      ),
    );
    t0 = performance.now();
    c0 = cpuNow();
    const trained = await recomputeInsights(db, t.id, { now: new Date(NOW.getTime() + DAY) });
    console.log(
      `${storage}: recompute, training a model (${trained.churnEvents} events): ${ms(t0)} ms (${cpu(c0)}; source ${trained.source}, version ${trained.modelVersion}, validation AUC ${trained.validation?.model.auc?.toFixed(3) ?? 'n/a'} vs prior ${trained.validation?.prior.auc?.toFixed(3) ?? 'n/a'})`,
    );
    t0 = performance.now();
    c0 = cpuNow();
    const reused = await recomputeInsights(db, t.id, { now: new Date(NOW.getTime() + 2 * DAY) });
    console.log(
      `${storage}: recompute, stored model reused: ${ms(t0)} ms (${cpu(c0)}; trained ${reused.trained}, ${reused.risks} risks)`,
    );

    const next = {
      ...DEFAULT_HEALTH_CONFIG,
      components: DEFAULT_HEALTH_CONFIG.components.map((c) => (c.key === 'nps' ? { ...c, weight: 40 } : c)),
    };
    t0 = performance.now();
    c0 = cpuNow();
    const preview = await previewHealthConfig(db, t.id, next, { now: NOW });
    console.log(
      `${storage}: preview of a weight change: ${ms(t0)} ms (${cpu(c0)}; ${preview.changes} of ${preview.total} accounts change band)`,
    );
  } finally {
    await db.close();
    if (storage !== 'pglite') {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    }
  }
}
