import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nps, summarize } from '@cxkit/core';
import { buildAccountSummary, createTenant, openDatabase } from '@cxkit/server';
import { runCli } from '../testing/capture-io.js';

const NPS_TESTDATA = fileURLToPath(new URL('../../../../data/nps-sample.csv', import.meta.url));
const ARGS = ['--metric', 'nps', '--map', 'score=REC,account_id=Account,answered_at=date'];

// Account C's scores, read here independently of cxkit.
const lines = readFileSync(NPS_TESTDATA, 'utf8').trim().split(/\r?\n/).slice(1);
const accountC = lines
  .map((l) => l.split(','))
  .filter((c) => c[8] === '"Account C"')
  .map((c) => Number(c[0]));

describe('cxkit import', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cxkit-import-'));
    const db = await openDatabase({ dataDir: join(dir, 'data') });
    await createTenant(db, { id: 'acme', name: 'Acme' });
    await db.close();
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('imports a report-format file into a tenant, and importing again stores nothing twice', async () => {
    const first = await runCli(
      ['import', NPS_TESTDATA, '--tenant', 'acme', '--data-dir', 'data', ...ARGS],
      dir,
    );
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe('imported 1,000 answers into tenant "acme": 1,000 new, 0 already there\n');
    expect(first.code).toBe(0);
    const again = await runCli(
      ['import', NPS_TESTDATA, '--tenant', 'acme', '--data-dir', 'data', ...ARGS],
      dir,
    );
    expect(again.stdout).toBe('imported 1,000 answers into tenant "acme": 0 new, 1,000 already there\n');

    const db = await openDatabase({ dataDir: join(dir, 'data') });
    try {
      const view = await buildAccountSummary(db, 'acme', 'Account C', {
        mode: 'pooled',
        months: 12,
        now: new Date('2012-12-31T23:00:00Z'),
      });
      const expected = nps(summarize('nps', accountC));
      expect(view.nps.n).toBe(accountC.length);
      expect(view.nps.value).toBe(expected.value);
      expect(view.responses.total).toBe(accountC.length);
    } finally {
      await db.close();
    }
  }, 180_000);

  it('refuses an unknown tenant and a missing --tenant as usage errors', async () => {
    const unknown = await runCli(
      ['import', NPS_TESTDATA, '--tenant', 'ghost', '--data-dir', 'data', ...ARGS],
      dir,
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no tenant "ghost"');
    const missing = await runCli(['import', NPS_TESTDATA, ...ARGS], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--tenant is required');
  }, 120_000);
});
