import { resolve } from 'node:path';
import { ConfigError, loadConfig, openDatabase, type Config, type Database } from '@cxkit/server';
import { usageError } from './cli-error.js';
import type { CliIo } from './cli-io.js';

/**
 * The server configuration a command runs with: the environment, `--data-dir` over
 * `CXKIT_DATA_DIR`; a bad environment is a usage error of the command.
 * @throws CliError `COMMAND/bad-environment` (exit 2).
 */
export function commandConfig(command: string, dataDir: string | undefined): Config {
  try {
    return loadConfig(process.env, dataDir === undefined ? {} : { CXKIT_DATA_DIR: dataDir });
  } catch (error) {
    if (error instanceof ConfigError) throw usageError(command, 'bad-environment', error.message);
    throw error;
  }
}

/** Opens the configured database: PostgreSQL when `DATABASE_URL` is set, else PGlite in the data directory. */
export function openCommandDatabase(config: Config, io: CliIo): Promise<Database> {
  return openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: resolve(io.cwd, config.CXKIT_DATA_DIR),
    poolSize: 2,
  });
}
