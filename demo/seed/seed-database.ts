import { SurveyDefinitionSchema, type Response, type SurveyDefinition } from '@cxkit/core';
import {
  analyzePendingVerbatims,
  createLogger,
  createTenant,
  evaluateAlerts,
  recomputeInsights,
  saveAlertRule,
  saveVersion,
  storeResponses,
  upsertAccountSignals,
  type AccountSignals,
  type CreatedTenant,
  type Database,
} from '@cxkit/server';
import { demoAlertRules } from './alert-rules.js';
import type { DemoAnswer, DemoDataSet, DemoSignal } from './generate.js';
import { DEMO_SURVEYS, type DemoSurveyId } from './surveys.js';

/** The demo tenant: the fictional supplier Altaris Supply. */
export const DEMO_TENANT_ID = 'altaris';

/** Batch size of the seed's inserts: large batches keep a first start well under a minute. */
const BATCH = 500;

/** The demo's own tables: account attributes, people and monthly signals (not part of cxkit's schema). */
const DEMO_SCHEMA = `
CREATE TABLE IF NOT EXISTS demo_accounts (
  account_id text PRIMARY KEY, name text NOT NULL, domain text NOT NULL, sector text NOT NULL,
  size text NOT NULL, region text NOT NULL, distributor text NOT NULL, since text NOT NULL,
  churned_at text, locale text NOT NULL);
CREATE TABLE IF NOT EXISTS demo_respondents (
  respondent_id text PRIMARY KEY, account_id text NOT NULL, name text NOT NULL, email text NOT NULL,
  role text NOT NULL, persona boolean NOT NULL);
CREATE TABLE IF NOT EXISTS demo_signals (
  account_id text NOT NULL, month text NOT NULL, active_users integer NOT NULL,
  tickets integer NOT NULL, revenue integer NOT NULL, PRIMARY KEY (account_id, month));
`;

/** Inserts rows with one multi-row statement per batch. */
async function insertRows(db: Database, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const chunk = rows.slice(i, i + BATCH);
    const params: unknown[] = [];
    const values = chunk.map((row) => {
      const slots = row.map((v) => {
        params.push(v);
        return `$${params.length}`;
      });
      return `(${slots.join(', ')})`;
    });
    await db.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')}`, params);
  }
}

function toResponse(a: DemoAnswer, survey: SurveyDefinition, attributes: Record<string, string>): Response {
  const scored = survey.questions[0]!;
  const answers: Response['answers'] = [
    { kind: scored.kind, questionId: scored.id, value: a.score } as Response['answers'][number],
  ];
  if (a.text !== null) answers.push({ kind: 'text', questionId: 'why', value: a.text });
  return {
    id: a.id,
    surveyId: a.surveyId,
    surveyVersion: survey.version,
    accountId: a.accountId,
    respondentId: a.respondentId,
    role: a.role,
    channel: a.channel,
    locale: a.locale,
    answeredAt: a.answeredAt,
    answers,
    attributes: { ...attributes, channel: a.channel },
  };
}

/** Publishes the four demo surveys (version 1) for a tenant; returns them with their versions. */
export async function publishDemoSurveys(
  db: Database,
  tenantId: string,
): Promise<Record<DemoSurveyId, SurveyDefinition>> {
  const out = {} as Record<DemoSurveyId, SurveyDefinition>;
  for (const [id, input] of Object.entries(DEMO_SURVEYS) as [DemoSurveyId, unknown][]) {
    const definition = SurveyDefinitionSchema.parse(input);
    const saved = await saveVersion(db, tenantId, 'survey', id, definition, 'demo seed', (version) => ({
      ...definition,
      version,
    }));
    out[id] = SurveyDefinitionSchema.parse(saved.value);
  }
  return out;
}

/**
 * Writes a generated data set into an empty, migrated database: the tenant, its surveys, every
 * answer through the server's own ingestion path (so aggregates are exact), the demo tables, the
 * comments' analyses and the alert rules, evaluated once.
 * Returns the tenant with its keys (shown only once, so the caller keeps them).
 */
export async function seedDatabase(
  db: Database,
  data: DemoDataSet,
  options: { allowedOrigins: string[] },
): Promise<CreatedTenant> {
  const tenant = await createTenant(db, {
    id: DEMO_TENANT_ID,
    name: 'Altaris Supply',
    allowedOrigins: options.allowedOrigins,
  });
  // The portal's sign-in choices: people with no answer in the data's last six months, so no
  // fatigue rule hides a survey from them on a first visit.
  const last = data.answers.reduce((m, a) => (a.answeredAt > m ? a.answeredAt : m), '');
  const cutoff = new Date(Date.parse(last) - 180 * 86_400_000).toISOString();
  const recent = new Set(data.answers.filter((a) => a.answeredAt >= cutoff).map((a) => a.respondentId));
  for (const statement of DEMO_SCHEMA.split(';').filter((x) => x.trim())) await db.query(statement);
  await insertRows(
    db,
    'demo_accounts',
    [
      'account_id',
      'name',
      'domain',
      'sector',
      'size',
      'region',
      'distributor',
      'since',
      'churned_at',
      'locale',
    ],
    data.accounts.map((a) => [
      a.id,
      a.name,
      a.domain,
      a.sector,
      a.size,
      a.region,
      a.distributor,
      a.since,
      a.churnedAt,
      a.locale,
    ]),
  );
  await insertRows(
    db,
    'accounts',
    ['tenant_id', 'account_id', 'name'],
    data.accounts.map((a) => [tenant.id, a.id, a.name]),
  );
  await insertRows(
    db,
    'demo_respondents',
    ['respondent_id', 'account_id', 'name', 'email', 'role', 'persona'],
    data.respondents.map((p) => [p.id, p.accountId, p.name, p.email, p.role, !recent.has(p.id)]),
  );
  await insertRows(
    db,
    'demo_signals',
    ['account_id', 'month', 'active_users', 'tickets', 'revenue'],
    data.signals.map((s) => [s.accountId, s.month, s.activeUsers, s.tickets, s.revenue]),
  );
  const surveys = await publishDemoSurveys(db, tenant.id);
  const attributes = new Map(
    data.accounts.map((a) => [
      a.id,
      { sector: a.sector, size: a.size, region: a.region, distributor: a.distributor },
    ]),
  );
  for (let i = 0; i < data.answers.length; i += BATCH) {
    const prepared = data.answers.slice(i, i + BATCH).map((a) => {
      const survey = surveys[a.surveyId];
      return { response: toResponse(a, survey, attributes.get(a.accountId)!), survey };
    });
    await storeResponses(db, tenant.id, prepared);
  }
  // Month by month, as a CRM sync would have sent them: the churn model describes each account as it
  // was at past cut-offs from this history, not with today's values.
  const months = [...new Set(data.signals.map((s) => s.month))].sort();
  for (const month of months) {
    const [y, m] = month.split('-').map(Number) as [number, number];
    const recordedAt = new Date(Date.UTC(y, m, 1)); // the month's figures are known when it ends
    const entries = accountSignals(data, month);
    if (entries.length > 0 && recordedAt < new Date())
      await upsertAccountSignals(db, tenant.id, entries, recordedAt);
  }
  await upsertAccountSignals(db, tenant.id, accountSignals(data));
  // Health and churn now, rather than at the server's first scheduled run, so the first page shows them.
  await recomputeInsights(db, tenant.id);
  // Sentiment and themes of every comment now (the server's worker would take a few passes), so the
  // dashboard's themes and the detractor rule have them from the first start.
  let analysed: number;
  do analysed = (await analyzePendingVerbatims({ db }, { batchSize: 1000 })).responses;
  while (analysed > 0);
  await db.transaction(async (tx) => {
    for (const rule of demoAlertRules(data)) await saveAlertRule(tx, tenant.id, rule, 'demo seed');
  });
  // One evaluation now rather than at the server's first timer, so the first page lists alerts.
  await evaluateAlerts({ db, logger: createLogger('warn'), now: () => new Date() }, { tenantId: tenant.id });
  return tenant;
}

/**
 * Each account's signals as the server's signals API takes them: the last month's usage, tickets
 * and revenue, the revenue trend over three months, and when the account left; with `asOfMonth`
 * (`YYYY-MM`), as they were at the end of that month (accounts without a signal by then left out).
 */
export function accountSignals(
  data: DemoDataSet,
  asOfMonth?: string,
): { accountId: string; signals: AccountSignals }[] {
  const byAccount = new Map<string, DemoSignal[]>();
  for (const s of data.signals)
    if (asOfMonth === undefined || s.month <= asOfMonth)
      byAccount.set(s.accountId, [...(byAccount.get(s.accountId) ?? []), s]);
  const accounts = asOfMonth === undefined ? data.accounts : data.accounts.filter((a) => byAccount.has(a.id));
  return accounts.map((a) => {
    const months = byAccount.get(a.id) ?? [];
    const last = months.at(-1);
    const before = months.at(-4);
    return {
      accountId: a.id,
      signals: {
        activeUsers: last?.activeUsers ?? null,
        openTickets: last?.tickets ?? null,
        mrr: last?.revenue ?? null,
        mrrTrendPercent:
          last && before && before.revenue > 0
            ? Math.max(-100, Math.round(((last.revenue - before.revenue) / before.revenue) * 1000) / 10)
            : null,
        churnedAt:
          a.churnedAt && (asOfMonth === undefined || a.churnedAt <= asOfMonth)
            ? `${a.churnedAt}-01T00:00:00Z`
            : null,
        features: { sector: a.sector, size: a.size, region: a.region, distributor: a.distributor },
      },
    };
  });
}

/** Whether a seeded database has the current demo tables (data from an older demo needs `--reset`). */
export async function hasCurrentDemoSchema(db: Database): Promise<boolean> {
  const r = await db.query(
    `SELECT 1 FROM information_schema.columns WHERE table_name = 'demo_respondents' AND column_name = 'persona'`,
  );
  return r.rows.length > 0;
}

/** Whether the demo tables exist and hold data (a previous run seeded this database). */
export async function isSeeded(db: Database): Promise<boolean> {
  const r = await db.query<{ n: string | null }>(`SELECT to_regclass('demo_accounts')::text AS n`);
  return r.rows[0]?.n != null;
}
