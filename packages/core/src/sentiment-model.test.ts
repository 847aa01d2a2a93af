import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  analyzeSentiment,
  DEFAULT_SENTIMENT_MODEL,
  DENSE_FEATURE_NAMES,
  isCxError,
  parseLabelledVerbatims,
  parseSentimentModel,
  sentimentLabel,
} from '@cxkit/core';

const modelJson = () =>
  JSON.parse(readFileSync(new URL('./sentiment-model.json', import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
const dev = parseLabelledVerbatims(
  readFileSync(new URL('../data/sentiment-corpus/dev.jsonl', import.meta.url), 'utf8'),
);

describe('the shipped sentiment model', () => {
  it('labels every answer with label = sentimentLabel(score) and probabilities that sum to 1', () => {
    for (const item of dev) {
      const r = analyzeSentiment(item.text);
      expect(r.label, item.text).toBe(sentimentLabel(r.score));
      const p = r.probabilities;
      expect(p).toBeDefined();
      if (p === undefined) continue;
      expect(p.negative + p.neutral + p.positive).toBeCloseTo(1, 2);
      // The label is the most probable one.
      expect(p[r.label]).toBeGreaterThanOrEqual(Math.max(p.negative, p.neutral, p.positive) - 0.001);
      expect(r.analyzer).toBe(DEFAULT_SENTIMENT_MODEL.id);
    }
  });

  it("keeps the lexicon rules as the explanation: the evidence words are the rules' matches", () => {
    const text = 'Pas du tout satisfait, livraison en retard';
    const model = analyzeSentiment(text, { language: 'fr' });
    const rules = analyzeSentiment(text, { language: 'fr', model: null });
    expect(model.evidence).toEqual(rules.evidence);
    expect(rules.analyzer).toBe('cxkit-lexicon');
    expect(rules.probabilities).toBeUndefined();
  });

  it('reads requests and mild evaluations as neutral, and plain praise and complaint by their words', () => {
    // Written for this test, not taken from any corpus split.
    expect(analyzeSentiment('Could you send me the delivery schedule for March?').label).toBe('neutral');
    expect(analyzeSentiment('Pouvez-vous me transmettre le planning de livraison de mars ?').label).toBe(
      'neutral',
    );
    expect(analyzeSentiment('Really happy with the team, thank you!').label).toBe('positive');
    expect(analyzeSentiment('Très déçus, la commande est arrivée cassée.').label).toBe('negative');
  });

  it('has one weight per dense feature and class, in the order cxkit computes them', () => {
    const json = modelJson();
    expect(json.dense).toEqual([...DENSE_FEATURE_NAMES]);
    expect(DEFAULT_SENTIMENT_MODEL.hashedWeights.map((w) => w.length)).toEqual(
      Array(3).fill(DEFAULT_SENTIMENT_MODEL.buckets),
    );
  });
});

describe('parseSentimentModel', () => {
  it('reads the shipped model file back to the same weights', () => {
    const m = parseSentimentModel(modelJson());
    expect(m.buckets).toBe(DEFAULT_SENTIMENT_MODEL.buckets);
    expect([...(m.hashedWeights[2] as Float32Array)]).toEqual([
      ...(DEFAULT_SENTIMENT_MODEL.hashedWeights[2] as Float32Array),
    ]);
  });

  it('rejects a bad model naming the field', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...modelJson(), format: 'other' }, /format/],
      [{ ...modelJson(), dense: [...DENSE_FEATURE_NAMES].reverse() }, /dense/],
      [{ ...modelJson(), hashedWeights: ['AAAA', 'AAAA', 'AAAA'] }, /hashedWeights/],
      [{ ...modelJson(), buckets: 3 }, /buckets/],
    ];
    for (const [input, message] of cases) {
      let error: unknown;
      try {
        parseSentimentModel(input);
      } catch (e) {
        error = e;
      }
      expect(isCxError(error, 'sentimentModel/invalid')).toBe(true);
      expect((error as Error).message).toMatch(message);
    }
  });
});
