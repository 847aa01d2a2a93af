import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('./bin.ts', import.meta.url));
const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const NPS_TESTDATA = fileURLToPath(new URL('../../../data/nps-sample.csv', import.meta.url));

/** Runs the real `cxkit` executable in a child process (on the TS sources, as `pnpm cxkit` does). */
const cxkit = async (args: string[]) => {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', BIN, ...args],
      {
        cwd: PACKAGE,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

describe('the cxkit bin', () => {
  it('reports the NPS sample by region as a process and exits 0', async () => {
    const { code, stdout } = await cxkit([
      'report',
      NPS_TESTDATA,
      '--map',
      'score=REC,account_id=Account,answered_at=date',
      '--metric',
      'nps',
      '--by',
      'Region',
      '--json',
    ]);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as { groups: { by: { Region: string }; n: number }[] };
    const lines = readFileSync(NPS_TESTDATA, 'utf8').trim().split(/\r?\n/);
    const col = (lines[0] ?? '').split(',').indexOf('"Region"');
    const regions = [...new Set(lines.slice(1).map((l) => l.split(',')[col]?.replace(/"/g, '')))].sort();
    expect(doc.groups.map((g) => g.by.Region)).toEqual(regions);
    expect(doc.groups.reduce((s, g) => s + g.n, 0)).toBe(lines.length - 1);
  });

  it('sets the process exit code: 2 for a usage error, with the message on stderr', async () => {
    const { code, stdout, stderr } = await cxkit(['report', NPS_TESTDATA, '--metric', 'nps', '--nope']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/Unknown option '--nope'/);
  });

  it('lists the commands with --help and rejects an unknown command', async () => {
    const help = await cxkit(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/report\s+KPI table/);
    expect(help.stdout).toMatch(/compare\s+change of a KPI/);
    const unknown = await cxkit(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });

  it('ends quietly with exit 0 when its reader closes stdout early (cxkit report ... | head)', async () => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        'tsx',
        BIN,
        'report',
        NPS_TESTDATA,
        '--map',
        'score=REC,account_id=Account,answered_at=date',
        '--metric',
        'nps',
        '--by',
        'Account,Region',
        '--period',
        'month',
      ],
      { cwd: PACKAGE, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.destroy(); // the reader is gone before the first line
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'close')) as [number | null];
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
