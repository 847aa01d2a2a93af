import { describe, expect, it } from 'vitest';
import { clusterRegression, keyDrivers, summarize, tCritical, type ScoreSummary } from '@cxkit/core';

describe('clusterRegression (answers on account-level regressors, clustered by account)', () => {
  it('is the difference of means with the CR1 sandwich, by hand', () => {
    // Exposed: A1 two promoters (sum 200), A2 two passives (0); others: B1 two detractors (−200), B2 two passives.
    const r = clusterRegression(
      [
        { x: [1, 1], n: 2, sum: 200 },
        { x: [1, 1], n: 2, sum: 0 },
        { x: [1, 0], n: 2, sum: -200 },
        { x: [1, 0], n: 2, sum: 0 },
      ],
      0.95,
    )!;
    // Means 50 and −50: gap 100. Cluster residuals ±100; var = Σe²/(Σn)² per side = 1250 + 1250, times
    // G/(G − 1) · (N − 1)/(N − k) = 4/3 · 7/6.
    const se = Math.sqrt(2500 * (4 / 3) * (7 / 6));
    expect(r.coefficients[1]!.estimate).toBeCloseTo(100, 9);
    expect(r.coefficients[1]!.se).toBeCloseTo(se, 9);
    expect(r.coefficients[1]!.upper).toBeCloseTo(100 + tCritical(3, 0.95) * se, 9);
    expect(r.clusters).toBe(4);
    expect(r.observations).toBe(8);
  });

  it('refuses a singular design or as many parameters as clusters', () => {
    expect(
      clusterRegression(
        [
          { x: [1, 0], n: 3, sum: 0 },
          { x: [1, 0], n: 2, sum: 100 },
          { x: [1, 0], n: 1, sum: 0 },
        ],
        0.95,
      ),
    ).toBeNull();
    expect(
      clusterRegression(
        [
          { x: [1, 1], n: 3, sum: 0 },
          { x: [1, 0], n: 2, sum: 100 },
        ],
        0.95,
      ),
    ).toBeNull();
  });
});

/** Four NPS answers whose mean promoter score is −100 + 25 v (v = 0..8). */
function answersAt(v: number): ScoreSummary {
  const promoters = Math.max(0, v - 4);
  const detractors = Math.max(0, 4 - v);
  return summarize('nps', [
    ...new Array<number>(promoters).fill(10),
    ...new Array<number>(detractors).fill(0),
    ...new Array<number>(4 - promoters - detractors).fill(8),
  ]);
}

describe('keyDrivers', () => {
  // 45 accounts, 5 at each level v = 0..8 of overall satisfaction, which alone sets their NPS. The
  // touchpoint's dissatisfied accounts are mostly the unhappy ones (4 of 5 at v ≤ 3, 1 of 5 above), so
  // they score far lower, but the touchpoint itself changes nothing once v is known.
  const ids = Array.from({ length: 45 }, (_, i) => `a${i}`);
  const level = (i: number) => Math.floor(i / 5);
  const npsByAccount = new Map(ids.map((id, i) => [id, answersAt(level(i))]));
  const exposed = new Set(ids.filter((_, i) => (level(i) <= 3 ? i % 5 !== 0 : i % 5 === 0)));
  const driver = {
    id: 'touchpoint:delivery/ces',
    label: 'Delivery',
    source: 'touchpoint' as const,
    rule: 'dissatisfied',
    exposed,
    observed: new Set(ids),
  };
  const elsewhere = {
    id: 'touchpoint:purchase/csat',
    values: new Map(ids.map((id, i) => [id, 12.5 * level(i)])),
  };

  it('adjusts the gap for the satisfaction read elsewhere: a halo is not a driver', () => {
    const [d] = keyDrivers(npsByAccount, [driver], { covariates: [elsewhere] });
    expect(d!.method).toBe('adjusted-regression');
    expect(d!.adjustedFor).toEqual(['touchpoint:purchase/csat']);
    expect(d!.clusters).toBe(45);
    expect(d!.gap).toBeCloseTo(0, 6);
    expect(d!.pullsDown).toBe(false);
    // Unadjusted: 16 exposed accounts at v 0-3 and 5 at v 4-8 against the rest.
    const mean = (list: number[]) => list.reduce((s, v) => s + (-100 + 25 * v), 0) / list.length;
    const ex = ids
      .map((_, i) => i)
      .filter((i) => exposed.has(ids[i]!))
      .map(level);
    const ot = ids
      .map((_, i) => i)
      .filter((i) => !exposed.has(ids[i]!))
      .map(level);
    expect(d!.rawGap).toBeCloseTo(mean(ex) - mean(ot), 9);
    expect(d!.rawGap!).toBeLessThan(-50);
  });

  it("leaves out the driver's own reading, and falls back to the unadjusted regression", () => {
    const [d] = keyDrivers(npsByAccount, [{ ...driver, covariate: elsewhere.id }], {
      covariates: [elsewhere],
    });
    expect(d!.method).toBe('regression');
    expect(d!.adjustedFor).toEqual([]);
    expect(d!.gap).toBeCloseTo(d!.rawGap!, 9);
    expect(d!.gapInterval!.upper).toBeLessThan(0);
  });

  it('uses the two-sample test when one account alone is exposed (its answers cannot give their own variance)', () => {
    const [d] = keyDrivers(npsByAccount, [{ ...driver, exposed: new Set(['a0']) }], {
      covariates: [elsewhere],
    });
    expect(d!.method).toBe('two-sample');
    expect(d!.status).toBe('ok');
    expect(d!.smallSample).toBe(true);
  });
});
