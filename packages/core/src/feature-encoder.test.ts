import { describe, expect, it } from 'vitest';
import {
  BLANK_LEVEL,
  OTHER_LEVEL,
  addInteractions,
  encodeRows,
  fitAndEncodeRows,
  fitFeatureEncoder,
  inferColumnTypes,
  type FeatureRow,
} from '@cxkit/core';

describe('inferColumnTypes', () => {
  const rows: FeatureRow[] = [
    { tenure: '12', plan: 'Pro', score: 3, flag: true, empty: '' },
    { tenure: ' ', plan: 'Basic', score: null, flag: false, empty: null },
    { tenure: '7.5', plan: '42', score: 4, flag: true, empty: undefined },
  ];

  it('types numeric strings as numeric, anything else as categorical, and blanks do not decide', () => {
    expect(inferColumnTypes(rows, ['tenure', 'plan', 'score', 'flag', 'empty'])).toEqual([
      { name: 'tenure', type: 'numeric' },
      { name: 'plan', type: 'categorical' },
      { name: 'score', type: 'numeric' },
      { name: 'flag', type: 'categorical' },
      { name: 'empty', type: 'categorical' },
    ]);
  });

  it('applies --numeric/--categorical overrides and rejects a conflicting pair', () => {
    expect(inferColumnTypes(rows, ['score', 'plan'], { categorical: ['score'], numeric: ['plan'] })).toEqual([
      { name: 'score', type: 'categorical' },
      { name: 'plan', type: 'numeric' },
    ]);
    expect(() => inferColumnTypes(rows, ['score'], { categorical: ['score'], numeric: ['score'] })).toThrow(
      expect.objectContaining({ code: 'inferColumnTypes/conflicting-override' }),
    );
  });
});

describe('fitFeatureEncoder / encodeRows', () => {
  const columns = [
    { name: 'x', type: 'numeric' as const },
    { name: 'plan', type: 'categorical' as const },
  ];
  const train: FeatureRow[] = [
    { x: 1, plan: 'a' },
    { x: 2, plan: 'a' },
    { x: 3, plan: 'b' },
    { x: null, plan: 'b' },
    { x: 6, plan: '' },
  ];

  it('standardises with training moments only: held-out rows are transformed, never fitted', () => {
    const encoder = fitFeatureEncoder(train, columns, { splineKnots: 0, minLevelCount: 1 });
    const linear = encoder.features.find((f) => f.kind === 'linear')!;
    // blank imputed with the training median of 1, 2, 3, 6 = 2.5
    const xs = [1, 2, 3, 2.5, 6];
    const mean = xs.reduce((a, b) => a + b) / 5;
    expect(linear.mean).toBeCloseTo(mean, 12);
    const test: FeatureRow[] = [
      { x: 1000, plan: 'a' },
      { x: 2000, plan: 'zzz' },
    ];
    const before = JSON.stringify(encoder);
    const design = encodeRows(encoder, test);
    expect(JSON.stringify(encoder)).toBe(before);
    const j = encoder.features.indexOf(linear);
    expect(design.data[j]).toBeCloseTo((1000 - mean) / linear.sd, 10);
    // the held-out extreme values did not move the encoder fitted on train
    const refit = fitFeatureEncoder([...train, ...test], columns, { splineKnots: 0, minLevelCount: 1 });
    expect(refit.features.find((f) => f.kind === 'linear')!.mean).not.toBeCloseTo(mean, 3);
  });

  it('adds a missing indicator and a blank level, and maps unseen levels to none or to the pool', () => {
    const encoder = fitFeatureEncoder(train, columns, { splineKnots: 0, minLevelCount: 1 });
    const names = encoder.features.map((f) => f.name);
    expect(names).toContain('x blank');
    expect(names).toContain(`plan=${BLANK_LEVEL}`);
    const pooled = fitFeatureEncoder(train, columns, { splineKnots: 0, minLevelCount: 2 });
    // '(blank)' occurs once: pooled with any unseen level
    expect(pooled.columns.find((c) => c.name === 'plan')).toMatchObject({ levels: ['a', 'b', OTHER_LEVEL] });
    const other = pooled.features.findIndex((f) => f.kind === 'level' && f.level === OTHER_LEVEL);
    const design = encodeRows(pooled, [{ x: 1, plan: 'never seen' }]);
    const f = pooled.features[other]!;
    expect(design.data[other]).toBeCloseTo((1 - f.mean) / f.sd, 12);
  });

  it('gives the same training design in one pass as fitting then encoding', () => {
    const { encoder, x } = fitAndEncodeRows(train, columns, { splineKnots: 0, minLevelCount: 1 });
    expect(encoder).toEqual(fitFeatureEncoder(train, columns, { splineKnots: 0, minLevelCount: 1 }));
    expect(x).toEqual(encodeRows(encoder, train));
  });

  it('adds interactions as standardised products of standardised features, fitted on training rows', () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ x: i % 7, plan: i % 3 === 0 ? 'a' : 'b' }));
    const base = fitFeatureEncoder(rows, columns, { splineKnots: 0, minLevelCount: 1 });
    const x = encodeRows(base, rows);
    const a = base.features.findIndex((f) => f.kind === 'linear');
    const b = base.features.findIndex((f) => f.kind === 'level' && f.level === 'a');
    const encoder = addInteractions(base, x, [[a, b]]);
    const k = encoder.features.length - 1;
    expect(encoder.features[k]).toMatchObject({ kind: 'interaction', a, b, name: 'x x plan=a' });
    const design = encodeRows(encoder, rows);
    let mean = 0;
    for (let i = 0; i < rows.length; i++) mean += design.data[i * design.cols + k]! / rows.length;
    expect(mean).toBeCloseTo(0, 12);
    const product = x.data[a]! * x.data[b]!;
    const f = encoder.features[k]!;
    expect(design.data[k]).toBeCloseTo((product - f.mean) / f.sd, 12);
  });

  it('adds restricted cubic spline terms to numeric columns with enough distinct values', () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ x: i }));
    const encoder = fitFeatureEncoder(rows, [{ name: 'x', type: 'numeric' }], { splineKnots: 4 });
    expect(encoder.features.map((f) => f.kind)).toEqual(['linear', 'spline', 'spline']);
    const col = encoder.columns[0]!;
    expect(col.type === 'numeric' && col.knots.length).toBe(4);
  });
});
