import { describe, expect, it } from 'vitest';
import {
  ChurnDriverViewSchema,
  parseChurnModel,
  predictChurn,
  seededRandom,
  sigmoid,
  trainChurnModel,
  type ChurnTrainingData,
  type FeatureRow,
} from '@cxkit/core';

/** Accounts whose churn depends on contract type, tenure and seats, plus a noise column. */
function synthetic(n: number, seed: number): ChurnTrainingData {
  const random = seededRandom(seed);
  const contracts = ['monthly', 'yearly', 'two-year'];
  const rows: FeatureRow[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const contract = contracts[Math.floor(random() * 3)]!;
    const tenure = Math.floor(random() * 72);
    const seats = random() < 0.05 ? '' : String(1 + Math.floor(random() * 50));
    const noise = random();
    const z = (contract === 'monthly' ? 1.2 : contract === 'yearly' ? -0.5 : -1.5) - 0.04 * tenure + 0.5;
    rows.push({ contract, tenure, seats, noise });
    labels.push(random() < sigmoid(z) ? 1 : 0);
  }
  return {
    rows,
    labels,
    columns: [
      { name: 'contract', type: 'categorical' },
      { name: 'tenure', type: 'numeric' },
      { name: 'seats', type: 'numeric' },
      { name: 'noise', type: 'numeric' },
    ],
  };
}

describe('trainChurnModel', { timeout: 30_000 }, () => {
  const data = synthetic(1500, 11);

  it('is deterministic for a seed', () => {
    const a = trainChurnModel(data, { seed: 5 });
    const b = trainChurnModel(data, { seed: 5 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('round-trips through JSON and validation', () => {
    const model = trainChurnModel(data, { seed: 5, label: { column: 'churned', positive: '1' } });
    const loaded = parseChurnModel(JSON.parse(JSON.stringify(model)));
    expect(predictChurn(loaded, data.rows.slice(0, 20))).toEqual(predictChurn(model, data.rows.slice(0, 20)));
    expect(loaded.training.events).toBe(Array.from(data.labels).reduce((a, b) => a + b, 0));
  });

  it('rejects other versions and malformed models naming the field', () => {
    const model = trainChurnModel(data, { seed: 5, boosting: false });
    expect(() => parseChurnModel({ ...model, version: 2 })).toThrow(
      expect.objectContaining({ code: 'parseChurnModel/unsupported-version' }),
    );
    expect(() => parseChurnModel({ ...model, coefficients: model.coefficients.slice(1) })).toThrow(
      /coefficients/,
    );
    expect(() => parseChurnModel({ ...model, calibration: { method: 'magic' } })).toThrow(/calibration/);
  });

  it('explains predictions: signed drivers in plain words that add up to the log-odds', () => {
    const model = trainChurnModel(data, { seed: 5 });
    const [monthly, twoYear] = predictChurn(
      model,
      [
        { contract: 'monthly', tenure: 1, seats: '10', noise: 0.5 },
        { contract: 'two-year', tenure: 70, seats: '10', noise: 0.5 },
      ],
      { topDrivers: 10 },
    );
    expect(monthly!.probability).toBeGreaterThan(0.5);
    expect(twoYear!.probability).toBeLessThan(0.1);
    const contract = monthly!.drivers.find((d) => d.feature === 'contract')!;
    expect(contract.contribution).toBeGreaterThan(0);
    expect(contract.text).toMatch(/^contract = monthly raises risk \(\+\d\.\d\d\)$/);
    const tenure = twoYear!.drivers.find((d) => d.feature === 'tenure')!;
    expect(tenure.text).toMatch(/^tenure 70 \(high\) lowers risk \(\u2212\d\.\d\d\)$/);
    for (const p of [monthly!, twoYear!]) {
      const sum = p.drivers.reduce((a, d) => a + d.contribution, 0);
      expect(p.baseline + sum).toBeCloseTo(p.logit, 8);
      for (const d of p.drivers) expect(ChurnDriverViewSchema.parse(d)).toEqual(d);
    }
  });

  it('handles blanks at prediction time and words them', () => {
    const model = trainChurnModel(data, { seed: 5 });
    const [p] = predictChurn(model, [{ contract: 'monthly', tenure: 5, seats: '', noise: 0.2 }], {
      topDrivers: 10,
    });
    expect(p!.probability).toBeGreaterThan(0);
    expect(p!.drivers.find((d) => d.feature === 'seats')?.text).toMatch(
      /^seats unknown (raises|lowers) risk/,
    );
  });

  it('names the columns with their display labels when given', () => {
    const model = trainChurnModel(data, { seed: 5 });
    const [p] = predictChurn(model, [{ contract: 'monthly', tenure: 5, seats: '', noise: 0.2 }], {
      topDrivers: 10,
      columnLabels: { contract: 'Contract type', seats: 'Licensed seats' },
    });
    const text = (f: string) => p!.drivers.find((d) => d.feature === f)?.text;
    expect(text('contract')).toMatch(/^Contract type = monthly (raises|lowers) risk/);
    expect(text('seats')).toMatch(/^Licensed seats unknown (raises|lowers) risk/);
    expect(text('tenure')).toMatch(/^tenure 5 \(low\) (raises|lowers) risk/);
  });

  it('shows values rounded for reading: three significant digits, whole from 100 up', () => {
    const model = trainChurnModel(data, { seed: 5 });
    const [p] = predictChurn(
      model,
      [{ contract: 'monthly', tenure: 1234.56, seats: '10', noise: 0.8333333 }],
      {
        topDrivers: 10,
      },
    );
    const text = (f: string) => p!.drivers.find((d) => d.feature === f)?.text;
    expect(text('noise')).toMatch(/^noise 0\.833 (\((low|high)\) )?(raises|lowers) risk/);
    expect(text('tenure')).toMatch(/^tenure 1235 \(high\) (raises|lowers) risk/);
  });

  it('rejects a single class and mismatched labels', () => {
    expect(() => trainChurnModel({ ...data, labels: data.rows.map(() => 0) })).toThrow(
      expect.objectContaining({ code: 'trainChurnModel/one-class' }),
    );
    expect(() => trainChurnModel({ ...data, labels: [1, 0] })).toThrow(
      expect.objectContaining({ code: 'trainChurnModel/length-mismatch' }),
    );
  });
});
