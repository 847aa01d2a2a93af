import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalQuantile } from '@cxkit/core';
import { runCli } from '../testing/capture-io.js';

const NPS_TESTDATA = fileURLToPath(new URL('../../../../data/nps-sample.csv', import.meta.url));
const MAP = ['--map', 'score=REC,account_id=Account,answered_at=date', '--metric', 'nps'];

interface CompareJson {
  metric: string;
  a: { n: number; value: number | null; file: string };
  b: { n: number; value: number | null };
  delta: number | null;
  se: number | null;
  interval: [number, number] | null;
  p: number | null;
  significant: boolean | null;
  reason?: string;
}

let dir: string;
const lines = readFileSync(NPS_TESTDATA, 'utf8').trim().split(/\r?\n/);
const header = lines[0] as string;
const dateCol = header.split(',').indexOf('"date"');
const recCol = header.split(',').indexOf('"REC"');
const firstHalf = lines.slice(1).filter((l) => Number(l.split(',')[dateCol]?.slice(5, 7)) <= 6);
const secondHalf = lines.slice(1).filter((l) => Number(l.split(',')[dateCol]?.slice(5, 7)) > 6);
const npsOf = (ls: string[]) => {
  const s = ls.map((l) => Number(l.split(',')[recCol]));
  return (100 * (s.filter((x) => x >= 9).length - s.filter((x) => x <= 6).length)) / s.length;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cxkit-compare-'));
  await writeFile(join(dir, 'h1.csv'), [header, ...firstHalf].join('\n'));
  await writeFile(join(dir, 'h2.csv'), [header, ...secondHalf].join('\n'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('cxkit compare', () => {
  it('gives the NPS change from A to B with its standard error, interval and p-value', async () => {
    const { code, stdout, stderr } = await runCli(['compare', 'h1.csv', 'h2.csv', ...MAP, '--json'], dir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as CompareJson;
    expect(doc.a.n).toBe(firstHalf.length);
    expect(doc.b.n).toBe(secondHalf.length);
    expect(doc.a.value).toBeCloseTo(npsOf(firstHalf), 10);
    expect(doc.delta).toBeCloseTo(npsOf(secondHalf) - npsOf(firstHalf), 10);
    // Adjusted-Wald change (core's npsChange): the interval holds the delta, is 2·z·se wide when the delta
    // lies inside the adjusted one, and is significant exactly when it excludes 0.
    const z = normalQuantile(0.975);
    const [lower, upper] = doc.interval ?? [NaN, NaN];
    expect(lower).toBeLessThanOrEqual(doc.delta ?? NaN);
    expect(upper).toBeGreaterThanOrEqual(doc.delta ?? NaN);
    expect(upper - lower).toBeGreaterThanOrEqual(2 * z * (doc.se ?? NaN) - 1e-8);
    expect(doc.p).toBeGreaterThan(0);
    expect(doc.p).toBeLessThanOrEqual(1);
    expect(doc.significant).toBe((doc.p ?? 1) < 0.05);
    expect(doc.significant).toBe(lower > 0 || upper < 0);

    const reversed = JSON.parse(
      (await runCli(['compare', 'h2.csv', 'h1.csv', ...MAP, '--json'], dir)).stdout,
    ) as CompareJson;
    expect(reversed.delta).toBeCloseTo(-(doc.delta ?? NaN), 10);
    expect(reversed.p).toBeCloseTo(doc.p ?? NaN, 12);
  });

  it('tests a CSAT change as a difference of top-box rates', async () => {
    const csv = (scores: number[]) =>
      ['account_id,metric,score,answered_at', ...scores.map((s) => `a,csat,${s},2026-01-01`)].join('\n');
    await writeFile(join(dir, 'ca.csv'), csv([5, 5, 4, 2, 1, 3, 5, 4]));
    await writeFile(join(dir, 'cb.csv'), csv([5, 4, 4, 4, 5, 5, 5, 2]));
    const doc = JSON.parse(
      (await runCli(['compare', 'ca.csv', 'cb.csv', '--metric', 'csat', '--json'], dir)).stdout,
    ) as CompareJson;
    expect(doc.a.value).toBe(62.5);
    expect(doc.b.value).toBe(87.5);
    expect(doc.delta).toBeCloseTo(25, 10);
    expect(doc.significant).toBe(false);
  });

  it('prints a readable table with the change line', async () => {
    const { code, stdout } = await runCli(['compare', 'h1.csv', 'h2.csv', ...MAP], dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^NPS change from A to B/);
    expect(stdout).toMatch(/^A\s+h1\.csv\s+\d+/m);
    expect(stdout).toMatch(/^B - A\s+[+-]?\d+\.\d\s+.*p = /m);
  });

  it('reports insufficient data when a file has no answers for the metric', async () => {
    await writeFile(join(dir, 'empty.csv'), `${header}\n`);
    const doc = JSON.parse(
      (await runCli(['compare', 'empty.csv', 'h2.csv', ...MAP, '--json'], dir)).stdout,
    ) as CompareJson;
    expect(doc).toMatchObject({ delta: null, se: null, interval: null, p: null, reason: expect.any(String) });
  });

  it('needs two files and exits 3 when one is missing', async () => {
    expect((await runCli(['compare', 'h1.csv', ...MAP], dir)).code).toBe(2);
    const missing = await runCli(['compare', 'h1.csv', 'nope.csv', ...MAP], dir);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('nope.csv: no such file');
  });
});
