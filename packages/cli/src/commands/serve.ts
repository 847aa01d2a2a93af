import { resolve } from 'node:path';
import {
  ConfigError,
  createLogger,
  createTenant,
  listTenants,
  loadConfig,
  openDatabase,
  saveVersion,
  startServer,
  type Config,
} from '@cxkit/server';
import { defineCommand, helpText, parseCommand } from '../command-spec.js';
import { EXIT_CODES, usageError } from '../cli-error.js';
import { write, type CliIo } from '../cli-io.js';

/** The table of `cxkit serve`: its help and its parser. */
export const SERVE_COMMAND = defineCommand({
  name: 'serve',
  positionals: false,
  usage: `cxkit serve [--port N] [--host H] [--data-dir DIR] [--dev]`,
  description: `Runs the cxkit service (collector, account and admin API). Data lives in an embedded PGlite
database in --data-dir (default ./.cxkit-data), or in PostgreSQL when DATABASE_URL is set.`,
  options: {
    port: {
      type: 'string',
      value: 'N',
      help: `port to listen on (default $PORT or 8787; 0 picks a free one)`,
    },
    host: { type: 'string', value: 'H', help: `address to bind (default $HOST or 127.0.0.1)` },
    'data-dir': {
      type: 'string',
      value: 'DIR',
      help: `PGlite data directory (default $CXKIT_DATA_DIR or ./.cxkit-data)`,
    },
    dev: {
      type: 'boolean',
      help: `on an empty database, create a "dev" tenant with a sample survey and
print its keys`,
    },
  },
  footer: `Environment: PORT, HOST, DATABASE_URL, CXKIT_DATA_DIR, LOG_LEVEL, DB_POOL_SIZE, BODY_LIMIT_BYTES,
MAX_BATCH, RATE_LIMIT_SITE_PER_SEC, RATE_LIMIT_SITE_BURST, RATE_LIMIT_IP_PER_SEC,
RATE_LIMIT_IP_BURST, REQUEST_TIMEOUT_MS, SHUTDOWN_TIMEOUT_MS, TRUST_PROXY.
Stops gracefully on SIGINT or SIGTERM (in-flight requests finish).`,
});

/** Usage text of `cxkit serve`. */
export const SERVE_HELP = helpText(SERVE_COMMAND);

/** Options of {@link run} used by tests: resolve to stop the server instead of waiting for a signal. */
export interface ServeHooks {
  /** Resolves when the server should stop (default: SIGINT or SIGTERM). */
  stop?: Promise<unknown>;
  /** Called once the server listens, with its URL. */
  onListening?: (url: string) => void;
}

/** `cxkit serve`: runs the server until SIGINT/SIGTERM, then shuts down gracefully. */
export async function run(argv: string[], io: CliIo, hooks: ServeHooks = {}): Promise<number> {
  const { values } = parseCommand(SERVE_COMMAND, argv);
  if (values.help) {
    await write(io.stdout, SERVE_HELP);
    return EXIT_CODES.ok;
  }
  const overrides: Partial<Config> = {};
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535)
      throw usageError('serve', 'bad-port', `--port must be 0-65535, got "${values.port}"`);
    overrides.PORT = port;
  }
  if (values.host !== undefined) overrides.HOST = values.host;
  if (values['data-dir'] !== undefined) overrides.CXKIT_DATA_DIR = resolve(io.cwd, values['data-dir']);
  let config: Config;
  try {
    config = loadConfig(process.env, overrides);
  } catch (error) {
    if (error instanceof ConfigError) {
      await write(io.stderr, `cxkit serve: ${error.message}\n`);
      return EXIT_CODES.usage;
    }
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const db = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: resolve(io.cwd, config.CXKIT_DATA_DIR),
    poolSize: config.DB_POOL_SIZE,
  });
  try {
    if (values.dev && (await listTenants(db)).length === 0) await createDevTenant(db, config, io);
    const server = await startServer({ config, db, logger });
    await write(io.stderr, `cxkit serve: listening on ${server.url} (${db.dialect})\n`);
    hooks.onListening?.(server.url);
    await (hooks.stop ??
      new Promise((done) => {
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
      }));
    await server.close();
  } finally {
    await db.close();
  }
  return EXIT_CODES.ok;
}

async function createDevTenant(
  db: Awaited<ReturnType<typeof openDatabase>>,
  config: Config,
  io: CliIo,
): Promise<void> {
  const origins = [
    `http://localhost:${config.PORT}`,
    'http://localhost:5173',
    'http://localhost:8000',
    'http://127.0.0.1:8000',
  ];
  const t = await createTenant(db, { id: 'dev', name: 'Development', allowedOrigins: origins });
  await saveVersion(
    db,
    t.id,
    'survey',
    'relationship',
    {
      id: 'relationship',
      version: 1,
      questions: [
        { id: 'nps', kind: 'nps', text: { en: 'How likely are you to recommend us to a colleague?' } },
        { id: 'why', kind: 'text', text: { en: 'What is the main reason for your score?' } },
        { id: 'csat', kind: 'csat', text: { en: 'How satisfied are you with our service?' } },
      ],
    },
    'cxkit serve --dev',
  );
  await write(
    io.stderr,
    `cxkit serve: created tenant "dev" with survey "relationship" (shown once, keep them):
  site key (X-Cx-Site-Key, public):     ${t.siteKey}
  signing secret (server side only):    ${t.signingSecret}
  admin key (Authorization: Bearer ...): ${t.adminKey}
  allowed origins: ${origins.join(', ')}
`,
  );
}

/** The table behind `cxkit serve`, for the help checks. */
export const specs = [SERVE_COMMAND];
