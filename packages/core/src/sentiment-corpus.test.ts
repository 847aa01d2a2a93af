import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSentimentCorpus, corpusLine } from '../scripts/sentiment-corpus.js';

describe('the committed sentiment corpus', () => {
  it('is what its sources build (a batch edited without rebuilding the splits fails here)', () => {
    const { items } = buildSentimentCorpus();
    for (const split of ['train', 'dev', 'test'] as const) {
      const committed = readFileSync(
        new URL(`../data/sentiment-corpus/${split}.jsonl`, import.meta.url),
        'utf8',
      );
      const built = items
        .filter((i) => i.split === split)
        .map(corpusLine)
        .join('');
      expect(committed === built, `${split}.jsonl differs: run scripts/build-sentiment-corpus.ts`).toBe(true);
    }
  }, 30_000);
});
