import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  evaluateChurnModel,
  inferColumnTypes,
  predictChurn,
  rocAuc,
  seededRandom,
  trainChurnModel,
  type FeatureRow,
} from '@cxkit/core';

const TELCO = new URL('../../../data/telco-customer-churn.csv', import.meta.url);
const vectors = JSON.parse(
  readFileSync(new URL('../../../data/stats-vectors.json', import.meta.url), 'utf8'),
) as {
  churnBaselines: {
    logisticRegressionAuc: number;
    gradientBoostingAuc: number;
    majorityClassAccuracy: number;
  };
};

/** The Telco file has no quoted fields, so a plain split reads it exactly (checked below). */
function readTelco(): Record<string, string>[] {
  const text = readFileSync(TELCO, 'utf8');
  expect(text).not.toContain('"');
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const names = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i]!, v])));
}

describe('evaluateChurnModel', { timeout: 30_000 }, () => {
  it('reaches a 5-fold stratified AUC of 0.85 on the Telco churn data, above the R baselines', () => {
    const records = readTelco();
    expect(records).toHaveLength(7043);
    const labels = records.map((r) => (r.Churn === 'Yes' ? 1 : 0));
    const names = Object.keys(records[0]!).filter((c) => c !== 'Churn' && c !== 'customerID');
    const columns = inferColumnTypes(records, names);
    expect(columns.find((c) => c.name === 'TotalCharges')?.type).toBe('numeric'); // despite 11 blanks
    const e = evaluateChurnModel({ rows: records, labels, columns }, { folds: 5, seed: 1 });
    expect(e.folds).toBe(5);
    expect(e.perFold).toHaveLength(5);
    expect(e.perFold.reduce((a, f) => a + f.rows, 0)).toBe(records.length);
    expect(e.auc.mean).toBeGreaterThanOrEqual(0.85);
    expect(e.auc.mean).toBeGreaterThan(vectors.churnBaselines.gradientBoostingAuc);
    expect(e.accuracy.mean).toBeGreaterThan(vectors.churnBaselines.majorityClassAccuracy);
    // calibrated: better than always predicting the base rate (Brier 0.265 x 0.735 = 0.195)
    expect(e.brier.mean).toBeLessThan(0.14);
    expect(e.logLoss.mean).toBeLessThan(0.43);
    expect(e.auc.sd).toBeGreaterThan(0);
  }, 60_000);

  it('does not leak: on pure noise the held-out AUC stays near 0.5 although the model can memorise its training rows', () => {
    const random = seededRandom(9);
    const rows: FeatureRow[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 240; i++) {
      const row: Record<string, number | string> = { segment: `s${Math.floor(random() * 40)}` };
      for (let j = 0; j < 30; j++) row[`x${j}`] = random();
      rows.push(row);
      labels.push(random() < 0.4 ? 1 : 0);
    }
    const columns = inferColumnTypes(rows, Object.keys(rows[0]!));
    const e = evaluateChurnModel({ rows, labels, columns }, { folds: 4, seed: 3, minLevelCount: 1 });
    expect(Math.abs(e.auc.mean - 0.5)).toBeLessThan(0.08);
    // the same pipeline scored on rows it was trained on looks far better: that is what a leak would report
    const model = trainChurnModel(
      { rows, labels, columns },
      { seed: 3, minLevelCount: 1, calibration: 'none' },
    );
    const inSample = predictChurn(model, rows, { topDrivers: 0 }).map((p) => p.probability);
    expect(rocAuc(inSample, labels)).toBeGreaterThan(0.75);
  });

  it('gives identical results for the same seed', () => {
    const random = seededRandom(4);
    const rows: FeatureRow[] = Array.from({ length: 200 }, () => ({
      a: random(),
      b: random() < 0.5 ? 'x' : 'y',
    }));
    const labels = rows.map((r) => (random() < (r.b === 'x' ? 0.6 : 0.2) ? 1 : 0));
    const columns = inferColumnTypes(rows, ['a', 'b']);
    const one = evaluateChurnModel({ rows, labels, columns }, { seed: 8 });
    expect(evaluateChurnModel({ rows, labels, columns }, { seed: 8 })).toEqual(one);
  });
});
