import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '@cxkit/core';
import { runCli } from '../testing/capture-io.js';

interface Stat {
  mean: number;
  sd: number;
}

/** 600 accounts drawn from a logistic model in seats and plan: a correctly specified model should be calibrated. */
async function accountsFile(): Promise<string> {
  const random = seededRandom(7);
  const lines = ['account,plan,seats,churned'];
  for (let i = 0; i < 600; i++) {
    const plan = random() < 0.5 ? 'monthly' : 'annual';
    const seats = 1 + Math.floor(random() * 40);
    const z = (plan === 'monthly' ? 0.5 : -1) - 0.04 * seats;
    lines.push(`A${i},${plan},${seats},${random() < 1 / (1 + Math.exp(-z)) ? 1 : 0}`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'cxkit-churn-cal-'));
  const file = join(dir, 'accounts.csv');
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

describe('cxkit churn evaluate: calibration', () => {
  it('prints the held-out calibration slope, intercept and expected calibration error', async () => {
    const file = await accountsFile();
    const json = await runCli(
      ['churn', 'evaluate', file, '--label', 'churned', '--id', 'account', '--json'],
      tmpdir(),
    );
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout) as {
      calibration: { slope: Stat; intercept: Stat; ece: Stat };
      perFold: { calibrationSlope: number; ece: number }[];
    };
    // Held out, on data the model family fits, the slope is near 1 and the intercept near 0.
    expect(doc.calibration.slope.mean).toBeGreaterThan(0.6);
    expect(doc.calibration.slope.mean).toBeLessThan(1.6);
    expect(Math.abs(doc.calibration.intercept.mean)).toBeLessThan(0.4);
    expect(doc.calibration.ece.mean).toBeGreaterThan(0);
    expect(doc.calibration.ece.mean).toBeLessThan(0.15);
    expect(doc.perFold).toHaveLength(5);
    expect(doc.perFold.every((f) => Number.isFinite(f.calibrationSlope))).toBe(true);

    const table = await runCli(
      ['churn', 'evaluate', file, '--label', 'churned', '--id', 'account'],
      tmpdir(),
    );
    expect(table.code).toBe(0);
    for (const row of [
      'calibration slope (1 = ideal)',
      'calibration intercept (0 = ideal)',
      'expected calibration error',
    ])
      expect(table.stdout).toContain(row);
  });

  it('with --tuned, evaluates the tuned pipeline train ships and still prints its calibration', async () => {
    const file = await accountsFile();
    const args = [
      'churn',
      'evaluate',
      file,
      '--label',
      'churned',
      '--id',
      'account',
      '--folds',
      '3',
      '--json',
    ];
    const fixed = JSON.parse((await runCli(args, tmpdir())).stdout) as {
      calibration: { ece: Stat };
      auc: Stat;
    };
    const r = await runCli([...args, '--tuned'], tmpdir());
    expect(r.code).toBe(0);
    const tuned = JSON.parse(r.stdout) as {
      calibration: { slope: Stat; intercept: Stat; ece: Stat };
      auc: Stat;
    };
    // A different pipeline (the default splines + trees at penalty 0.01 is not among the candidates' choice here).
    expect(tuned.auc.mean).not.toBe(fixed.auc.mean);
    expect(tuned.calibration.slope.mean).toBeGreaterThan(0.6);
    expect(tuned.calibration.slope.mean).toBeLessThan(1.6);
    expect(Math.abs(tuned.calibration.intercept.mean)).toBeLessThan(0.4);
    expect(tuned.calibration.ece.mean).toBeLessThan(0.15);
  });
});
