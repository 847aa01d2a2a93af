import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseChurnModel, seededRandom, tuneChurnModel } from '@cxkit/core';
import { parse } from 'csv-parse/sync';
import { runCli } from '../testing/capture-io.js';

const TELCO = fileURLToPath(new URL('../../../../data/telco-customer-churn.csv', import.meta.url));
const baselines = (
  JSON.parse(readFileSync(new URL('../../../../data/stats-vectors.json', import.meta.url), 'utf8')) as {
    churnBaselines: { logisticRegressionAuc: number };
  }
).churnBaselines;

let dir: string;
let accounts: string;

/** 300 accounts whose churn depends on plan and seats, with blank seats and a quoted name. */
function accountsCsv(): string {
  const random = seededRandom(21);
  const lines = ['account,name,plan,seats,region,churned'];
  for (let i = 0; i < 300; i++) {
    const plan = random() < 0.5 ? 'monthly' : 'annual';
    const seats = random() < 0.05 ? '' : String(1 + Math.floor(random() * 40));
    const z = (plan === 'monthly' ? 0.8 : -1.2) - 0.05 * (seats === '' ? 20 : Number(seats));
    const churned = random() < 1 / (1 + Math.exp(-z)) ? 'yes' : 'no';
    lines.push(`A${i},"Acme, ${i}",${plan},${seats},${random() < 0.5 ? 'EMEA' : 'NAM'},${churned}`);
  }
  return `${lines.join('\n')}\n`;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cxkit-churn-'));
  accounts = join(dir, 'accounts.csv');
  await writeFile(accounts, accountsCsv());
});

interface Stat {
  mean: number;
  sd: number;
}

describe('cxkit churn evaluate', () => {
  it('reaches AUC 0.85 on the Telco file with the documented command', async () => {
    const r = await runCli(
      ['churn', 'evaluate', TELCO, '--label', 'Churn', '--id', 'customerID', '--positive', 'Yes', '--json'],
      dir,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown> & {
      auc: Stat;
      blanks: Record<string, number>;
    };
    expect(doc).toMatchObject({
      folds: 5,
      auc: { mean: expect.any(Number), sd: expect.any(Number) },
      brier: { mean: expect.any(Number), sd: expect.any(Number) },
      logLoss: { mean: expect.any(Number), sd: expect.any(Number) },
      accuracy: { mean: expect.any(Number), sd: expect.any(Number) },
      rows: 7043,
      events: 1869,
    });
    expect(doc.auc.mean).toBeGreaterThanOrEqual(0.85);
    expect(doc.auc.mean).toBeGreaterThan(baselines.logisticRegressionAuc);
    expect(doc.blanks).toEqual({ TotalCharges: 11 });
    expect((doc.columns as { numeric: string[] }).numeric).toEqual([
      'SeniorCitizen',
      'tenure',
      'MonthlyCharges',
      'TotalCharges',
    ]);
  }, 60_000);

  it('prints a table of mean and sd, with blanks and types counted', async () => {
    const r = await runCli(
      ['churn', 'evaluate', accounts, '--label', 'churned', '--id', 'account', '--folds', '3'],
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/3-fold stratified cross-validation \(seed 1\), label churned = yes/);
    expect(r.stdout).toMatch(
      /300 rows, \d+ churned \(\d+\.\d%\); 4 feature columns \(1 numeric, 3 categorical\); \d+ blank cells \(seats \d+\)/,
    );
    for (const metric of ['ROC AUC', 'Brier score', 'log loss', 'accuracy'])
      expect(r.stdout).toMatch(new RegExp(`^${metric}\\s+0\\.\\d{4}\\s+0\\.\\d{4}$`, 'm'));
  });

  it('honours --seed deterministically and type overrides', async () => {
    const args = [
      'churn',
      'evaluate',
      accounts,
      '--label',
      'churned',
      '--id',
      'account',
      '--json',
      '--ignore',
      'name',
    ];
    const a = JSON.parse((await runCli([...args, '--seed', '4'], dir)).stdout) as {
      auc: Stat;
      columns: unknown;
    };
    const b = JSON.parse((await runCli([...args, '--seed', '4'], dir)).stdout) as { auc: Stat };
    const c = JSON.parse((await runCli([...args, '--seed', '5'], dir)).stdout) as { auc: Stat };
    expect(b.auc).toEqual(a.auc);
    expect(c.auc).not.toEqual(a.auc);
    expect(a.columns).toEqual({ numeric: ['seats'], categorical: ['plan', 'region'] });
    const forced = JSON.parse((await runCli([...args, '--categorical', 'seats'], dir)).stdout) as {
      columns: unknown;
    };
    expect(forced.columns).toEqual({ numeric: [], categorical: ['plan', 'seats', 'region'] });
  });

  it('rejects usage errors with exit 2 and a missing file with exit 3', async () => {
    const noLabel = await runCli(['churn', 'evaluate', accounts], dir);
    expect(noLabel.code).toBe(2);
    expect(noLabel.stderr).toContain('--label COL is required');
    const badColumn = await runCli(['churn', 'evaluate', accounts, '--label', 'gone'], dir);
    expect(badColumn.code).toBe(2);
    expect(badColumn.stderr).toContain('--label "gone" is not a column');
    const badPositive = await runCli(
      ['churn', 'evaluate', accounts, '--label', 'churned', '--positive', 'Y'],
      dir,
    );
    expect(badPositive.code).toBe(2);
    expect((await runCli(['churn', 'evaluate', accounts, '--label', 'plan'], dir)).stderr).toContain(
      'pass --positive VALUE',
    );
    expect(
      (await runCli(['churn', 'evaluate', accounts, '--label', 'churned', '--folds', '1'], dir)).code,
    ).toBe(2);
    const missing = await runCli(['churn', 'evaluate', join(dir, 'nope.csv'), '--label', 'x'], dir);
    expect(missing.code).toBe(3);
    expect((await runCli(['churn', 'explode'], dir)).code).toBe(2);
  });
});

describe('cxkit churn train and predict', () => {
  it('trains a versioned model and scores a CSV with probability and drivers', async () => {
    const model = join(dir, 'model.json');
    const t = await runCli(
      ['churn', 'train', accounts, '--label', 'churned', '--id', 'account', '--out', model],
      dir,
    );
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/model written to .*model\.json/);
    const loaded = parseChurnModel(JSON.parse(await readFile(model, 'utf8')));
    expect(loaded).toMatchObject({
      version: 1,
      label: { column: 'churned', positive: 'yes' },
      horizonDays: 90,
    });
    expect(loaded.training.columns.map((c) => c.name)).toEqual(['name', 'plan', 'seats', 'region']);

    const p = await runCli(['churn', 'predict', model, accounts, '--id', 'account'], dir);
    expect(p.code).toBe(0);
    expect(p.stderr).toMatch(/^Scored 300 accounts; \d+ blank cells imputed \(seats \d+\)/);
    const rows = parse(p.stdout, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(['account', 'probability', 'driver_1', 'driver_2', 'driver_3']);
    expect(rows).toHaveLength(300);
    expect(rows[0]!.account).toBe('A0');
    for (const row of rows) {
      const prob = Number(row.probability);
      expect(prob).toBeGreaterThan(0);
      expect(prob).toBeLessThan(1);
    }
    const monthly = rows.find((_, i) => /,monthly,/.test(accountsCsv().split('\n')[i + 1]!))!;
    expect(Object.values(monthly).join(' ')).toMatch(/plan = monthly raises risk \(\+\d\.\d\d\)/);
  });

  it('trains what the server trains: penalty and model family tuned by held-out log loss, not a fixed default', async () => {
    // Churn unrelated to the columns: a fixed small penalty (the old default, 0.01) overfits the
    // noise; tuning picks a heavy one.
    const random = seededRandom(5);
    const lines = ['id,seats,usage,churned'];
    const rows: { accountId: string; features: Record<string, number>; label: 0 | 1 }[] = [];
    for (let i = 0; i < 240; i++) {
      const seats = 1 + Math.floor(random() * 50);
      const usage = Math.round(random() * 1000) / 10;
      const label = random() < 0.3 ? 1 : 0;
      lines.push(`${i},${seats},${usage},${label}`);
      rows.push({ accountId: String(i), features: { seats, usage }, label });
    }
    const file = join(dir, 'noise.csv');
    await writeFile(file, `${lines.join('\n')}\n`);
    const out = join(dir, 'noise.json');
    const t = await runCli(
      ['churn', 'train', file, '--label', 'churned', '--id', 'id', '--out', out, '--json'],
      dir,
    );
    expect(t.code).toBe(0);
    const doc = JSON.parse(t.stdout) as { chosen: { lambda: number; splineKnots: number; trees: boolean } };
    const model = parseChurnModel(JSON.parse(await readFile(out, 'utf8')));
    expect(model.training.lambda).toBe(doc.chosen.lambda);
    expect(doc.chosen.lambda).toBeGreaterThan(0.01);
    // The server's tuning (core tuneChurnModel, seed 1) on the same rows makes the same choice.
    const server = tuneChurnModel(
      rows,
      [
        { name: 'seats', type: 'numeric' },
        { name: 'usage', type: 'numeric' },
      ],
      { seed: 1 },
    );
    expect(doc.chosen).toEqual(server.chosen);
    expect(
      (await runCli(['churn', 'train', file, '--label', 'churned', '--id', 'id', '--out', out], dir)).stdout,
    ).toMatch(/penalty \d+(\.\d+)?, (linear|\d spline knots).*\(tuned by held-out log loss\)/);
  });

  it('warns when the history has fewer than 30 churn events', async () => {
    const few = join(dir, 'few.csv');
    const lines = [
      'id,seats,churned',
      ...Array.from({ length: 60 }, (_, i) => `${i},${i % 17},${i < 10 ? 1 : 0}`),
    ];
    await writeFile(few, `${lines.join('\n')}\n`);
    const t = await runCli(
      ['churn', 'train', few, '--label', 'churned', '--id', 'id', '--out', join(dir, 'few.json'), '--json'],
      dir,
    );
    expect(t.code).toBe(0);
    expect(t.stderr).toContain('only 10 churn events (fewer than 30)');
    expect(JSON.parse(t.stdout)).toMatchObject({ rows: 60, events: 10, positive: '1' });
  });

  it('refuses an invalid model file with exit 1 naming the field', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ format: 'cxkit-churn-model', version: 1, horizonDays: 0 }));
    const r = await runCli(['churn', 'predict', bad, accounts], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('parseChurnModel/invalid');
  });
});
