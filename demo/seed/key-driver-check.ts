import { nps, summarize } from '@cxkit/core';
import { buildDrivers, analyticsWindow, openDatabase, type Database, type DriversView } from '@cxkit/server';
import { generateDemoData, PLANTED_DRIVERS, type DemoAnswer, type DemoDataSet } from './generate.js';
import { DEMO_TENANT_ID, seedDatabase } from './seed-database.js';

/** One driver the check knows the truth of: its true NPS effect and what the analysis recovered. */
export interface DriverRecovery {
  /** `delivery` or `support` (planted), or the id of a driver with no planted effect. */
  planted: string;
  /** The driver of the analysis that reveals it. */
  driverId: string;
  /**
   * The true effect, NPS points: over the planted accounts' answers, the NPS with the problem minus the NPS
   * the same draws give without it (the generator run again with that effect at 0); 0 for unplanted drivers.
   */
  trueEffect: number;
  /** NPS of the planted accounts minus the others' (the true flags): the effect plus chance imbalance. */
  flagGap: number | null;
  /** The analysis's gap (adjusted), its unadjusted gap, and its interval and method. */
  recoveredGap: number | null;
  rawGap: number | null;
  interval: { lower: number; upper: number; level: number } | null;
  method: string | null;
  /** recovered − true, in NPS points; and the raw gap's. */
  error: number | null;
  rawError: number | null;
  /** Its rank among all drivers by points at stake (1 = first). */
  rank: number;
  /** Whether the interval contains the true effect. */
  covered: boolean;
  /** Active accounts with the planted problem, and accounts the analysis found exposed. */
  plantedAccounts: number;
  exposedAccounts: number;
}

/** The touchpoint that reveals each planted driver. */
const TOUCHPOINT = {
  delivery: 'touchpoint:post-delivery/ces',
  support: 'touchpoint:post-support/csat',
} as const;
/** Drivers whose true effect on NPS is nil: post-purchase CSAT reads the account's level only, tickets and revenue follow it. */
const UNPLANTED = ['touchpoint:post-purchase/csat', 'signal:openTickets', 'signal:mrrTrendPercent'];

const promoterScore = (s: number) => (s >= 9 ? 100 : s <= 6 ? -100 : 0);
const mean = (v: readonly number[]) => v.reduce((t, x) => t + x, 0) / v.length;

/**
 * Seeds the demo data into `db`, runs the server's key-driver analysis (12 months, `now`), and compares
 * each planted driver (demo generator: delivery and support problems drawn at random per account) and
 * the drivers with no planted effect with what it recovered. The true effects are measured on the same
 * window and active accounts.
 */
export async function checkKeyDrivers(
  db: Database,
  o: { accounts?: number; seed?: number } = {},
): Promise<{ data: DemoDataSet; view: DriversView; rows: DriverRecovery[] }> {
  const options = { accounts: o.accounts ?? 300, ...(o.seed === undefined ? {} : { seed: o.seed }) };
  const data = generateDemoData(options);
  await seedDatabase(db, data, { allowedOrigins: [] });
  const w = analyticsWindow(new Date(), 12);
  const view = await buildDrivers(db, DEMO_TENANT_ID, w);
  const active = new Set(data.accounts.filter((a) => a.churnedAt === null).map((a) => a.id));
  const from = w.from.toISOString();
  const inWindow = (a: DemoAnswer) =>
    a.surveyId === 'relationship' && a.answeredAt >= from && active.has(a.accountId);
  const answers = data.answers.filter(inWindow);
  const flagOf = new Map(data.accounts.map((a) => [a.id, a.issues]));
  const row = (planted: string, driverId: string, trueEffect: number, flagGap: number | null) => {
    const index = view.drivers.findIndex((d) => d.id === driverId);
    const d = view.drivers[index];
    const i = d?.gapInterval ?? null;
    return {
      planted,
      driverId,
      trueEffect,
      flagGap,
      recoveredGap: d?.gap ?? null,
      rawGap: d?.rawGap ?? null,
      interval: i,
      method: d?.method ?? null,
      error: d?.gap == null ? null : d.gap - trueEffect,
      rawError: d?.rawGap == null ? null : d.rawGap - trueEffect,
      rank: index + 1,
      covered: i !== null && i.lower <= trueEffect && trueEffect <= i.upper,
      exposedAccounts: d?.accounts ?? 0,
    };
  };
  const rows = (Object.keys(TOUCHPOINT) as (keyof typeof TOUCHPOINT)[]).map((planted): DriverRecovery => {
    const has = (id: string) => flagOf.get(id)![planted];
    const without = new Map(
      generateDemoData({ ...options, npsEffects: { [planted]: 0 } })
        .answers.filter(inWindow)
        .map((a) => [a.id, a.score]),
    );
    const treated = answers.filter((a) => has(a.accountId));
    const trueEffect = mean(treated.map((a) => promoterScore(a.score) - promoterScore(without.get(a.id)!)));
    const npsWhere = (keep: boolean) =>
      nps(
        summarize(
          'nps',
          answers.filter((a) => has(a.accountId) === keep).map((a) => a.score),
        ),
      );
    const a = npsWhere(true);
    const b = npsWhere(false);
    const flagGap = a.status === 'ok' && b.status === 'ok' ? a.value - b.value : null;
    return {
      ...row(planted, TOUCHPOINT[planted], trueEffect, flagGap),
      plantedAccounts: [...active].filter(has).length,
    };
  });
  for (const id of UNPLANTED)
    if (view.drivers.some((d) => d.id === id)) rows.push({ ...row(id, id, 0, null), plantedAccounts: 0 });
  return { data, view, rows };
}

/** The planted effects, for the printed summary. */
export const PLANTED = PLANTED_DRIVERS;

// `node --conditions=source --import tsx demo/seed/key-driver-check.ts [accounts] [seed]`: prints the check.
if (import.meta.url === `file://${process.argv[1]}`) {
  const db = await openDatabase({});
  const accounts = process.argv[2] ? Number(process.argv[2]) : undefined;
  const seed = process.argv[3] ? Number(process.argv[3]) : undefined;
  const { view, rows } = await checkKeyDrivers(db, {
    ...(accounts === undefined ? {} : { accounts }),
    ...(seed === undefined ? {} : { seed }),
  });
  const f = (x: number | null | undefined) => (x == null ? '—' : x.toFixed(1));
  console.log('drivers by points at stake (adjusted gap, raw gap, 95 % interval, method):');
  for (const d of view.drivers)
    console.log(
      `  ${d.id.padEnd(34)} gap ${f(d.gap)} (raw ${f(d.rawGap)}) [${f(d.gapInterval?.lower)}, ${f(d.gapInterval?.upper)}] ${d.method} impact ${f(d.impact)} accounts ${d.accounts}`,
    );
  console.table(
    rows.map((r) => ({
      driver: r.driverId,
      true: f(r.trueEffect),
      recovered: f(r.recoveredGap),
      interval: r.interval ? `[${f(r.interval.lower)}, ${f(r.interval.upper)}]` : '—',
      error: f(r.error),
      raw: f(r.rawGap),
      rawError: f(r.rawError),
      covered: r.covered,
      rank: r.rank,
    })),
  );
  await db.close();
}
