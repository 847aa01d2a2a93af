import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { z } from 'zod';
import { createHubSpotFetch, type CardViewer, type HubSpotFetchOptions } from './card-fetch.js';
import { CrmStore } from './crm-store.js';
import { FaultInjector } from './fault-injector.js';
import { OAuthServer } from './oauth-server.js';
import { RATE_LIMIT_PRESETS, RateLimiter } from './rate-limiter.js';
import { ALL_SCOPES } from './required-scopes.js';
import { createStandInApp, type LoggedRequest } from './stand-in-app.js';
import { deliverWebhooks, type DeliveryAttempt, type WebhookEventInput } from './webhook-sender.js';
import { WebhookSubscriptions } from './webhook-subscriptions.js';

/** Options of {@link startHubSpotStandIn}; every field has a default. */
export const StandInOptionsSchema = z.object({
  /** Port to listen on; 0 picks a free one. */
  port: z.number().int().min(0).max(65535).default(0),
  host: z.string().default('127.0.0.1'),
  portalId: z.number().int().positive().default(62515),
  hubDomain: z.string().default('cxkit-demo.hubspot.com'),
  /** The portal's time zone setting (account details); its daily API limit resets at midnight there. */
  timeZone: z.string().default('US/Eastern'),
  appId: z.number().int().positive().default(4242),
  clientId: z.string().min(1).default('cxkit-client-id'),
  clientSecret: z.string().min(1).default('cxkit-client-secret'),
  redirectUrls: z.array(z.url()).default(['http://localhost:3000/oauth/callback']),
  /** Static (private app) tokens accepted as bearer tokens; each grants `staticTokenScopes`. */
  staticTokens: z.array(z.string().min(1)).default(['pat-na1-cxkit-stand-in']),
  staticTokenScopes: z.array(z.string()).default(ALL_SCOPES),
  /** Requests per rolling 10 s and per day, or false for no limiting. */
  rateLimit: z
    .union([
      z.literal(false),
      z.object({
        perTenSeconds: z.number().int().positive(),
        daily: z.number().int().positive().nullable(),
        searchPerSecond: z.number().int().positive().optional(),
      }),
    ])
    .default(RATE_LIMIT_PRESETS.oauthApp),
  /** The clock, for tests that move time (token expiry, rate-limit windows). */
  now: z.custom<() => number>((v) => typeof v === 'function').default(() => Date.now),
});

/** Options of {@link startHubSpotStandIn}. */
export type StandInOptions = z.input<typeof StandInOptionsSchema>;

/** A running stand-in. */
export interface HubSpotStandIn {
  /** Base URL, e.g. `http://127.0.0.1:41234`; pass it as the api-client's `basePath`. */
  url: string;
  /** The portal's CRM: seed records and read back what was written. */
  store: CrmStore;
  /** OAuth server: codes, tokens, expiry. */
  oauth: OAuthServer;
  /** Scripted or random 429/5xx. */
  faults: FaultInjector;
  /** Every request received, oldest first. */
  requests: LoggedRequest[];
  /** Empties the request log. */
  clearRequests(): void;
  /** The first static token, for a client set up like a private app. */
  accessToken: string;
  portalId: number;
  appId: number;
  clientId: string;
  clientSecret: string;
  /** The app's webhook subscriptions: CRM changes queue events, `flush()` delivers them. */
  webhooks: WebhookSubscriptions;
  /** Sends HubSpot-shaped, signed webhook events to `targetUrl`. */
  sendWebhooks(
    targetUrl: string,
    events: WebhookEventInput[],
    o?: { retries?: number; retryDelayMs?: number },
  ): Promise<DeliveryAttempt[][]>;
  /** A `hubspot.fetch` stand-in signing requests for this app and portal. */
  cardFetch(
    viewer?: Partial<Omit<CardViewer, 'portalId' | 'appId'>> & {
      proxy?: Record<string, string>;
      permittedUrls?: string[];
    },
  ): (url: string | URL, options?: HubSpotFetchOptions) => Promise<Response>;
  /** Stops listening. */
  close(): Promise<void>;
}

/**
 * Starts a local HubSpot stand-in on an HTTP port: CRM objects, properties, associations,
 * pipelines and OAuth at HubSpot's real paths, with rate limiting, fault injection, a request
 * log, a webhook sender and card-request signing.
 * @example
 * const hs = await startHubSpotStandIn();
 * const client = new Client({ accessToken: hs.accessToken, basePath: hs.url });
 */
export async function startHubSpotStandIn(options: StandInOptions = {}): Promise<HubSpotStandIn> {
  const o = StandInOptionsSchema.parse(options);
  const now = o.now;
  const store = new CrmStore({ now });
  const oauth = new OAuthServer(
    { clientId: o.clientId, clientSecret: o.clientSecret, appId: o.appId, redirectUrls: o.redirectUrls },
    { portalId: o.portalId, hubDomain: o.hubDomain, user: 'admin@cxkit.example', userId: 1001 },
    now,
  );
  for (const t of o.staticTokens) oauth.addStaticToken(t, o.staticTokenScopes);
  const faults = new FaultInjector();
  const webhooks = new WebhookSubscriptions(store, {
    clientSecret: o.clientSecret,
    portalId: o.portalId,
    appId: o.appId,
    now,
  });
  const log: LoggedRequest[] = [];
  const limiter = o.rateLimit === false ? null : new RateLimiter(o.rateLimit, now, o.timeZone);
  const app = createStandInApp({
    store,
    oauth,
    faults,
    limiter,
    log,
    now,
    portalId: o.portalId,
    timeZone: o.timeZone,
  });

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: o.port, hostname: o.host }, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${o.host}:${port}`;

  return {
    url,
    store,
    oauth,
    faults,
    webhooks,
    requests: log,
    clearRequests: () => {
      log.length = 0;
    },
    accessToken: o.staticTokens[0]!,
    portalId: o.portalId,
    appId: o.appId,
    clientId: o.clientId,
    clientSecret: o.clientSecret,
    sendWebhooks: (targetUrl, events, d = {}) =>
      deliverWebhooks({
        targetUrl,
        events,
        clientSecret: o.clientSecret,
        portalId: o.portalId,
        appId: o.appId,
        now,
        ...d,
      }),
    cardFetch: (viewer = {}) =>
      createHubSpotFetch({
        clientSecret: o.clientSecret,
        portalId: o.portalId,
        appId: o.appId,
        userId: viewer.userId ?? 1001,
        userEmail: viewer.userEmail ?? 'admin@cxkit.example',
        ...(viewer.proxy ? { proxy: viewer.proxy } : {}),
        ...(viewer.permittedUrls ? { permittedUrls: viewer.permittedUrls } : {}),
      }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
