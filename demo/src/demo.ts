import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { z } from 'zod';
import { startHubSpotStandIn, type HubSpotStandIn } from '@cxkit/hubspot-stand-in';
import {
  createLogger,
  hubspotAnalyticsFeature,
  hubspotFeature,
  linkCompany,
  linkStaticPortal,
  loadConfig,
  loadHubSpotSettings,
  mintIdentityToken,
  openDatabase,
  setAllowedOrigins,
  setTriggerSurveys,
  startHubSpotSyncWorker,
  startServer,
  type Database,
  type RunningServer,
  type SyncWorker,
} from '@cxkit/server';
import { generateDemoData } from '../seed/generate.js';
import { DEMO_TENANT_ID, hasCurrentDemoSchema, isSeeded, seedDatabase } from '../seed/seed-database.js';
import { DashboardApiError, buildDashboard } from './dashboard.js';
import { seedDemoActions } from './demo-actions.js';

/** Where the demo listens and keeps its data. */
export interface DemoOptions {
  /** Data directory (PGlite database and the demo tenant's keys); default `.cxkit-data/demo`. */
  dataDir: string;
  /** Delete the data directory and seed again. */
  reset?: boolean;
  /** Port of the demo web app (default 5173; 0 picks a free one). */
  webPort?: number;
  /** Port of the cxkit server (default 8787). */
  serverPort?: number;
  /** Port of the HubSpot stand-in (default 4010). */
  hubspotPort?: number;
  /** Directory of the built web app (`demo/web/dist`). */
  webRoot: string;
  /** Log level of the cxkit server (default `warn`, so the URLs stay readable). */
  logLevel?: string;
  /** How often the HubSpot sync worker runs, in ms (default 1000, so the demo shows syncs at once). */
  syncIntervalMs?: number;
}

/** A running demo. */
export interface RunningDemo {
  webUrl: string;
  serverUrl: string;
  hubspotUrl: string;
  /** The HubSpot stand-in, for tests to read what was synced. */
  hubspot: HubSpotStandIn;
  db: Database;
  /** Whether this start seeded the database. */
  seeded: boolean;
  close(): Promise<void>;
}

/** Raised when a port the demo needs is taken; names the port and the variable that moves it. */
export class PortInUseError extends Error {
  /** Stable error code. */
  readonly code = 'demo/port-in-use';
  constructor(port: number, variable: string) {
    super(`port ${port} is already in use; stop what uses it or set ${variable} to another port`);
  }
}

const KeysSchema = z.object({ siteKey: z.string(), signingSecret: z.string(), adminKey: z.string() });
type Keys = z.infer<typeof KeysSchema>;

const isAddrInUse = (e: unknown) => (e as { code?: string } | null)?.code === 'EADDRINUSE';

async function guardPort<T>(port: number, variable: string, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (e) {
    if (isAddrInUse(e)) throw new PortInUseError(port, variable);
    throw e;
  }
}

/** Starts the HubSpot stand-in, the cxkit server on the seeded PGlite database and the demo web app. */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const webPort = options.webPort ?? 5173;
  const serverPort = options.serverPort ?? 8787;
  const hubspotPort = options.hubspotPort ?? 4010;
  if (options.reset) await rm(options.dataDir, { recursive: true, force: true });
  await mkdir(options.dataDir, { recursive: true });
  const keysFile = join(options.dataDir, 'keys.json');
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch(() => undefined);
    closers.length = 0;
  };
  try {
    const hs = await guardPort(hubspotPort, 'DEMO_HUBSPOT_PORT', () =>
      startHubSpotStandIn({
        port: hubspotPort,
        host: '127.0.0.1',
        rateLimit: false,
        timeZone: 'Europe/Paris',
      }),
    );
    closers.push(() => hs.close());

    const db = await openDatabase({ dataDir: join(options.dataDir, 'db') });
    closers.push(() => db.close());
    let keys: Keys;
    const seeded = !(await isSeeded(db)) || !existsSync(keysFile);
    if (seeded) {
      if (await isSeeded(db))
        throw new Error(`the demo database has no keys file (${keysFile}); start with --reset to reseed`);
      const tenant = await seedDatabase(db, generateDemoData(), { allowedOrigins: [] });
      keys = { siteKey: tenant.siteKey, signingSecret: tenant.signingSecret, adminKey: tenant.adminKey };
      await writeFile(keysFile, JSON.stringify(keys, null, 2), { mode: 0o600 });
    } else {
      if (!(await hasCurrentDemoSchema(db)))
        throw new Error(
          `the demo data in ${options.dataDir} is from an older demo; start with --reset to reseed`,
        );
      keys = KeysSchema.parse(JSON.parse(await readFile(keysFile, 'utf8')));
    }

    const webOrigins = [`http://127.0.0.1:${webPort}`, `http://localhost:${webPort}`];
    await setAllowedOrigins(db, DEMO_TENANT_ID, webOrigins);

    const settings = loadHubSpotSettings(
      {},
      {
        HUBSPOT_CLIENT_SECRET: hs.clientSecret,
        HUBSPOT_CLIENT_ID: hs.clientId,
        HUBSPOT_BASE_PATH: hs.url,
        CXKIT_PORTAL_URL: `http://127.0.0.1:${webPort}/portal.html`,
        CXKIT_DEV: 'true',
      },
    );
    const hubspot = hubspotFeature(settings);
    const logger = createLogger((options.logLevel ?? 'warn') as 'warn');
    // A new answer moves the account's health and churn risk (and the HubSpot card) within seconds.
    const config = loadConfig(
      {},
      { PORT: serverPort, HOST: '127.0.0.1', LOG_LEVEL: 'warn', INSIGHTS_AFTER_ANSWER_MS: 5000 },
    );
    const server: RunningServer = await guardPort(serverPort, 'DEMO_SERVER_PORT', () =>
      startServer({ config, db, logger, features: [hubspot, hubspotAnalyticsFeature(settings)] }),
    );
    closers.push(() => server.close());
    // The improvement actions and the plan go through the analytics API, once, when the data is new.
    if (seeded) await seedDemoActions({ serverUrl: server.url, adminKey: keys.adminKey });

    // The stand-in is in memory: each start recreates the portal's companies and contacts and links them.
    await linkStaticPortal({
      db,
      gateway: hubspot.gateway!,
      settings,
      portalId: hs.portalId,
      tenantId: DEMO_TENANT_ID,
      accessToken: hs.accessToken,
      now: new Date(),
    });
    await setTriggerSurveys(db, hs.portalId, { ticket: 'post-support', deal: 'post-purchase' });
    await db.query('DELETE FROM hubspot_companies WHERE tenant_id = $1', [DEMO_TENANT_ID]);
    const companies = await db.query<{ account_id: string; name: string; domain: string }>(
      'SELECT account_id, name, domain FROM demo_accounts ORDER BY account_id',
    );
    const companyOf = new Map<string, string>();
    for (const a of companies.rows) {
      const c = hs.store.create('companies', { name: a.name, domain: a.domain });
      companyOf.set(a.account_id, c.id);
      await linkCompany(db, DEMO_TENANT_ID, c.id, a.account_id, 'manual');
    }
    const people = await db.query<{ respondent_id: string; account_id: string; name: string; email: string }>(
      'SELECT respondent_id, account_id, name, email FROM demo_respondents ORDER BY respondent_id',
    );
    const contactOf = new Map<string, string>();
    for (const p of people.rows) {
      const [firstname, ...rest] = p.name.split(' ');
      const c = hs.store.create('contacts', {
        email: p.email,
        firstname: firstname ?? '',
        lastname: rest.join(' '),
      });
      contactOf.set(p.respondent_id, c.id);
      hs.store.associate('contacts', c.id, 'companies', companyOf.get(p.account_id)!, { primary: true });
    }
    hs.webhooks.subscribe(`${server.url}/v1/hubspot/webhooks`, [
      { subscriptionType: 'object.propertyChange', objectType: 'ticket', propertyName: 'hs_pipeline_stage' },
    ]);
    const worker: SyncWorker = startHubSpotSyncWorker({
      db,
      gateway: hubspot.gateway!,
      encryptionKey: settings.encryptionKey,
      logger,
      intervalMs: options.syncIntervalMs ?? 1000,
    });
    closers.splice(closers.length - 1, 0, () => worker.stop());

    const api = demoApi({
      db,
      keys,
      serverUrl: server.url,
      hs,
      companyOf,
      contactOf,
      processWebhooks: () => hubspot.processWebhooks(),
    });
    const app = new Hono();
    app.route('/api', api);
    app.use('/*', serveStatic({ root: options.webRoot }));
    const web = await guardPort(webPort, 'DEMO_WEB_PORT', () => listen(app, webPort));
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          web.close(() => resolve());
          web.closeAllConnections();
        }),
    );
    const webUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
    return { webUrl, serverUrl: server.url, hubspotUrl: hs.url, hubspot: hs, db, seeded, close };
  } catch (e) {
    await close();
    throw e;
  }
}

function listen(app: Hono, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s as Server));
    s.once('error', reject);
  });
}

const RespondentQuerySchema = z.object({ respondent: z.string().min(3).max(200) });

/**
 * The demo supplier's own backend: it mints identity tokens for its signed-in portal users (as a
 * real supplier's backend would) and gives the demo pages what they show.
 */
function demoApi(o: {
  db: Database;
  keys: Keys;
  serverUrl: string;
  hs: HubSpotStandIn;
  companyOf: Map<string, string>;
  contactOf: Map<string, string>;
  /** Applies the webhook deliveries the server has stored (its worker would, a moment later). */
  processWebhooks: () => Promise<unknown>;
}): Hono {
  const api = new Hono();
  const admin = { authorization: `Bearer ${o.keys.adminKey}` };
  const person = async (respondent: string) =>
    (
      await o.db.query<{
        respondent_id: string;
        account_id: string;
        name: string;
        role: string;
        locale: string;
        account_name: string;
      }>(
        `SELECT r.respondent_id, r.account_id, r.name, r.role, a.locale, a.name AS account_name
           FROM demo_respondents r JOIN demo_accounts a USING (account_id) WHERE r.respondent_id = $1`,
        [respondent],
      )
    ).rows[0];

  api.get('/personas', async (c) => {
    // The people marked at seed time as sign-in choices (no answer in the data's last six
    // months), from active accounts, three English-speaking and three French-speaking.
    const pick = (locale: string) =>
      o.db.query(
        `SELECT r.respondent_id AS id, r.name, r.role, a.account_id AS "accountId", a.name AS "accountName", a.locale
           FROM demo_respondents r JOIN demo_accounts a USING (account_id)
          WHERE a.churned_at IS NULL AND a.locale = $1 AND r.persona
          ORDER BY a.account_id, r.respondent_id LIMIT 3`,
        [locale],
      );
    const r = { rows: [...(await pick('en')).rows, ...(await pick('fr')).rows] };
    return c.json({ personas: r.rows });
  });

  api.get('/session', async (c) => {
    const q = RespondentQuerySchema.parse(c.req.query());
    const p = await person(q.respondent);
    if (!p) return c.json({ error: { code: 'demo/unknown-respondent', message: 'no such person' } }, 404);
    const token = mintIdentityToken(
      { accountId: p.account_id, respondentId: p.respondent_id, role: p.role, ttlSeconds: 3600 },
      o.keys.signingSecret,
    );
    return c.json({
      endpoint: o.serverUrl,
      siteKey: o.keys.siteKey,
      token,
      accountId: p.account_id,
      accountName: p.account_name,
      respondentId: p.respondent_id,
      name: p.name,
      role: p.role,
      locale: p.locale,
    });
  });

  api.get('/accounts', async (c) => {
    const r = await o.db.query(
      `SELECT account_id AS id, name, sector, size, region, distributor, churned_at AS "churnedAt"
         FROM demo_accounts ORDER BY name`,
    );
    return c.json({ accounts: r.rows });
  });

  api.get('/company/:id', async (c) => {
    const id = c.req.param('id');
    const res = await fetch(`${o.serverUrl}/v1/accounts/${encodeURIComponent(id)}/summary`, {
      headers: admin,
    });
    if (!res.ok) return c.json(await res.json(), res.status as 404);
    const companyId = o.companyOf.get(id);
    const company = companyId ? o.hs.store.get('companies', companyId) : undefined;
    const account = (
      await o.db.query(
        'SELECT account_id AS id, name, sector, size, region, distributor, churned_at AS "churnedAt" FROM demo_accounts WHERE account_id = $1',
        [id],
      )
    ).rows[0];
    return c.json({
      account,
      summary: await res.json(),
      hubspot: company ? { id: company.id, properties: company.properties } : null,
    });
  });

  // The analyst dashboard: the server's analytics API, read over HTTP with the tenant's admin key.
  api.get('/dashboard', async (c) => {
    try {
      return c.json(await buildDashboard({ serverUrl: o.serverUrl, adminKey: o.keys.adminKey }));
    } catch (e) {
      if (e instanceof DashboardApiError) return c.json({ error: { code: e.code, message: e.message } }, 502);
      throw e;
    }
  });

  // The settings page's counterpart: the current health configuration, a preview of a new one
  // (which accounts change band, nothing saved), and saving it (then health is recomputed).
  api.get('/settings/health', async (c) => {
    const res = await fetch(`${o.serverUrl}/v1/admin/settings/health`, { headers: admin });
    return c.json(await res.json(), res.status as 200);
  });
  api.post('/settings/health/preview', async (c) => {
    const res = await fetch(`${o.serverUrl}/v1/admin/health/preview`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify(await c.req.json()),
    });
    return c.json(await res.json(), res.status as 200);
  });
  // The current weights checked against later churn, with a suggested set (issue 14).
  api.get('/settings/health/weights-validation', async (c) => {
    const res = await fetch(`${o.serverUrl}/v1/admin/health/weights-validation`, { headers: admin });
    return c.json(await res.json(), res.status as 200);
  });
  api.put('/settings/health', async (c) => {
    const res = await fetch(`${o.serverUrl}/v1/admin/settings/health`, {
      method: 'PUT',
      headers: { ...admin, 'content-type': 'application/json', 'x-cx-actor': 'demo settings page' },
      body: JSON.stringify(await c.req.json()),
    });
    if (!res.ok) return c.json(await res.json(), res.status as 400);
    await fetch(`${o.serverUrl}/v1/admin/insights/recompute`, { method: 'POST', headers: admin });
    return c.json(await res.json(), 200);
  });

  api.post('/simulate/ticket-closed', async (c) => {
    const q = RespondentQuerySchema.parse(await c.req.json());
    const p = await person(q.respondent);
    const contact = o.contactOf.get(q.respondent);
    if (!p || !contact)
      return c.json({ error: { code: 'demo/unknown-respondent', message: 'no such person' } }, 404);
    const ticket = o.hs.store.create('tickets', {
      subject: `Delivery question from ${p.name}`,
      hs_pipeline: '0',
      hs_pipeline_stage: '1',
    });
    o.hs.store.associate('tickets', ticket.id, 'contacts', contact);
    o.hs.store.associate('tickets', ticket.id, 'companies', o.companyOf.get(p.account_id)!, {
      primary: true,
    });
    await o.hs.webhooks.flush();
    o.hs.store.update('tickets', ticket.id, { hs_pipeline_stage: '4' });
    await o.hs.webhooks.flush();
    // The server answers a delivery at once and applies its events in the background; the demo
    // applies them now so that the portal it reloads next shows the invitation.
    await o.processWebhooks();
    // The server's fatigue rules may decline to invite (the person answered recently): say so.
    const invited = await o.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM survey_invitations WHERE tenant_id = $1 AND trigger = $2',
      [DEMO_TENANT_ID, `ticket:${ticket.id}:closed`],
    );
    return c.json({ ticketId: ticket.id, invited: (invited.rows[0]?.n ?? 0) > 0 });
  });

  return api;
}
