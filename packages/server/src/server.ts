import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { stopBackground, type Feature } from './app-context.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { openDatabase } from './db/open-database.js';
import { createLogger, type Logger } from './logger.js';
import { warnAboutDevKeys } from './dev-mode-warning.js';

/** Options of {@link startServer}. */
export interface StartServerOptions {
  /** Parsed configuration (see `loadConfig`). */
  config: Config;
  /** An open, migrated database; opened from the config when omitted (and then closed on shutdown). */
  db?: Database;
  /** Logger; created from `LOG_LEVEL` when omitted. */
  logger?: Logger;
  /** Extra features to mount. */
  features?: readonly Feature[];
}

/** A listening server. */
export interface RunningServer {
  /** The port it listens on (useful with port 0). */
  port: number;
  /** `http://host:port`. */
  url: string;
  /** The database it uses. */
  db: Database;
  /**
   * Graceful shutdown: stops accepting connections, lets in-flight requests finish (up to
   * `SHUTDOWN_TIMEOUT_MS`), stops the background jobs (insights, alerts, verbatims, HubSpot sync)
   * after their run in progress, then closes the database if it opened it.
   */
  close(): Promise<void>;
}

/** Opens storage (unless given), builds the app and listens on `config.PORT` (0 picks a free port). */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  warnAboutDevKeys(logger);
  const ownsDb = options.db === undefined;
  const db =
    options.db ??
    (await openDatabase({
      databaseUrl: config.DATABASE_URL,
      dataDir: config.CXKIT_DATA_DIR,
      poolSize: config.DB_POOL_SIZE,
    }));
  const { app, services } = createApp({
    db,
    config,
    logger,
    ...(options.features ? { features: options.features } : {}),
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () =>
      resolve(s as Server),
    );
    s.once('error', reject);
  });
  // Slow-loris protection: a request must arrive whole within the timeout.
  server.requestTimeout = config.REQUEST_TIMEOUT_MS + 5_000;
  server.headersTimeout = Math.min(60_000, server.requestTimeout);
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, host: config.HOST, storage: db.dialect }, 'listening');

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      logger.info('shutting down');
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), config.SHUTDOWN_TIMEOUT_MS);
        // Keep-alive sockets become idle as their last response ends; close them then, rather
        // than waiting for the client's keep-alive timeout.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        server.close(() => {
          clearTimeout(force);
          clearInterval(sweep);
          resolve();
        });
        server.closeIdleConnections();
      });
      // Background jobs use the database: they finish their run before it closes.
      await stopBackground(services);
      if (ownsDb) await db.close();
      logger.info('stopped');
    })());
  return {
    port,
    url: `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`,
    db,
    close,
  };
}

/** Closes the server on SIGTERM and SIGINT (once), then exits. */
export function closeOnSignals(server: RunningServer, logger: Logger = createLogger()): void {
  const stop = (signal: string) => {
    logger.info({ signal }, 'signal received');
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
