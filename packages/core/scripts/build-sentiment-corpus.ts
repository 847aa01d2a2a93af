// Builds the sentiment corpus (packages/core/data/sentiment-corpus) from its sources (see sentiment-corpus.ts) and
// writes train.jsonl, dev.jsonl, test.jsonl, printing the counts docs/verbatims.md reports.
// Run: node --conditions=source --import tsx packages/core/scripts/build-sentiment-corpus.ts
import { writeFileSync } from 'node:fs';
import { buildSentimentCorpus, corpusLine, type CorpusItem } from './sentiment-corpus.js';

const root = new URL('../data/sentiment-corpus/', import.meta.url);
const { items: all, dropped } = buildSentimentCorpus();
for (const split of ['train', 'dev', 'test'] as const) {
  const items = all.filter((i) => i.split === split);
  writeFileSync(new URL(`${split}.jsonl`, root), items.map(corpusLine).join(''));
  const count = (f: (i: CorpusItem) => boolean) => items.filter(f).length;
  console.log(
    `${split}: ${items.length} (fr ${count((i) => i.language === 'fr')}, en ${count((i) => i.language === 'en')}; ` +
      `negative ${count((i) => i.sentiment === 'negative')}, neutral ${count((i) => i.sentiment === 'neutral')}, ` +
      `positive ${count((i) => i.sentiment === 'positive')}; theme labels ${items.reduce((a, i) => a + i.themes.length, 0)})`,
  );
  const byKind = new Map<string, number>();
  for (const i of items) byKind.set(i.kind, (byKind.get(i.kind) ?? 0) + 1);
  console.log(`  kinds: ${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  const byBatch = new Map<string, number>();
  for (const i of items) byBatch.set(i.batch, (byBatch.get(i.batch) ?? 0) + 1);
  console.log(`  batches: ${[...byBatch].map(([k, n]) => `${k} ${n}`).join(', ')}`);
}
console.log(`dropped from train (near-duplicate of a dev/test item, or an issue example): ${dropped.length}`);
for (const d of dropped) console.log(`  ${d.id}: ${d.text}`);
