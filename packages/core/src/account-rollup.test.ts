import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isCxError,
  nps,
  rolledUpCsat,
  rolledUpMean,
  rolledUpNps,
  rollupAccount,
  type RollupAnswer,
} from '@cxkit/core';

const at = (day: number) => new Date(Date.UTC(2026, 0, day)).toISOString();

// One buyer who promotes, one prescriber who is passive, and one very active user who complained five times.
const buyingGroup: RollupAnswer[] = [
  { respondentId: 'buyer-1', role: 'buyer', answeredAt: at(3), value: 9 },
  { respondentId: 'presc-1', role: 'prescriber', answeredAt: at(4), value: 8 },
  ...[5, 6, 7, 8, 9].map((d) => ({ respondentId: 'user-1', role: 'user', answeredAt: at(d), value: 2 })),
];

describe('rollupAccount', () => {
  it('pooled: every answer counts, so the active user dominates', () => {
    const r = rollupAccount(buyingGroup, { kind: 'nps', mode: 'pooled' });
    expect(r).toMatchObject({ respondents: 3, answers: 7 });
    expect(rolledUpNps(r).value).toBeCloseTo((100 * (1 - 5)) / 7, 9);
  });

  it('per-respondent: one vote per person, their latest answer', () => {
    const r = rollupAccount(buyingGroup, { kind: 'nps', mode: 'per-respondent' });
    expect(r.summary.counts.reduce((a, b) => a + b)).toBe(3);
    expect(rolledUpNps(r)).toMatchObject({
      value: 0,
      n: 3,
      details: { mode: 'per-respondent', effectiveN: null },
    });
  });

  it('role-weighted: the buyer outweighs the user, with a Kish effective n for the interval', () => {
    const r = rollupAccount(buyingGroup, { kind: 'nps', mode: 'role-weighted' });
    // Default weights buyer 3, prescriber 2, user 1: (3 − 1) / 6.
    const res = rolledUpNps(r, { interval: 'wald' });
    expect(res.value).toBeCloseTo((100 * 2) / 6, 9);
    expect(res.n).toBe(3);
    expect(r.weighted?.effectiveN).toBeCloseTo(36 / 14, 12);
    expect(res.details).toMatchObject({ mode: 'role-weighted', promoters: 1, passives: 1, detractors: 1 });
    // Fewer effective answers than people: the interval is wider than an unweighted one on 3 answers would be.
    const p = 3 / 6;
    const d = 1 / 6;
    const se = Math.sqrt((p + d - (p - d) ** 2) / (36 / 14));
    expect(res.status === 'ok' && res.interval!.raw!.upper).toBeCloseTo(
      100 * (p - d + 1.959963984540054 * se),
      6,
    );
  });

  it('keeps the per-role breakdown, heaviest role first', () => {
    const r = rollupAccount(buyingGroup, { kind: 'nps', mode: 'pooled' });
    expect(r.byRole.map((b) => [b.role, b.weight, b.respondents])).toEqual([
      ['buyer', 3, 1],
      ['prescriber', 2, 1],
      ['user', 1, 1],
    ]);
    expect(nps(r.byRole[2]!.summary).value).toBe(-100);
  });

  it('honours custom role weights, including a zero weight', () => {
    const r = rollupAccount(buyingGroup, {
      kind: 'nps',
      mode: 'role-weighted',
      roleWeights: { weights: { buyer: 1, prescriber: 1, user: 0 }, defaultWeight: 1 },
    });
    expect(rolledUpNps(r)).toMatchObject({ n: 2, value: 50 });
  });

  it('keeps answers in the window [from, to) and each respondent’s latest answer that is not a skip', () => {
    const answers: RollupAnswer[] = [
      { respondentId: 'a', role: 'buyer', answeredAt: at(1), value: 2 },
      { respondentId: 'a', role: 'buyer', answeredAt: at(10), value: 9 },
      { respondentId: 'a', role: 'buyer', answeredAt: at(12), value: null },
      { respondentId: 'b', role: 'user', answeredAt: at(20), value: 0 },
      { role: 'user', answeredAt: at(11), value: 10 },
      { role: 'user', answeredAt: at(11), value: 10 },
    ];
    const r = rollupAccount(answers, { kind: 'nps', mode: 'per-respondent', from: at(5), to: at(20) });
    expect(r.answers).toBe(4);
    expect(r.respondents).toBe(3); // a, and two anonymous answers
    expect(r.summary.counts[9]).toBe(1);
    expect(r.summary.counts[10]).toBe(2);
    expect(r.summary.skipped).toBe(0);
  });

  it('rejects bad dates, scores and role weights naming the field', () => {
    expect(() =>
      rollupAccount([{ answeredAt: 'yesterday', value: 9 }], { kind: 'nps', mode: 'pooled' }),
    ).toThrowError(/rollupAccount\/invalid-date: answers\[0\]\.answeredAt/);
    expect(() =>
      rollupAccount([{ answeredAt: at(1), value: 11 }], { kind: 'nps', mode: 'pooled' }),
    ).toThrowError(/rollupAccount\/invalid-value: answers\[0\]\.value/);
    try {
      rollupAccount([], {
        kind: 'nps',
        mode: 'role-weighted',
        roleWeights: { weights: { buyer: -1 }, defaultWeight: 1 },
      });
      expect.unreachable();
    } catch (e) {
      expect(isCxError(e, 'rollupAccount/invalid-role-weights')).toBe(true);
      expect((e as Error).message).toContain('roleWeights.weights.buyer');
    }
  });

  it('with equal weights, role-weighted equals one vote per respondent', () => {
    const answer = fc.record({
      respondentId: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
      role: fc.constantFrom('buyer', 'user', 'support'),
      answeredAt: fc.integer({ min: 1, max: 28 }).map(at),
      value: fc.oneof(
        fc.integer({ min: 0, max: 10 }),
        fc.constant(null),
        fc.constant('cant-recommend' as const),
      ),
    });
    fc.assert(
      fc.property(fc.array(answer, { maxLength: 30 }), (answers) => {
        const equal = { weights: {}, defaultWeight: 2 };
        const w = rolledUpNps(
          rollupAccount(answers, { kind: 'nps', mode: 'role-weighted', roleWeights: equal }),
        );
        const p = rolledUpNps(rollupAccount(answers, { kind: 'nps', mode: 'per-respondent' }));
        expect(w.status).toBe(p.status);
        expect(w.n).toBe(p.n);
        if (w.status === 'ok' && p.status === 'ok') {
          expect(w.value).toBeCloseTo(p.value, 9);
          expect(w.details.effectiveN).toBeCloseTo(p.n, 9);
          expect(w.interval!.lower).toBeCloseTo(p.interval!.lower, 9);
        }
      }),
    );
  });
});

describe('rolled-up CSAT and mean scores', () => {
  const answers: RollupAnswer[] = [
    { respondentId: 'b', role: 'buyer', answeredAt: at(1), value: 5 },
    { respondentId: 'u', role: 'user', answeredAt: at(1), value: 2 },
    { respondentId: 'v', role: 'user', answeredAt: at(1), value: 3 },
  ];

  it('weights the top-box share by role', () => {
    const r = rolledUpCsat(rollupAccount(answers, { kind: 'csat', mode: 'role-weighted' }));
    expect(r.value).toBeCloseTo(60, 9); // 3 / (3 + 1 + 1)
    expect(r.details.effectiveN).toBeCloseTo(25 / 11, 9);
    expect(rolledUpCsat(rollupAccount(answers, { kind: 'csat', mode: 'pooled' })).value).toBeCloseTo(
      100 / 3,
      9,
    );
  });

  it('weights the mean by role', () => {
    const ces = answers.map((a) => ({ ...a, value: (a.value as number) + 2 }));
    const r = rolledUpMean(rollupAccount(ces, { kind: 'ces', mode: 'role-weighted' }));
    expect(r.value).toBeCloseTo((3 * 7 + 4 + 5) / 5, 9);
    expect(r.status === 'ok' && r.interval?.method).toBe('t');
  });
});
