// Verbatim analysis and alert evaluation throughput, on PGlite and PostgreSQL. Prints figures; docs/alerts.md
// records them. Run: node --conditions=source --import tsx packages/server/bench/alerts-bench.ts
//
//   BENCH_ANSWERS=20000 BENCH_ACCOUNTS=1000 BENCH_STORAGE=pglite,postgres
//   BENCH_DATABASE_URL (default CX_TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test)
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import pg from 'pg';
import { pino } from 'pino';
import { AlertRuleSchema, SurveyDefinitionSchema, type Response } from '@cxkit/core';
import {
  analyzePendingVerbatims,
  createTenant,
  evaluateAlerts,
  openDatabase,
  saveAlertRule,
  saveVersion,
  storeResponses,
  type PreparedResponse,
} from '@cxkit/server';

const env = process.env;
const ANSWERS = Number(env['BENCH_ANSWERS'] ?? 20_000);
const ACCOUNTS = Number(env['BENCH_ACCOUNTS'] ?? 1_000);
const STORAGES = (env['BENCH_STORAGE'] ?? 'pglite,postgres').split(',');
const PG_URL =
  env['BENCH_DATABASE_URL'] ?? env['CX_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const NOW = new Date('2026-06-15T12:00:00Z');

// Short B2B answers in French and English, as in the labelled set.
const TEXTS = [
  'Livraison en retard de 3 semaines et SAV injoignable',
  'Great documentation, very responsive team',
  'Prices are too high and invoices are often wrong',
  'Bonne qualité produit mais délais trop longs',
  'Support never answers, we are very disappointed',
  'Rien à signaler',
];

const survey = SurveyDefinitionSchema.parse({
  id: 'relationship',
  version: 1,
  questions: [
    { id: 'nps', kind: 'nps', text: { en: 'How likely are you to recommend us?' } },
    { id: 'why', kind: 'text', text: { en: 'Why?' }, maxLength: 500 },
  ],
});

const ms = (t0: number) => performance.now() - t0;

console.log(
  `cxkit alerts bench: ${ANSWERS} answers with text in ${ACCOUNTS} accounts, ${cpus().length} CPUs, Node ${process.version}`,
);
for (const storage of STORAGES) {
  const schema = `bench_alerts_${randomUUID().slice(0, 8)}`;
  const db = await openDatabase(storage === 'pglite' ? {} : { databaseUrl: PG_URL, schema });
  try {
    const t = await createTenant(db, { id: 'bench', name: 'Bench', allowedOrigins: [] });
    await saveVersion(db, t.id, 'survey', survey.id, survey, 'bench');
    for (let i = 0; i < ANSWERS; i += 500) {
      const batch: PreparedResponse[] = [];
      for (let j = i; j < Math.min(ANSWERS, i + 500); j++) {
        const response: Response = {
          id: randomUUID(),
          surveyId: survey.id,
          accountId: `acc${j % ACCOUNTS}`,
          respondentId: `r${j}`,
          channel: 'web',
          answeredAt: `${j % 2 === 0 ? '2026-05' : '2026-06'}-1${j % 10}T10:00:00Z`,
          answers: [
            { kind: 'nps', questionId: 'nps', value: j % 11 },
            { kind: 'text', questionId: 'why', value: TEXTS[j % TEXTS.length]! },
          ],
        };
        batch.push({ survey, response });
      }
      await storeResponses(db, t.id, batch);
    }

    let t0 = performance.now();
    const analysed = await analyzePendingVerbatims({ db }, { batchSize: 500, maxBatches: 10_000 });
    const analyseMs = ms(t0);
    console.log(
      `${storage}: analyzePendingVerbatims ${analysed.verbatims} answers in ${analyseMs.toFixed(0)} ms (${(analysed.verbatims / (analyseMs / 1000)).toFixed(0)} answers/s, batches of 500)`,
    );

    for (const rule of [
      {
        id: 'low',
        kind: 'threshold',
        metric: 'nps',
        comparator: 'lt',
        threshold: 0,
        minResponses: 5,
        scope: { type: 'account' },
      },
      { id: 'drop', kind: 'significant-change', metric: 'nps', minResponses: 5, scope: { type: 'account' } },
      { id: 'angry', kind: 'detractor-negative-verbatim', scope: { type: 'account' } },
    ])
      await saveAlertRule(db, t.id, AlertRuleSchema.parse(rule), 'bench');
    const services = { db, logger: pino({ level: 'silent' }), now: () => NOW };
    t0 = performance.now();
    const first = await evaluateAlerts(services, { tenantId: t.id });
    const firstMs = ms(t0);
    t0 = performance.now();
    const again = await evaluateAlerts(services, { tenantId: t.id });
    const againMs = ms(t0);
    console.log(
      `${storage}: evaluateAlerts, 3 rules over ${ACCOUNTS} accounts: first run ${firstMs.toFixed(0)} ms (${first.raised.length} alerts stored), re-run ${againMs.toFixed(0)} ms (${again.events} events, ${again.raised.length} new)`,
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
