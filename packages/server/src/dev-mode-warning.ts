import type { Logger } from './logger.js';

/**
 * Warns loudly, at start, when `CXKIT_DEV` is on: HubSpot tokens are then encrypted, and install
 * states signed, with a fixed key published in this repository (unless `CXKIT_ENCRYPTION_KEY` is
 * set), so anyone with a copy of the database can read the tokens. Logged at `warn` and printed
 * as a banner on stderr, where an operator sees it even with JSON logs piped away.
 * @returns whether it warned.
 */
export function warnAboutDevKeys(
  logger: Logger,
  env: Record<string, string | undefined> = process.env,
  stderr: { write(s: string): unknown } = process.stderr,
): boolean {
  const dev = env['CXKIT_DEV'] === 'true' || env['CXKIT_DEV'] === '1';
  if (!dev) return false;
  const fixedKey = !env['CXKIT_ENCRYPTION_KEY'];
  const message = fixedKey
    ? 'CXKIT_DEV is on and CXKIT_ENCRYPTION_KEY is unset: HubSpot tokens are encrypted and OAuth states signed with a FIXED PUBLIC development key. Never use this in production.'
    : 'CXKIT_DEV is on: development shortcuts are enabled (local http URLs). Never use this in production.';
  logger.warn({ devMode: true, fixedKey }, message);
  stderr.write(`\n${'!'.repeat(78)}\n!! ${message}\n${'!'.repeat(78)}\n\n`);
  return true;
}
