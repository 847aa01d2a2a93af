import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/capture-io.js';

const NPS_TESTDATA = fileURLToPath(new URL('../../../../data/nps-sample.csv', import.meta.url));
const MAP = ['--map', 'score=REC,account_id=Account,answered_at=date', '--metric', 'nps'];

/** The NPS sample (data/nps-sample.csv), parsed here independently of cxkit (no quoted commas in it). */
const testdata = readFileSync(NPS_TESTDATA, 'utf8')
  .trim()
  .split(/\r?\n/)
  .map((line) => line.split(',').map((v) => v.replace(/^"|"$/g, '')));
const header = testdata[0] as string[];
const rows = testdata.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));

/** Independent NPS bands of a list of 0-10 scores. */
const bands = (scores: number[]) => {
  const detractors = scores.filter((s) => s <= 6).length;
  const promoters = scores.filter((s) => s >= 9).length;
  return { n: scores.length, detractors, passives: scores.length - detractors - promoters, promoters };
};

interface GroupJson {
  by: Record<string, string>;
  n: number;
  value: number | null;
  interval: [number, number] | null;
  smallSample: boolean;
  counts: Record<string, number>;
  reason?: string;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cxkit-report-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('cxkit report on the NPS sample', () => {
  it('reports NPS by Region matching an independent count of the file', async () => {
    const { code, stdout, stderr } = await runCli(
      ['report', NPS_TESTDATA, ...MAP, '--by', 'Region', '--json'],
      dir,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as {
      metric: string;
      groups: GroupJson[];
      total: GroupJson;
      rows: { read: number };
    };
    expect(doc.metric).toBe('nps');
    expect(doc.rows.read).toBe(rows.length);
    const regions = [...new Set(rows.map((r) => r.Region as string))].sort();
    expect(doc.groups.map((g) => g.by.Region)).toEqual(regions);
    for (const g of doc.groups) {
      const b = bands(rows.filter((r) => r.Region === g.by.Region).map((r) => Number(r.REC)));
      expect(g.n).toBe(b.n);
      expect(g.counts).toMatchObject({
        detractors: b.detractors,
        passives: b.passives,
        promoters: b.promoters,
      });
      expect(g.value).toBeCloseTo((100 * (b.promoters - b.detractors)) / b.n, 10);
      expect(g.interval?.[0]).toBeLessThan(g.value ?? NaN);
      expect(g.interval?.[1]).toBeGreaterThan(g.value ?? NaN);
      expect(g.smallSample).toBe(b.n < 30);
    }
    const all = bands(rows.map((r) => Number(r.REC)));
    expect(doc.total.n).toBe(all.n);
    expect(doc.total.value).toBeCloseTo((100 * (all.promoters - all.detractors)) / all.n, 10);
  });

  it('groups by a mapped column and by quarter, in order', async () => {
    const { code, stdout } = await runCli(
      ['report', NPS_TESTDATA, ...MAP, '--by', 'Account', '--period', 'quarter', '--json'],
      dir,
    );
    expect(code).toBe(0);
    const groups = (JSON.parse(stdout) as { groups: GroupJson[] }).groups;
    const quarter = (d: string) => `${d.slice(0, 4)}-Q${Math.ceil(Number(d.slice(5, 7)) / 3)}`;
    const expected = [...new Set(rows.map((r) => `${r.Account}|${quarter(r.date as string)}`))].sort();
    expect(groups.map((g) => `${g.by.Account}|${g.by.period}`)).toEqual(expected);
    const first = groups[0] as GroupJson;
    const scores = rows
      .filter((r) => r.Account === first.by.Account && quarter(r.date as string) === first.by.period)
      .map((r) => Number(r.REC));
    expect(first.n).toBe(scores.length);
    expect(first.smallSample).toBe(true);
  });

  it('prints an aligned table with a total row', async () => {
    const { code, stdout } = await runCli(['report', NPS_TESTDATA, ...MAP, '--by', 'Region'], dir);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    const table = lines.slice(2, lines.indexOf('', 2));
    expect(table[0]).toMatch(/^Region\s+n\s+NPS\s+95% CI\s+Detractors\s+Passives\s+Promoters/);
    // Right-aligned last column: every line of the table has the same width.
    expect(new Set(table.map((l) => l.length)).size).toBe(1);
    expect(table.at(-1)).toMatch(new RegExp(`^Total\\s+${rows.length.toLocaleString('en-US')}\\s`));
    expect(stdout).toContain(`${rows.length.toLocaleString('en-US')} rows read`);
  });

  it('gives the same groups from JSON Lines as from CSV', async () => {
    const jsonl = join(dir, 'nps.jsonl');
    await writeFile(jsonl, rows.map((r) => JSON.stringify({ ...r, REC: Number(r.REC) })).join('\n') + '\n');
    const fromCsv = await runCli(['report', NPS_TESTDATA, ...MAP, '--by', 'Region,BU', '--json'], dir);
    const fromJsonl = await runCli(['report', jsonl, ...MAP, '--by', 'Region,BU', '--json'], dir);
    expect(fromJsonl.code).toBe(0);
    expect((JSON.parse(fromJsonl.stdout) as { groups: unknown }).groups).toEqual(
      (JSON.parse(fromCsv.stdout) as { groups: unknown }).groups,
    );
  });

  it('gives the same groups from Parquet (the same sample written by DuckDB) as from CSV', async () => {
    const parquet = fileURLToPath(new URL('../../../../data/nps-sample.parquet', import.meta.url));
    const fromCsv = await runCli(
      ['report', NPS_TESTDATA, ...MAP, '--by', 'Region,BU', '--period', 'month', '--json'],
      dir,
    );
    const fromParquet = await runCli(
      ['report', parquet, ...MAP, '--by', 'Region,BU', '--period', 'month', '--json'],
      dir,
    );
    expect(fromParquet.stderr).toBe('');
    expect(fromParquet.code).toBe(0);
    const groups = (out: string) => (JSON.parse(out) as { groups: GroupJson[] }).groups;
    expect(groups(fromParquet.stdout)).toEqual(groups(fromCsv.stdout));
    expect(groups(fromParquet.stdout).length).toBeGreaterThan(100);
  });

  it('narrows the interval at a lower --level and switches method with --interval', async () => {
    const at = async (...extra: string[]) =>
      (
        JSON.parse((await runCli(['report', NPS_TESTDATA, ...MAP, '--json', ...extra], dir)).stdout) as {
          total: GroupJson;
        }
      ).total.interval as [number, number];
    const [lo95, hi95] = await at();
    const [lo80, hi80] = await at('--level', '0.8');
    expect(hi80 - lo80).toBeLessThan(hi95 - lo95);
    // Each answer independent: the interval method decides the interval.
    const adjusted = await at('--cluster', 'none');
    const wald = await at('--cluster', 'none', '--interval', 'wald');
    expect(wald).not.toEqual(adjusted);
  });
});

describe('cxkit report with repeated answers per account', () => {
  // a: 10 10 10 0 (y = 3 - 1 = 2 of 4), b: 9 3 (y = 0 of 2), c: 7 (y = 0 of 1); NPS = 2/7 = 28.6.
  const csv = [
    'account_id,respondent_id,metric,score,answered_at',
    ...[
      ['a', 10],
      ['a', 10],
      ['a', 10],
      ['a', 0],
      ['b', 9],
      ['b', 3],
      ['c', 7],
    ].map(([a, s], i) => `${a},p${i},nps,${s},2026-01-0${(i % 9) + 1}T10:00:00Z`),
  ].join('\n');

  it('gives the pooled NPS a cluster-robust interval by account, and says so', async () => {
    await writeFile(join(dir, 'clustered.csv'), csv);
    const { code, stdout } = await runCli(['report', 'clustered.csv', '--metric', 'nps', '--json'], dir);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as {
      clusteredBy: string | null;
      total: GroupJson & Record<string, unknown>;
    };
    expect(doc.clusteredBy).toBe('account_id');
    expect(doc.total.value).toBeCloseTo((200 / 7) as number, 6);
    expect(doc.total.intervalMethod).toBe('cluster-robust');
    // CR1 by hand: R = 2/7, residuals y - R n = 6/7, -4/7, -2/7; var = 3/2 * (56/49) / 7^2;
    // half-width t(0.975, 2 df) = 4.302653 times 100 * sqrt(var); the upper end clipped at 100.
    const half = 4.302653 * 100 * Math.sqrt((1.5 * (56 / 49)) / 49);
    expect(doc.total.interval?.[0]).toBeCloseTo(200 / 7 - half, 3);
    expect(doc.total.interval?.[1]).toBe(100);
    expect(doc.total.clusters).toMatchObject({ accounts: 3 });
    const text = await runCli(['report', 'clustered.csv', '--metric', 'nps'], dir);
    expect(text.stdout.split('\n')[0]).toBe('NPS · clustered.csv · 95% cluster-robust interval (by account)');
  });

  it('keeps the single-sample interval with --cluster none, and per account', async () => {
    await writeFile(join(dir, 'clustered.csv'), csv);
    const none = JSON.parse(
      (await runCli(['report', 'clustered.csv', '--metric', 'nps', '--json', '--cluster', 'none'], dir))
        .stdout,
    ) as { clusteredBy: string | null; total: GroupJson & Record<string, unknown> };
    expect(none.clusteredBy).toBeNull();
    expect(none.total.intervalMethod).toBe('adjusted-wald');
    // Adjusted Wald by hand: 4.75 promoters, 2.75 detractors of 10.
    const nps = 0.475 - 0.275;
    const half = 1.959964 * Math.sqrt((0.475 + 0.275 - nps * nps) / 10);
    expect(none.total.interval?.[0]).toBeCloseTo((nps - half) * 100, 3);
    const byAccount = await runCli(['report', 'clustered.csv', '--metric', 'nps', '--by', 'account_id'], dir);
    expect(byAccount.stdout.split('\n')[0]).toContain('95% adjusted Wald interval');
  });
});

describe('cxkit report on an NPS row with another scale', () => {
  it('rejects that row, naming line, column and rule, and reports the others', async () => {
    const csv = [
      'account_id,respondent_id,metric,score,answered_at,scale_min,scale_max',
      'a,p1,nps,9,2026-01-05T10:00:00Z,0,10',
      'a,p2,nps,8,2026-01-06T10:00:00Z,1,10',
      'a,p3,nps,3,2026-01-07T10:00:00Z,,',
    ].join('\n');
    await writeFile(join(dir, 'scale.csv'), csv);
    const { code, stdout, stderr } = await runCli(['report', 'scale.csv', '--metric', 'nps', '--json'], dir);
    expect(code).toBe(1);
    expect(stderr).toContain('scale.csv:3: column "scale_min": NPS is asked on 0-10, not 1-10 [nps-scale]');
    const doc = JSON.parse(stdout) as { rows: Record<string, unknown> };
    expect(doc.rows).toMatchObject({ read: 3, used: 2, rejected: 1 });
  });
});

describe('cxkit report input problems', () => {
  const CSV = [
    'account_id,respondent_id,role,metric,score,answered_at,region',
    'a,p1,buyer,csat,5,2026-01-05,EMEA',
    'a,p2,user,csat,6,2026-01-05,EMEA',
    'b,p3,buyer,csat,4,2026-01-32,NAM',
    'b,p4,buyer,csat,2,2026-02-01,NAM',
    'b,p5,buyer,csat,,2026-02-01,NAM',
    'b,p6,buyer,nps,9,2026-02-01,NAM',
  ].join('\n');

  it('reports the valid rows, names each bad one on stderr and exits 1', async () => {
    await writeFile(join(dir, 'bad.csv'), CSV);
    const { code, stdout, stderr } = await runCli(
      ['report', 'bad.csv', '--metric', 'csat', '--by', 'region', '--json'],
      dir,
    );
    expect(code).toBe(1);
    expect(stderr).toContain('bad.csv:3: column "score": 6 is not on the csat scale 1-5 [out-of-scale]');
    expect(stderr).toContain('bad.csv:4: column "answered_at": "2026-01-32" must be an ISO 8601 date');
    expect(stderr).toContain('bad.csv: rejected 2 of 6 rows (out-of-scale 1, invalid-date 1)');
    const doc = JSON.parse(stdout) as {
      groups: GroupJson[];
      rows: Record<string, unknown>;
      issues: unknown[];
    };
    expect(doc.rows).toEqual({ read: 6, used: 3, rejected: 2, otherMetrics: { nps: 1 } });
    expect(doc.issues).toHaveLength(2);
    expect(doc.groups).toEqual([
      {
        by: { region: 'EMEA' },
        n: 1,
        value: 100,
        interval: expect.any(Array),
        intervalMethod: 'wilson',
        smallSample: true,
        counts: expect.objectContaining({ positive: 1, total: 1 }),
      },
      {
        by: { region: 'NAM' },
        n: 1,
        value: 0,
        interval: expect.any(Array),
        intervalMethod: 'wilson',
        smallSample: true,
        counts: expect.objectContaining({ positive: 0, total: 1, skipped: 1 }),
      },
    ]);
  });

  it('stops at the first bad row with --strict and prints no report', async () => {
    await writeFile(join(dir, 'bad.csv'), CSV);
    const { code, stdout, stderr } = await runCli(['report', 'bad.csv', '--metric', 'csat', '--strict'], dir);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe(
      'cxkit report: bad.csv:3: column "score": 6 is not on the csat scale 1-5 [out-of-scale]',
    );
  });

  it('says "insufficient data" with a reason instead of a number', async () => {
    await writeFile(
      join(dir, 'skipped.csv'),
      'account_id,metric,score,answered_at\na,nps,,2026-01-01\na,nps,cant-recommend,2026-01-01\n',
    );
    const { code, stdout } = await runCli(['report', 'skipped.csv', '--metric', 'nps', '--json'], dir);
    expect(code).toBe(0);
    const total = (JSON.parse(stdout) as { total: GroupJson }).total;
    expect(total).toMatchObject({ n: 0, value: null, interval: null, reason: expect.any(String) });
    expect(total.counts).toMatchObject({ cantRecommend: 1, skipped: 1 });
    const table = await runCli(['report', 'skipped.csv', '--metric', 'nps'], dir);
    expect(table.stdout).toMatch(/—.*no scored answers/);
  });

  it('reports CSAT as a top-box share by default and as a mean ratio with --variant', async () => {
    await writeFile(
      join(dir, 'csat.csv'),
      'account_id,metric,score,answered_at\na,csat,5,2026-01-01\na,csat,4,2026-01-01\nb,csat,3,2026-01-01\nb,csat,1,2026-01-01\n',
    );
    const total = async (...extra: string[]) =>
      (
        JSON.parse(
          (await runCli(['report', 'csat.csv', '--metric', 'csat', '--json', ...extra], dir)).stdout,
        ) as { total: GroupJson }
      ).total;
    expect((await total()).value).toBe(50);
    expect((await total()).counts).toMatchObject({ positive: 2, total: 4, topBox: 4 });
    expect((await total('--variant', 'mean-ratio')).value).toBeCloseTo(((5 + 4 + 3 + 1) / 4 / 5) * 100, 12);
  });

  it('reverses a higher-is-worse effort scale with --polarity so higher is better', async () => {
    await writeFile(
      join(dir, 'effort.csv'),
      'account_id,metric,score,answered_at,scale_min,scale_max\na,ces,2,2026-01-01,1,10\na,ces,3,2026-01-01,1,10\n',
    );
    const run = async (...extra: string[]) =>
      JSON.parse(
        (await runCli(['report', 'effort.csv', '--metric', 'ces', '--json', ...extra], dir)).stdout,
      ) as {
        total: GroupJson;
        scale: Record<string, unknown>;
      };
    expect((await run()).total.value).toBe(2.5);
    const reversed = await run('--polarity', 'higher-is-worse');
    // min + max - x: 2 -> 9, 3 -> 8.
    expect(reversed.total.value).toBe(8.5);
    expect(reversed.scale).toEqual({ min: 1, max: 10, polarity: 'higher-is-worse' });
  });

  it('reports CES with a per-score histogram', async () => {
    await writeFile(
      join(dir, 'ces.csv'),
      'account_id,metric,score,answered_at\na,ces,7,2026-01-01\na,ces,5,2026-01-01\nb,ces,7,2026-01-01\n',
    );
    const { stdout } = await runCli(['report', 'ces.csv', '--metric', 'ces', '--json'], dir);
    const total = (JSON.parse(stdout) as { total: GroupJson }).total;
    expect(total.value).toBeCloseTo(19 / 3, 12);
    expect(total.counts).toMatchObject({ histogram: { 1: 0, 5: 1, 7: 2 }, skipped: 0 });
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--metric', 'nps', '--level', '1.5'], /--level must be a number strictly between 0 and 1/],
    [['--metric', 'nps', '--level', '0'], /--level must be/],
    [['--metric', 'xyz'], /--metric must be one of nps, csat, ces, c2es/],
    [[], /--metric is required/],
    [['--metric', 'csat', '--interval', 'wald'], /--interval applies to nps only/],
    [['--metric', 'nps', '--variant', 'mean-ratio'], /--variant applies to csat only/],
    [['--metric', 'nps', '--polarity', 'higher-is-worse'], /--polarity does not apply to nps/],
    [['--metric', 'ces', '--polarity', 'lower'], /--polarity must be higher-is-better or higher-is-worse/],
    [['--metric', 'csat', '--variant', 'median'], /--variant must be top-box or mean-ratio/],
    [['--metric', 'nps', '--by', 'score'], /cannot group by the score field/],
    [['--metric', 'nps', '--map', 'scroe=REC'], /--map "scroe=REC": FIELD must be one of/],
    [
      ['--metric', 'nps', '--by', 'Regoin', '--map', 'score=REC,account_id=Account,answered_at=date'],
      /has no column "Regoin"/,
    ],
  ])('exits 2 on a usage error: %j', async (args, message) => {
    const { code, stdout, stderr } = await runCli(['report', NPS_TESTDATA, ...args], dir);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).toContain('cxkit report --help');
  });

  it('exits 3 when the file does not exist', async () => {
    const { code, stderr } = await runCli(['report', 'missing.csv', '--metric', 'nps'], dir);
    expect(code).toBe(3);
    expect(stderr).toBe('cxkit report: missing.csv: no such file\n');
  });

  it('exits 1 when the header lacks a required field, naming it', async () => {
    const { code, stderr } = await runCli(['report', NPS_TESTDATA, '--metric', 'nps'], dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(/nps-sample\.csv:1: no "account_id" column; map one with --map account_id=COLUMN/);
  });

  it('prints its help', async () => {
    const { code, stdout } = await runCli(['report', '--help'], dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: cxkit report FILE --metric/);
    expect(stdout).toContain('Exit codes:');
  });
});
