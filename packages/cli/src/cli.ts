import { createRequire } from 'node:module';
import { isCxError } from '@cxkit/core';
import { CliError, EXIT_CODES } from './cli-error.js';
import { write, type CliIo } from './cli-io.js';
import type { CommandSpec } from './command-spec.js';

/** A subcommand module: `run` parses its own arguments and returns the exit code. */
export interface CommandModule {
  /** Runs the command; throws {@link CliError} for usage and file errors. */
  run(argv: string[], io: CliIo): Promise<number>;
  /** The tables its help and parser come from: the command's, then its subcommands' own. */
  specs: readonly CommandSpec[];
}

/** A registered subcommand: a one-line summary for `cxkit --help` and a lazy loader. */
export interface CommandEntry {
  /** One line shown by `cxkit --help`. */
  summary: string;
  /** Loads the module only when the command runs, so `report` never loads the server. */
  load: () => Promise<CommandModule>;
}

/** The subcommands of `cxkit`: add one line per command. */
export const COMMANDS: Record<string, CommandEntry> = {
  report: {
    summary: 'KPI table of a CSV, JSON Lines or Parquet file of answers',
    load: () => import('./commands/report.js'),
  },
  compare: {
    summary: 'change of a KPI from one file to another, with its test',
    load: () => import('./commands/compare.js'),
  },
  churn: {
    summary: 'evaluate, train and apply a churn model on a CSV of accounts',
    load: () => import('./commands/churn.js'),
  },
  verbatims: {
    summary: 'sentiment and themes of open answers; evaluate on a labelled set',
    load: () => import('./commands/verbatims.js'),
  },
  serve: { summary: 'run the collector, account and admin API', load: () => import('./commands/serve.js') },
  import: {
    summary: 'store an answers file in a tenant (idempotent)',
    load: () => import('./commands/import.js'),
  },
  alerts: {
    summary: 'replay alert rules over a history of answers (backtest)',
    load: () => import('./commands/alerts.js'),
  },
  hubspot: {
    summary: 'sync account figures to HubSpot companies; link a portal',
    load: () => import('./commands/hubspot.js'),
  },
  keys: {
    summary: "rotate a tenant's site key, signing secret or admin key (with an overlap)",
    load: () => import('./commands/keys.js'),
  },
};

const version = (): string =>
  (createRequire(import.meta.url)('../package.json') as { version: string }).version;

const mainHelp = (): string =>
  `Usage: cxkit COMMAND [options]    (cxkit COMMAND --help for a command's options)

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join('\n')}

Exit codes: 0 ok, 1 bad input rows, 2 usage error, 3 file not found or unreadable.
`;

/**
 * Runs `cxkit` with the arguments after the program name and returns the exit code; errors are
 * printed to stderr, never thrown (except bugs, which keep their stack).
 * @example process.exitCode = await main(['report', 'answers.csv', '--metric', 'nps'], processIo());
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    await write(name === undefined ? io.stderr : io.stdout, mainHelp());
    return name === undefined ? EXIT_CODES.usage : EXIT_CODES.ok;
  }
  if (name === '--version' || name === '-v') {
    await write(io.stdout, `${version()}\n`);
    return EXIT_CODES.ok;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (entry === undefined) {
    await write(io.stderr, `cxkit: unknown command "${name}"\n\n${mainHelp()}`);
    return EXIT_CODES.usage;
  }
  try {
    const command = await entry.load();
    return await command.run([...rest], io);
  } catch (error) {
    if (error instanceof CliError) {
      const hint = error.exitCode === EXIT_CODES.usage ? `\n(see cxkit ${name} --help)` : '';
      await write(io.stderr, `cxkit ${name}: ${error.reason}${hint}\n`);
      return error.exitCode;
    }
    if (isCxError(error)) {
      // Core refusing an input the CLI let through: still the user's input, so exit 1, not a crash.
      await write(io.stderr, `cxkit ${name}: ${error.message}\n`);
      return EXIT_CODES.badInput;
    }
    throw error;
  }
}
