import type { Context, Hono } from 'hono';
import type { SentimentProvider } from '@cxkit/core';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { Logger } from './logger.js';
import type { RouteDoc } from './openapi.js';
import type { RateLimiter } from './rate-limiter.js';
import type { SurveyRepository } from './collector/collector.js';
import type { Tenant } from './tenants/tenants.js';
import type { TtlCache } from './ttl-cache.js';

/** Per-request values set by middleware. */
export interface AppVariables {
  /** The authenticated tenant (site key or admin key). */
  tenant: Tenant;
  /** Request id, echoed as `X-Request-Id` and in logs. */
  requestId: string;
  /** The client's IP (or `local` in-process). */
  clientIp: string;
}

/** The Hono environment of the app. */
export interface AppEnv {
  Variables: AppVariables;
}

/** What the app needs from outside: storage, config and a logger. */
export interface AppDeps {
  /** The database (already migrated). */
  db: Database;
  /** Parsed configuration. */
  config: Config;
  /** Structured logger. */
  logger: Logger;
  /** Extra features to mount (e.g. the HubSpot integration). */
  features?: readonly Feature[];
  /** Clock, for tests. */
  now?: () => Date;
  /**
   * Another sentiment analyser for a tenant's open answers (a hosted model, a model file the tenant trained);
   * undefined for a tenant keeps core's default model. See docs/verbatims.md, "Plugging another analyser".
   */
  sentimentProvider?: (tenantId: string) => SentimentProvider | undefined;
}

/** Shared services the features use. */
export interface AppServices extends Required<Omit<AppDeps, 'features' | 'sentimentProvider'>> {
  /** The tenant's sentiment analyser, when one was plugged in ({@link AppDeps.sentimentProvider}). */
  sentimentProvider?: (tenantId: string) => SentimentProvider | undefined;
  /** Survey versions with a short cache. */
  surveys: SurveyRepository;
  /** Tenants by site key and admin key, cached a few seconds. */
  tenants: TtlCache<Tenant>;
  /** Per-site token buckets. */
  siteLimiter: RateLimiter;
  /** Per-IP token buckets. */
  ipLimiter: RateLimiter;
  /** Route documentation, collected for `/openapi.json`. */
  docs: RouteDoc[];
  /** Stops of the background jobs features started; {@link stopBackground} runs them on shutdown. */
  background: (() => Promise<void>)[];
}

/** Stops every background job of an app (timers, workers) and waits for the runs in progress. */
export async function stopBackground(services: AppServices): Promise<void> {
  const stops = services.background.splice(0);
  await Promise.all(stops.map((stop) => stop()));
}

/**
 * A feature mounts its routes on the app and documents them; the HubSpot integration is one
 * more feature, mounted without touching the others.
 */
export interface Feature {
  /** Name, for logs. */
  name: string;
  /** Registers routes and middleware. */
  mount(app: Hono<AppEnv>, services: AppServices): void;
}

/** A handler's context. */
export type AppContext = Context<AppEnv>;
