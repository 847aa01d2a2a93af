import { nps, summarize } from '@cxkit/core';
import { buildDrivers, analyticsWindow, openDatabase, type Database, type DriversView } from '@cxkit/server';
import { generateDemoData, type DemoDataSet } from './generate.js';
import { DEMO_TENANT_ID, seedDatabase } from './seed-database.js';

/** One planted driver: its true NPS gap and what the analysis recovered. */
export interface DriverRecovery {
  /** `delivery` or `support`. */
  planted: string;
  /** The touchpoint driver that reveals it. */
  driverId: string;
  /** NPS of the planted accounts minus the others', from the generated answers and the true flags. */
  trueGap: number;
  /** The analysis's gap (exposure read from the touchpoint answers only), with its interval. */
  recoveredGap: number | null;
  interval: { lower: number; upper: number } | null;
  /** recovered − true, in NPS points. */
  error: number | null;
  /** Its rank among all drivers by points at stake (1 = first). */
  rank: number;
  /** Whether the interval contains the true gap. */
  covered: boolean;
  /** Active accounts with the planted problem, and accounts the analysis found exposed. */
  plantedAccounts: number;
  exposedAccounts: number;
}

const TOUCHPOINT = {
  delivery: 'touchpoint:post-delivery/ces',
  support: 'touchpoint:post-support/csat',
} as const;

/**
 * Seeds the demo data into `db`, runs the server's key-driver analysis (12 months, `now`), and compares each
 * planted driver (demo generator: delivery and support problems drawn at random per account) with what it
 * recovered. The true gap is measured on the same window and active accounts, with the generator's flags.
 */
export async function checkKeyDrivers(
  db: Database,
  o: { accounts?: number; seed?: number } = {},
): Promise<{ data: DemoDataSet; view: DriversView; rows: DriverRecovery[] }> {
  const data = generateDemoData({
    accounts: o.accounts ?? 300,
    ...(o.seed === undefined ? {} : { seed: o.seed }),
  });
  await seedDatabase(db, data, { allowedOrigins: [] });
  const w = analyticsWindow(new Date(), 12);
  const view = await buildDrivers(db, DEMO_TENANT_ID, w);
  const active = new Set(data.accounts.filter((a) => a.churnedAt === null).map((a) => a.id));
  const from = w.from.toISOString();
  const answers = data.answers.filter(
    (a) => a.surveyId === 'relationship' && a.answeredAt >= from && active.has(a.accountId),
  );
  const flagOf = new Map(data.accounts.map((a) => [a.id, a.issues]));
  const rows = (['delivery', 'support'] as const).map((planted): DriverRecovery => {
    const has = (id: string) => flagOf.get(id)![planted];
    const npsWhere = (keep: boolean) =>
      nps(
        summarize(
          'nps',
          answers.filter((a) => has(a.accountId) === keep).map((a) => a.score),
        ),
      );
    const a = npsWhere(true);
    const b = npsWhere(false);
    const trueGap = a.status === 'ok' && b.status === 'ok' ? a.value - b.value : Number.NaN;
    const index = view.drivers.findIndex((d) => d.id === TOUCHPOINT[planted]);
    const d = view.drivers[index];
    const exposed = (d?.accounts ?? 0) as number;
    return {
      planted,
      driverId: TOUCHPOINT[planted],
      trueGap,
      recoveredGap: d?.gap ?? null,
      interval: d?.gapInterval ? { lower: d.gapInterval.lower, upper: d.gapInterval.upper } : null,
      error: d?.gap == null ? null : d.gap - trueGap,
      rank: index + 1,
      covered: d?.gapInterval ? d.gapInterval.lower <= trueGap && trueGap <= d.gapInterval.upper : false,
      plantedAccounts: [...active].filter(has).length,
      exposedAccounts: exposed,
    };
  });
  return { data, view, rows };
}

// `node --conditions=source --import tsx demo/seed/key-driver-check.ts`: prints the check on the full demo data.
if (import.meta.url === `file://${process.argv[1]}`) {
  const db = await openDatabase({});
  const { view, rows } = await checkKeyDrivers(db);
  console.log('drivers by points at stake:');
  for (const d of view.drivers.slice(0, 8))
    console.log(
      `  ${d.id.padEnd(34)} gap ${d.gap?.toFixed(1) ?? '—'} (${d.gapInterval?.lower.toFixed(1)} to ${d.gapInterval?.upper.toFixed(1)}) impact ${d.impact?.toFixed(1) ?? '—'} accounts ${d.accounts}`,
    );
  console.table(rows);
  await db.close();
}
