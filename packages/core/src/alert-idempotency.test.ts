import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AlertRuleSchema,
  evaluateAlertRules,
  periodRange,
  summarize,
  type AlertAnswer,
  type AlertRule,
  type AlertTargetData,
  type ScoreSummary,
} from '@cxkit/core';

const now = new Date('2026-11-15T12:00:00Z');
const MONTHS = periodRange('2025-09', '2026-11');

const rules: AlertRule[] = [
  {
    id: 'low',
    kind: 'threshold',
    metric: 'nps',
    comparator: 'lt',
    threshold: 10,
    scope: { type: 'account' },
    minResponses: 3,
  },
  {
    id: 'every',
    kind: 'threshold',
    metric: 'nps',
    comparator: 'lt',
    threshold: 30,
    trigger: 'every-period',
    evaluate: 'last-complete',
    scope: { type: 'account' },
    minResponses: 3,
  },
  {
    id: 'drop',
    kind: 'significant-change',
    metric: 'nps',
    direction: 'any',
    alpha: 0.2,
    scope: { type: 'account' },
    minResponses: 3,
  },
  {
    id: 'odd',
    kind: 'anomaly',
    metric: 'nps',
    k: 1,
    minHistory: 3,
    scope: { type: 'account' },
    minResponses: 2,
  },
  { id: 'angry', kind: 'detractor-negative-verbatim', scope: { type: 'account' } },
  { id: 'red', kind: 'threshold', metric: 'health-band', bands: ['at-risk'], scope: { type: 'account' } },
].map((r) => AlertRuleSchema.parse(r));

const scores = fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 0, maxLength: 12 });

const answer = fc.record({
  responseId: fc.uuid(),
  questionId: fc.constantFrom('why', 'other'),
  accountId: fc.constant('acme'),
  answeredAt: fc
    .integer({ min: Date.parse('2026-01-01'), max: Date.parse('2026-11-15') })
    .map((t) => new Date(t).toISOString()),
  npsScore: fc.option(fc.integer({ min: 0, max: 10 })),
  sentimentScore: fc.double({ min: -1, max: 1, noNaN: true }),
  themes: fc.constant([] as string[]),
  text: fc.string({ maxLength: 20 }),
}) satisfies fc.Arbitrary<AlertAnswer>;

const target = (accountId: string) =>
  fc
    .record({
      months: fc.array(scores, { minLength: MONTHS.length, maxLength: MONTHS.length }),
      answers: fc.array(
        answer.map((a) => ({ ...a, accountId })),
        { maxLength: 8 },
      ),
      health: fc.array(
        fc.record({
          computedAt: fc
            .integer({ min: Date.parse('2026-09-01'), max: Date.parse('2026-11-15') })
            .map((t) => new Date(t).toISOString()),
          value: fc.integer({ min: 0, max: 100 }),
          band: fc.constantFrom('healthy', 'watch', 'at-risk'),
        }),
        { maxLength: 5 },
      ),
    })
    .map(({ months, answers, health }): AlertTargetData => {
      const monthly: Record<string, ScoreSummary> = {};
      months.forEach((values, i) => {
        if (values.length > 0) monthly[MONTHS[i]!] = summarize('nps', values);
      });
      return { target: { type: 'account', accountId }, monthly: { nps: monthly }, answers, health };
    });

/** A shuffled copy of `xs` with some items repeated. */
const reshuffled = <T>(xs: readonly T[]) =>
  fc
    .tuple(
      fc.array(fc.nat(), { minLength: xs.length, maxLength: xs.length }),
      fc.array(fc.nat(), { maxLength: 4 }),
    )
    .map(([order, extra]) => {
      const copy = [...xs, ...(xs.length > 0 ? extra.map((i) => xs[i % xs.length]!) : [])];
      return copy
        .map((x, i) => ({ x, k: order[i % Math.max(order.length, 1)] ?? i }))
        .sort((a, b) => a.k - b.k)
        .map((e) => e.x);
    });

describe('alert idempotency (property)', () => {
  it('the same input, reordered and duplicated, evaluated any number of times, stores each alert exactly once', () => {
    let fired = 0;
    fc.assert(
      fc.property(
        fc.tuple(target('acme'), target('globex')).chain((targets) =>
          fc.record({
            targets: fc.constant(targets),
            permuted: reshuffled(targets).chain((ts) =>
              fc.tuple(...ts.map((t) => reshuffled(t.answers ?? []).map((answers) => ({ ...t, answers })))),
            ),
            times: fc.integer({ min: 1, max: 4 }),
          }),
        ),
        ({ targets, permuted, times }) => {
          const reference = evaluateAlertRules(rules, targets, { now });
          const keys = reference.map((e) => e.dedupKey);
          fired += keys.length;
          expect(new Set(keys).size).toBe(keys.length);
          // A store keyed by dedupKey, as the server's unique index: inserting again never adds a row.
          const store = new Map<string, unknown>();
          let inserted = 0;
          for (let i = 0; i < times; i++)
            for (const e of evaluateAlertRules(rules, i % 2 === 0 ? permuted : targets, { now }))
              if (!store.has(e.dedupKey)) {
                store.set(e.dedupKey, e);
                inserted++;
              }
          expect(inserted).toBe(reference.length);
          expect(evaluateAlertRules(rules, permuted, { now })).toEqual(reference);
        },
      ),
      { numRuns: 150 },
    );
    // The generated data must actually raise alerts, or the property would hold vacuously.
    expect(fired).toBeGreaterThan(150);
    // The anomaly rule's scan runs exact tests over up to 15 months a target: seconds, not milliseconds.
  }, 60_000);
});
