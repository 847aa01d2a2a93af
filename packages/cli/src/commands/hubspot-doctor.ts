import { resolve } from 'node:path';
import { ConfigError, diagnoseHubSpot, loadConfig, openDatabase, type Database } from '@cxkit/server';
import { defineCommand, helpText, parseCommand } from '../command-spec.js';
import { EXIT_CODES } from '../cli-error.js';
import { write, type CliIo } from '../cli-io.js';

/** The table of `cxkit hubspot doctor`: its help and its parser. */
export const HUBSPOT_DOCTOR_COMMAND = defineCommand({
  name: 'hubspot doctor',
  positionals: false,
  usage: `cxkit hubspot doctor [--data-dir DIR]`,
  description: `Checks this server's HubSpot configuration, as the server would read it from the
environment, and prints each problem with its fix:
  - HUBSPOT_CLIENT_SECRET and CXKIT_ENCRYPTION_KEY are set;
  - CXKIT_PUBLIC_URL is one HTTPS URL that answers as this cxkit server (GET /healthz);
  - the OAuth redirect URL is {CXKIT_PUBLIC_URL}/v1/hubspot/oauth/callback;
  - each linked portal: its grant is still valid, the scopes cxkit needs are granted, and
    the rate limit cxkit uses is not above the one HubSpot states (X-HubSpot-RateLimit-Max).`,
  options: {
    'data-dir': {
      type: 'string',
      value: 'DIR',
      help: `PGlite data directory (default $CXKIT_DATA_DIR or ./.cxkit-data);
DATABASE_URL selects PostgreSQL instead`,
    },
  },
  footer: `Exit codes: 0 nothing wrong, 1 something is wrong (each problem is printed with its fix).`,
});

/** Usage text of `cxkit hubspot doctor`. */
export const HUBSPOT_DOCTOR_HELP = helpText(HUBSPOT_DOCTOR_COMMAND);

/** `cxkit hubspot doctor`: checks a server's HubSpot configuration, one line per finding. */
export async function runHubSpotDoctor(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(HUBSPOT_DOCTOR_COMMAND, argv);
  if (values.help) {
    await write(io.stdout, HUBSPOT_DOCTOR_HELP);
    return EXIT_CODES.ok;
  }
  let db: Database | undefined;
  try {
    const config = loadConfig(
      process.env,
      values['data-dir'] === undefined ? {} : { CXKIT_DATA_DIR: values['data-dir'] },
    );
    db = await openDatabase({
      databaseUrl: config.DATABASE_URL,
      dataDir: resolve(io.cwd, config.CXKIT_DATA_DIR),
      poolSize: 1,
    });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    await write(
      io.stdout,
      `✗ database: ${error.problems.join('; ')}\n    fix: correct DATABASE_URL or CXKIT_DATA_DIR\n`,
    );
  }
  try {
    const findings = await diagnoseHubSpot({ env: process.env, ...(db ? { db } : {}) });
    const lines = findings.map((f) =>
      f.ok ? `✓ ${f.check}` : `✗ ${f.check}: ${f.problem}\n    fix: ${f.fix}`,
    );
    const problems = findings.filter((f) => !f.ok).length;
    await write(
      io.stdout,
      `${lines.join('\n')}\n\n${problems === 0 ? 'No problem found.' : `${problems} problem${problems === 1 ? '' : 's'} found.`}\n`,
    );
    return problems === 0 && db ? EXIT_CODES.ok : EXIT_CODES.badInput;
  } finally {
    await db?.close();
  }
}
