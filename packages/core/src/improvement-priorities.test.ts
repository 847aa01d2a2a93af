import { describe, expect, it } from 'vitest';
import { keyDrivers, type DriverExposure } from './key-drivers.js';
import { rankActions } from './improvement-priorities.js';
import { summarize } from './score-summary.js';

// 40 accounts of 5 answers each. The 10 "late" accounts answer 2 promoters and 3 detractors (NPS -20); the
// 30 others 4 promoters and 1 passive (NPS 80). Gap -100 points; the late ones give 50 of 200 answers.
const npsByAccount = new Map(
  Array.from({ length: 40 }, (_, i) => [
    `a${i}`,
    summarize('nps', i < 10 ? [10, 9, 0, 3, 6] : [10, 9, 10, 9, 8]),
  ]),
);
const all = new Set(npsByAccount.keys());
const late: DriverExposure = {
  id: 'touchpoint:post-delivery/ces',
  label: 'post-delivery CES',
  source: 'touchpoint',
  rule: 'a dissatisfied answer',
  exposed: new Set([...all].slice(0, 10)),
  observed: all,
};
const noise: DriverExposure = {
  ...late,
  id: 'theme:pricing',
  label: 'Pricing',
  source: 'theme',
  // one late account and three others: a gap smaller and uncertain
  exposed: new Set(['a0', 'a10', 'a11', 'a12']),
};

describe('keyDrivers', () => {
  it('measures the NPS gap of exposed accounts, the points at stake and the revenue concerned', () => {
    const mrr = new Map([...all].map((id, i) => [id, i < 10 ? 1000 : null]));
    const [first, second] = keyDrivers(npsByAccount, [noise, late], { mrr });
    expect(first!.id).toBe('touchpoint:post-delivery/ces');
    expect(first!.exposedNps).toBeCloseTo(-20, 9);
    expect(first!.otherNps).toBeCloseTo(80, 9);
    expect(first!.gap).toBeCloseTo(-100, 9);
    expect(first!.impact).toBeCloseTo(100 * (50 / 200), 9);
    expect(first!.pullsDown).toBe(true);
    expect(first).toMatchObject({
      accounts: 10,
      mrr: 10_000,
      mrrKnown: 10,
      exposedAnswers: 50,
      otherAnswers: 150,
    });
    expect(second!.id).toBe('theme:pricing');
    expect(second!.impact!).toBeLessThan(first!.impact!);
  });

  it('says when one side has no answers', () => {
    const [d] = keyDrivers(npsByAccount, [{ ...late, exposed: new Set() }]);
    expect(d).toMatchObject({ status: 'insufficient-data', gap: null, impact: null, pullsDown: false });
  });
});

describe('rankActions', () => {
  const drivers = keyDrivers(npsByAccount, [late, noise]);
  it('puts quick wins first, then structural projects, fill-ins and the rest, each explained', () => {
    const ranked = rankActions(
      [
        { id: '1', title: 'Price list review', driver: 'theme:pricing', complexity: 'low', cost: 'low' },
        { id: '2', title: 'New warehouse', driver: late.id, complexity: 'high', cost: 'high' },
        { id: '3', title: 'Fixed delivery slots', driver: late.id, complexity: 'low', cost: 'medium' },
        { id: '4', title: 'CRM rebuild', driver: 'theme:pricing', complexity: 'high', cost: 'medium' },
      ],
      drivers,
      { highImpact: 2 },
    );
    expect(ranked.map((r) => [r.title, r.quadrant])).toEqual([
      ['Fixed delivery slots', 'quick-win'],
      ['New warehouse', 'structural'],
      ['Price list review', 'fill-in'],
      ['CRM rebuild', 'deprioritise'],
    ]);
    expect(ranked[0]!.explanation).toMatch(/^Quick win: .*25 points of portfolio NPS at stake/);
    expect(ranked[1]!.explanation).toMatch(/^Structural project: .*plan it/);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
  });

  it('needs medium effort on both sides to leave the low-effort half', () => {
    const [r] = rankActions(
      [{ id: 'x', title: 'x', driver: late.id, complexity: 'medium', cost: 'medium' }],
      drivers,
    );
    expect(r!.quadrant).toBe('structural');
  });
});
