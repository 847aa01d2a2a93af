import { findTenant, importRecords, IMPORT_SURVEY_ID, isHttpError } from '@cxkit/server';
import type { ImportRecord } from '@cxkit/server';
import { parseMapOption, parseMetric } from '../args.js';
import { commandConfig, openCommandDatabase } from '../command-database.js';
import { defineCommand, helpText, parseCommand } from '../command-spec.js';
import { CliError, EXIT_CODES, usageError } from '../cli-error.js';
import { write, type CliIo } from '../cli-io.js';
import { formatCount } from '../format-number.js';
import { writeIssues } from '../issue-report.js';
import { progressCallback } from '../progress.js';
import { readRecords } from '../records/read-records.js';

/** The table of `cxkit import`: its help and its parser. */
export const IMPORT_COMMAND = defineCommand({
  name: 'import',
  usage: `cxkit import FILE --tenant ID [options]`,
  description: `Stores the answers of a CSV, JSON Lines or Parquet file (the format of cxkit report) in a tenant's
database, where the account API and the HubSpot card see them. Idempotent: importing the same
rows again stores nothing twice.`,
  options: {
    tenant: { type: 'string', value: 'ID', help: `tenant to import into (required; must exist)` },
    survey: {
      type: 'string',
      value: 'ID',
      help: `survey the answers are filed under (default "${IMPORT_SURVEY_ID}")`,
    },
    metric: {
      type: 'string',
      value: 'KIND',
      help: `nps, csat, ces or c2es, for files without a metric column`,
    },
    map: {
      type: 'string',
      multiple: true,
      value: 'FIELD=COL,...',
      help: `read a field from a differently named column, e.g. score=REC`,
    },
    'data-dir': {
      type: 'string',
      value: 'DIR',
      help: `PGlite data directory (default $CXKIT_DATA_DIR or ./.cxkit-data);
DATABASE_URL selects PostgreSQL instead`,
    },
    strict: { type: 'boolean', help: `stop at the first bad row (exit 1, nothing after it imported)` },
  },
  footer: `Exit codes: 0 ok, 1 bad input rows (the others are imported), 2 usage error,
3 file not found or unreadable.`,
});

/** Usage text of `cxkit import`. */
export const IMPORT_HELP = helpText(IMPORT_COMMAND);

const CHUNK = 500;

/** `cxkit import`: stores an answers file in a tenant, idempotently, with a progress bar. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(IMPORT_COMMAND, argv);
  if (values.help) {
    await write(io.stdout, IMPORT_HELP);
    return EXIT_CODES.ok;
  }
  const [file, ...extra] = positionals;
  if (file === undefined) throw usageError('import', 'missing-file', 'FILE is required');
  if (extra.length > 0) throw usageError('import', 'extra-argument', `unexpected argument "${extra[0]}"`);
  if (values.tenant === undefined) throw usageError('import', 'missing-tenant', '--tenant is required');
  const metric = values.metric === undefined ? undefined : parseMetric('import', values.metric);
  const map = parseMapOption('import', values.map);

  const db = await openCommandDatabase(commandConfig('import', values['data-dir']), io);
  try {
    const tenant = await findTenant(db, values.tenant);
    if (!tenant)
      throw usageError('import', 'unknown-tenant', `no tenant "${values.tenant}" in this database`);
    const progress = progressCallback(io, file);
    const reader = readRecords(file, {
      cwd: io.cwd,
      map,
      ...(metric ? { metric } : {}),
      ...(values.strict ? { strict: true } : {}),
      onProgress: progress.onProgress,
    });
    const occurrences = new Map<string, number>();
    const totals = { created: 0, duplicates: 0 };
    try {
      for await (const batch of reader.batches()) {
        for (let i = 0; i < batch.length; i += CHUNK) {
          const records: ImportRecord[] = batch.slice(i, i + CHUNK).map((r) => ({
            accountId: r.accountId,
            respondentId: r.respondentId,
            role: r.role,
            metric: r.metric,
            value: r.value,
            answeredAt: r.answeredAt,
            scale: r.scale,
            dimensions: r.dimensions,
          }));
          const result = await importRecords(db, tenant.id, records, {
            ...(values.survey ? { surveyId: values.survey } : {}),
            occurrences,
          });
          totals.created += result.created;
          totals.duplicates += result.duplicates;
        }
      }
    } catch (error) {
      if (isHttpError(error))
        throw new CliError(
          `import/${error.code.split('/')[1] ?? 'invalid'}`,
          EXIT_CODES.badInput,
          error.message,
        );
      throw error;
    } finally {
      progress.stop();
    }
    await writeIssues(io, reader);
    await write(
      io.stdout,
      `imported ${formatCount(totals.created + totals.duplicates)} answers into tenant "${tenant.id}": ${formatCount(totals.created)} new, ${formatCount(totals.duplicates)} already there\n`,
    );
    return reader.stats.rejected > 0 ? EXIT_CODES.badInput : EXIT_CODES.ok;
  } finally {
    await db.close();
  }
}

/** The table behind `cxkit import`, for the help checks. */
export const specs = [IMPORT_COMMAND];
