/**
 * Churn forecast and health weights on the demo's generated history: seeds a fresh in-memory
 * database per data seed exactly as `pnpm start` does (36 months of answers, monthly signals), runs
 * the insights recomputation (point-in-time snapshots, tuning, time-split validation against the
 * health prior) and the health-weight validation, and prints the figures.
 *
 *   node --conditions=source --import tsx demo/bench/churn-forecast.ts [--seeds 20261122,1,2] [--end 2026-11] [--now ISO]
 */
import { parseArgs } from 'node:util';
import { openDatabase, recomputeInsights, validateTenantHealthWeights } from '@cxkit/server';
import { generateDemoData } from '../seed/generate.js';
import { seedDatabase } from '../seed/seed-database.js';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '20261122,1,2' },
    end: { type: 'string', default: '2026-11' },
    now: { type: 'string' },
  },
});
const seeds = values.seeds.split(',').map(Number);
const [y, m] = values.end.split('-').map(Number) as [number, number];
// Recompute as the demo would on the first day after its history ends.
const now = values.now ? new Date(values.now) : new Date(Date.UTC(y, m, 1, 12));
const f = (v: number | null | undefined, d = 3) => (v === null || v === undefined ? 'n/a' : v.toFixed(d));

console.log(`Churn forecast on the demo history (ends ${values.end}, recomputed ${now.toISOString()})`);
console.log(
  'seed      | accounts | churned | snapshots train/valid (events) | model AUC | prior AUC | model Brier | prior Brier | slope | ECE   | used  | chosen          | weights AUC now -> suggested',
);
for (const seed of seeds) {
  const started = Date.now();
  const db = await openDatabase({});
  const data = generateDemoData({ seed, endMonth: values.end });
  const tenant = await seedDatabase(db, data, { allowedOrigins: [] });
  const r = await recomputeInsights(db, tenant.id, { now });
  const v = r.validation;
  let weights = 'n/a';
  try {
    const w = await validateTenantHealthWeights(db, tenant.id, { now });
    weights = `${f(w.current.auc)} -> ${f(w.suggested.auc)} (${w.preview.changes} band changes)`;
  } catch (err) {
    weights = (err as Error).message;
  }
  const chosen = v
    ? `l=${v.chosen.lambda} k=${v.chosen.splineKnots}${v.chosen.trees ? '+trees' : ''}`
    : 'n/a';
  console.log(
    [
      String(seed).padEnd(9),
      String(r.accounts).padStart(8),
      String(r.churnEvents).padStart(7),
      (v ? `${v.train.rows}/${v.validation.rows} (${v.train.events}/${v.validation.events})` : 'n/a').padEnd(
        30,
      ),
      f(v?.model.auc).padStart(9),
      f(v?.prior.auc).padStart(9),
      f(v?.model.brier, 4).padStart(11),
      f(v?.prior.brier, 4).padStart(11),
      f(v?.model.calibrationSlope, 2).padStart(5),
      f(v?.model.ece, 3).padStart(5),
      r.source.padEnd(5),
      chosen.padEnd(15),
      weights,
    ].join(' | '),
  );
  console.error(`  seed ${seed}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  await db.close();
}
