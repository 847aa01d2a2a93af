import { ROTATABLE_KEYS, isHttpError, rotateTenantKey, type RotatableKey } from '@cxkit/server';
import { commandConfig, openCommandDatabase } from '../command-database.js';
import { defineCommand, helpText, parseCommand } from '../command-spec.js';
import { CliError, EXIT_CODES, usageError } from '../cli-error.js';
import { write, type CliIo } from '../cli-io.js';

/** The table of `cxkit keys`: its help and its parser. */
export const KEYS_COMMAND = defineCommand({
  name: 'keys',
  usage: `cxkit keys rotate --tenant ID --key KEY [options]`,
  description: `Replaces a tenant's site key, signing secret or admin key with a fresh one and prints it once.
The previous value keeps working for the overlap, so widgets, host backends and admin scripts
roll over without downtime; --overlap 0 revokes it at once (a leaked key).`,
  options: {
    tenant: { type: 'string', value: 'ID', help: `the tenant (required)` },
    key: { type: 'string', value: 'KEY', help: `${ROTATABLE_KEYS.join(', ')} (required)` },
    overlap: {
      type: 'string',
      value: 'HOURS',
      help: `hours the previous value keeps working (default 24, at most 720)`,
    },
    'data-dir': {
      type: 'string',
      value: 'DIR',
      help: `PGlite data directory (default $CXKIT_DATA_DIR or ./.cxkit-data);
DATABASE_URL selects PostgreSQL instead`,
    },
    json: { type: 'boolean', help: `print {"key", "value", "previousValidUntil"}` },
  },
  footer: `Also available as POST /v1/admin/keys/rotate. Exit codes: 0 ok, 2 usage error.`,
});

/** Usage text of `cxkit keys`. */
export const KEYS_HELP = helpText(KEYS_COMMAND);

/** `cxkit keys rotate`: rotates a tenant's key or secret with an overlap window. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(KEYS_COMMAND, argv);
  if (values.help) {
    await write(io.stdout, KEYS_HELP);
    return EXIT_CODES.ok;
  }
  const [action, ...extra] = positionals;
  if (action !== 'rotate') throw usageError('keys', 'unknown-action', 'the action is "rotate"');
  if (extra.length > 0) throw usageError('keys', 'extra-argument', `unexpected argument "${extra[0]}"`);
  if (values.tenant === undefined) throw usageError('keys', 'missing-tenant', '--tenant is required');
  const key = values.key as RotatableKey | undefined;
  if (key === undefined || !ROTATABLE_KEYS.includes(key))
    throw usageError('keys', 'bad-key', `--key must be one of ${ROTATABLE_KEYS.join(', ')}`);
  const overlap = values.overlap === undefined ? 24 : Number(values.overlap);
  if (values.overlap?.trim() === '' || !Number.isFinite(overlap) || overlap < 0 || overlap > 720)
    throw usageError('keys', 'bad-overlap', '--overlap must be a number of hours from 0 to 720');

  const db = await openCommandDatabase(commandConfig('keys', values['data-dir']), io);
  try {
    const rotated = await rotateTenantKey(db, values.tenant, key, Math.round(overlap * 3600));
    await write(
      io.stdout,
      values.json
        ? `${JSON.stringify(rotated)}\n`
        : `New ${key} of ${values.tenant} (shown once): ${rotated.value}\n` +
            `The previous one works until ${rotated.previousValidUntil}.\n`,
    );
    return EXIT_CODES.ok;
  } catch (error) {
    if (isHttpError(error) && error.status === 404)
      throw new CliError(
        'keys/unknown-tenant',
        EXIT_CODES.usage,
        `no tenant "${values.tenant}" in this database`,
      );
    throw error;
  } finally {
    await db.close();
  }
}

/** The table behind `cxkit keys`, for the help checks. */
export const specs = [KEYS_COMMAND];
