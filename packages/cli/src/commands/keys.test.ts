import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, findTenantByAdminKey, findTenantBySiteKey, openDatabase } from '@cxkit/server';
import { runCli } from '../testing/capture-io.js';

describe('cxkit keys rotate', () => {
  let dir: string;
  let old: Awaited<ReturnType<typeof createTenant>>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cxkit-keys-'));
    const db = await openDatabase({ dataDir: join(dir, 'data') });
    old = await createTenant(db, { id: 'acme', name: 'Acme' });
    await db.close();
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints a new key once; the previous one keeps working through the overlap, or not at all with 0', async () => {
    const site = await runCli(
      [
        'keys',
        'rotate',
        '--tenant',
        'acme',
        '--key',
        'site-key',
        '--overlap',
        '2',
        '--json',
        '--data-dir',
        'data',
      ],
      dir,
    );
    expect(site.stderr).toBe('');
    expect(site.code).toBe(0);
    const rotated = JSON.parse(site.stdout);
    expect(rotated.value).toMatch(/^cxs_/);
    const admin = await runCli(
      [
        'keys',
        'rotate',
        '--tenant',
        'acme',
        '--key',
        'admin-key',
        '--overlap',
        '0',
        '--json',
        '--data-dir',
        'data',
      ],
      dir,
    );
    const newAdmin = JSON.parse(admin.stdout).value;
    const db = await openDatabase({ dataDir: join(dir, 'data') });
    try {
      const soon = new Date(Date.now() + 3_600_000);
      const late = new Date(Date.now() + 3 * 3_600_000);
      expect((await findTenantBySiteKey(db, old.siteKey, soon))?.id).toBe('acme');
      expect(await findTenantBySiteKey(db, old.siteKey, late)).toBeUndefined();
      expect((await findTenantBySiteKey(db, rotated.value, late))?.id).toBe('acme');
      expect(await findTenantByAdminKey(db, old.adminKey)).toBeUndefined();
      expect((await findTenantByAdminKey(db, newAdmin))?.id).toBe('acme');
    } finally {
      await db.close();
    }
  }, 120_000);

  it('refuses an unknown key kind and an unknown tenant with a usage error', async () => {
    const bad = await runCli(
      ['keys', 'rotate', '--tenant', 'acme', '--key', 'password', '--data-dir', 'data'],
      dir,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--key must be one of');
    const ghost = await runCli(
      ['keys', 'rotate', '--tenant', 'ghost', '--key', 'site-key', '--data-dir', 'data'],
      dir,
    );
    expect(ghost.code).toBe(2);
    expect(ghost.stderr).toContain('no tenant "ghost"');
  }, 120_000);
});
