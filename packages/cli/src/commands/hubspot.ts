import cliProgress from 'cli-progress';
import {
  ConfigError,
  HubSpotGateway,
  TEN_SECOND_LIMITS,
  createLogger,
  drainOutbox,
  findPortal,
  isHttpError,
  linkStaticPortal,
  listPortals,
  loadHubSpotSettings,
  outboxStatus,
  queueAccountSync,
  queueInvitationClears,
  type Database,
  type HubSpotPortal,
  type HubSpotSettings,
} from '@cxkit/server';
import { commandConfig, openCommandDatabase } from '../command-database.js';
import { defineCommand, helpText, parseCommand } from '../command-spec.js';
import { CliError, EXIT_CODES, usageError } from '../cli-error.js';
import { write, type CliIo } from '../cli-io.js';
import { formatCount } from '../format-number.js';
import { HUBSPOT_DOCTOR_COMMAND, runHubSpotDoctor } from './hubspot-doctor.js';

/** The table of `cxkit hubspot`: its help and its parser. */
export const HUBSPOT_COMMAND = defineCommand({
  name: 'hubspot',
  usage: `cxkit hubspot sync [--portal ID] [--dry-run] [--data-dir DIR]
       cxkit hubspot link --portal ID --tenant ID [--limit N] [--daily N] [--data-dir DIR]
       cxkit hubspot doctor [--data-dir DIR]   (checks the configuration; see its --help)`,
  description: `sync   Computes every account's figures, queues the company properties that changed
       (cxkit_nps, cxkit_csat, cxkit_health_score, ...) and writes them to HubSpot in
       batches of 100 companies, within the portal's rate limits. Work is queued in the
       database first: an interrupted sync resumes where it stopped. Contacts whose survey
       invitation was answered or expired get cxkit_pending_survey_url cleared.
link   Static-token mode (a private app in one portal): links the portal to a tenant with
       the token in $HUBSPOT_ACCESS_TOKEN (stored encrypted) and creates the cxkit properties.`,
  options: {
    portal: { type: 'string', value: 'ID', help: `HubSpot portal id (sync: default every linked portal)` },
    tenant: { type: 'string', value: 'ID', help: `tenant the portal is (link)` },
    'dry-run': {
      type: 'boolean',
      help: `count what would match and change; nothing is linked, queued or sent`,
    },
    limit: {
      type: 'string',
      value: 'N',
      help: `the app's rolling 10-second limit: 100, 110, 190 or 250 (link; default
$HUBSPOT_TEN_SECOND_LIMIT or 100, the strictest tier)`,
    },
    daily: { type: 'string', value: 'N', help: `the portal's daily request limit (link; default none)` },
    'data-dir': {
      type: 'string',
      value: 'DIR',
      help: `PGlite data directory (default $CXKIT_DATA_DIR or ./.cxkit-data);
DATABASE_URL selects PostgreSQL instead`,
    },
  },
  footer: `Environment: HUBSPOT_CLIENT_SECRET (required), CXKIT_ENCRYPTION_KEY (32 bytes, base64; or
CXKIT_DEV=true for a development key), HUBSPOT_BASE_PATH, HUBSPOT_ACCESS_TOKEN (link).
Exit codes: 0 everything written, 1 some writes wait (daily limit reached or HubSpot failing;
they stay queued), 2 usage error.`,
});

/** Usage text of `cxkit hubspot`. */
export const HUBSPOT_HELP = helpText(HUBSPOT_COMMAND);

type Values = ReturnType<typeof parse>['values'];
const parse = (argv: string[]) => parseCommand(HUBSPOT_COMMAND, argv);

function positiveInt(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d{1,18}$/.test(v) || Number(v) <= 0)
    throw usageError('hubspot', `bad-${name}`, `--${name} must be a positive integer, got "${v}"`);
  return Number(v);
}

/** A progress bar on stderr when it is a terminal; nothing in pipes and CI logs. */
function bar(io: CliIo, label: string, total: number) {
  if (!io.stderrIsTTY || total === 0) return { update: (_n: number) => undefined, stop: () => undefined };
  const b = new cliProgress.SingleBar(
    {
      stream: io.stderr,
      format: `${label} [{bar}] {value}/{total} | ETA {eta_formatted}`,
      hideCursor: false,
      noTTYOutput: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  b.start(total, 0);
  return { update: (n: number) => b.update(n), stop: () => b.stop() };
}

async function syncPortal(
  io: CliIo,
  db: Database,
  gateway: HubSpotGateway,
  portal: HubSpotPortal,
  dryRun: boolean,
): Promise<boolean> {
  const p1 = bar(io, `portal ${portal.portalId}: accounts`, 1);
  let queueBar: ReturnType<typeof bar> | undefined;
  const queued = await queueAccountSync({
    db,
    gateway,
    portal,
    now: new Date(),
    dryRun,
    onProgress: (done, total) => {
      queueBar ??= (p1.stop(), bar(io, `portal ${portal.portalId}: accounts`, total));
      queueBar.update(done);
    },
  });
  (queueBar ?? p1).stop();
  const head = `portal ${portal.portalId} (tenant "${portal.tenantId}"): ${formatCount(queued.accounts)} accounts, ${formatCount(queued.matched)} ${dryRun ? 'would be matched' : 'matched'} to companies (${formatCount(queued.newlyMatched)} new)`;
  if (dryRun) {
    await write(io.stdout, `${head}, ${formatCount(queued.queued)} property values would change (dry run)\n`);
    return true;
  }
  // Answered or expired invitations get their contact's pending link cleared in the same run.
  const clears = { answered: 0, expired: 0, queued: 0 };
  for (;;) {
    const c = await queueInvitationClears(db, portal.tenantId, new Date());
    clears.answered += c.answered;
    clears.expired += c.expired;
    clears.queued += c.queued;
    if (c.answered + c.expired === 0) break;
  }
  const pending = await outboxStatus(db, portal.tenantId);
  const p2 = bar(io, `portal ${portal.portalId}: writing`, pending.pendingObjects);
  const r = await drainOutbox({
    db,
    gateway,
    portal,
    logger: createLogger('silent'),
    onProgress: (n) => p2.update(n),
  });
  p2.stop();
  const left = await outboxStatus(db, portal.tenantId);
  await write(
    io.stdout,
    `${head}, ${formatCount(queued.queued)} values queued; wrote ${formatCount(r.written)} records in ${formatCount(r.batches)} batch calls` +
      `${clears.queued > 0 ? `; ${formatCount(clears.queued)} pending survey links cleared (${formatCount(clears.answered)} answered, ${formatCount(clears.expired)} expired)` : ''}` +
      `${left.failed > 0 ? `; ${formatCount(left.failed)} values refused by HubSpot (kept)` : ''}\n`,
  );
  if (r.parkedUntil)
    await write(
      io.stderr,
      `cxkit hubspot: daily limit reached; ${formatCount(left.pending)} values wait until ${r.parkedUntil.toISOString()}\n`,
    );
  if (r.stoppedBy)
    await write(
      io.stderr,
      `cxkit hubspot: stopped (${r.stoppedBy}); ${formatCount(left.pending)} values stay queued\n`,
    );
  return r.parkedUntil === null && r.stoppedBy === null;
}

async function link(
  io: CliIo,
  db: Database,
  gateway: HubSpotGateway,
  settings: HubSpotSettings,
  values: Values,
) {
  const portalId = positiveInt('portal', values.portal);
  if (portalId === undefined) throw usageError('hubspot', 'missing-portal', '--portal is required');
  if (values.tenant === undefined) throw usageError('hubspot', 'missing-tenant', '--tenant is required');
  const limit = positiveInt('limit', values.limit);
  if (limit !== undefined && !(TEN_SECOND_LIMITS as readonly number[]).includes(limit))
    throw usageError('hubspot', 'bad-limit', `--limit must be 100, 110, 190 or 250, got "${values.limit}"`);
  const token = process.env['HUBSPOT_ACCESS_TOKEN'];
  if (!token)
    throw usageError('hubspot', 'missing-token', 'HUBSPOT_ACCESS_TOKEN must hold the private app token');
  const portal = await linkStaticPortal({
    db,
    gateway,
    settings,
    portalId,
    tenantId: values.tenant,
    accessToken: token,
    ...(limit === undefined ? {} : { perTenSeconds: limit }),
    ...(values.daily === undefined ? {} : { dailyLimit: positiveInt('daily', values.daily)! }),
    now: new Date(),
  });
  await write(
    io.stdout,
    `linked portal ${portal.portalId} to tenant "${portal.tenantId}" (static token, ${portal.perTenSeconds} requests per 10 s); cxkit properties created\n`,
  );
}

/** `cxkit hubspot`: sync account figures to HubSpot company properties, or link a portal. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  if (argv[0] === 'doctor') return runHubSpotDoctor(argv.slice(1), io);
  const { values, positionals } = parse(argv);
  if (values.help) {
    await write(io.stdout, HUBSPOT_HELP);
    return EXIT_CODES.ok;
  }
  const [sub, ...extra] = positionals;
  if (sub !== 'sync' && sub !== 'link')
    throw usageError(
      'hubspot',
      'missing-subcommand',
      sub === undefined ? 'a subcommand is required (sync or link)' : `unknown subcommand "${sub}"`,
    );
  if (extra.length > 0) throw usageError('hubspot', 'extra-argument', `unexpected argument "${extra[0]}"`);
  const config = commandConfig('hubspot', values['data-dir']);
  let settings: HubSpotSettings;
  try {
    settings = loadHubSpotSettings(process.env);
  } catch (error) {
    if (error instanceof ConfigError) throw usageError('hubspot', 'bad-environment', error.message);
    throw error;
  }
  const db = await openCommandDatabase(config, io);
  const gateway = new HubSpotGateway({ db, settings, logger: createLogger('silent') });
  try {
    if (sub === 'link') {
      await link(io, db, gateway, settings, values);
      return EXIT_CODES.ok;
    }
    const portalId = positiveInt('portal', values.portal);
    const portals =
      portalId === undefined
        ? await listPortals(db, settings.encryptionKey)
        : [await findPortal(db, settings.encryptionKey, portalId)];
    if (portals.length === 0)
      throw usageError(
        'hubspot',
        'no-portal',
        'no HubSpot portal is linked (cxkit hubspot link, or the OAuth install)',
      );
    let complete = true;
    for (const portal of portals) {
      if (!portal)
        throw usageError('hubspot', 'unknown-portal', `portal ${portalId} is not linked to any tenant`);
      complete = (await syncPortal(io, db, gateway, portal, values['dry-run'] === true)) && complete;
    }
    return complete ? EXIT_CODES.ok : EXIT_CODES.badInput;
  } catch (error) {
    if (isHttpError(error))
      throw new CliError(
        `hubspot/${error.code.split('/')[1] ?? 'failed'}`,
        EXIT_CODES.badInput,
        error.message,
      );
    throw error;
  } finally {
    await db.close();
  }
}

/** The tables behind `cxkit hubspot` and its doctor subcommand, for the help checks. */
export const specs = [HUBSPOT_COMMAND, HUBSPOT_DOCTOR_COMMAND];
