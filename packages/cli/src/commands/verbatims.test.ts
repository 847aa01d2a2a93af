import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/capture-io.js';

// The corpus's development split (the test split is left for the figures in docs/verbatims.md).
const DEV_SPLIT = fileURLToPath(new URL('../../../core/data/sentiment-corpus/dev.jsonl', import.meta.url));

interface Metrics {
  precision: number | null;
  recall: number | null;
  f1: number | null;
  support: number;
  predicted: number;
}
interface Group {
  n: number;
  sentiment: {
    macroF1: number;
    accuracy: number;
    labels: string[];
    confusion: number[][];
    perLabel: Record<string, Metrics>;
  };
  themes: { perTheme: (Metrics & { theme: string })[]; micro: Metrics };
}
interface EvaluationJson extends Group {
  file: string;
  languageDetection: { n: number; accuracy: number };
  byLanguage: (Group & { language: string })[];
  mistakes?: { text: string; expected: string; predicted: string }[];
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cxkit-verbatims-'));
  await writeFile(
    join(dir, 'set.jsonl'),
    [
      '{"id":"1","language":"fr","text":"Livraison en retard, très déçu","sentiment":"negative","themes":["lead-time","delivery"]}',
      '{"id":"2","language":"en","text":"Great support, thanks","sentiment":"positive","themes":["after-sales"]}',
      '{"id":"3","language":"en","text":"Ordered through the portal","sentiment":"neutral","themes":[]}',
    ].join('\n'),
  );
  await writeFile(
    join(dir, 'set.csv'),
    'id,language,text,sentiment,themes\n1,fr,"Livraison en retard, très déçu",negative,lead-time;delivery\n2,en,"Great support, thanks",positive,after-sales\n3,,Ordered through the portal,neutral,\n',
  );
  await writeFile(
    join(dir, 'bad.jsonl'),
    '{"text":"ok","sentiment":"neutral"}\n{"text":"x","sentiment":"meh"}\n',
  );
  await writeFile(
    join(dir, 'themes.json'),
    JSON.stringify([
      { id: 'portal', label: { en: 'Portal', fr: 'Portail' }, terms: { fr: ['portail'], en: ['portal'] } },
    ]),
  );
});

describe('cxkit verbatims evaluate', () => {
  it('prints the evaluation as one JSON document with sentiment, themes, languages', async () => {
    const { code, stdout, stderr } = await runCli(['verbatims', 'evaluate', 'set.jsonl', '--json'], dir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as EvaluationJson;
    expect(doc.file).toBe('set.jsonl');
    expect(doc.n).toBe(3);
    expect(doc.sentiment.labels).toEqual(['negative', 'neutral', 'positive']);
    expect(doc.sentiment.confusion).toHaveLength(3);
    expect(doc.sentiment.confusion.flat().reduce((a, b) => a + b, 0)).toBe(3);
    expect(doc.sentiment.macroF1).toBe(1);
    expect(Object.keys(doc.sentiment.perLabel)).toEqual(['negative', 'neutral', 'positive']);
    expect(doc.themes.perTheme.map((t) => t.theme)).toEqual([
      'lead-time',
      'delivery',
      'documentation',
      'pricing',
      'after-sales',
      'product-quality',
      'responsiveness',
    ]);
    expect(doc.themes.perTheme.find((t) => t.theme === 'delivery')).toEqual({
      theme: 'delivery',
      precision: 1,
      recall: 1,
      f1: 1,
      support: 1,
      predicted: 1,
    });
    expect(doc.byLanguage.map((g) => [g.language, g.n])).toEqual([
      ['fr', 1],
      ['en', 2],
    ]);
    expect(doc.languageDetection).toEqual({ n: 3, accuracy: 1 });
    expect(doc.mistakes).toBeUndefined();
  });

  it('reads the same set from CSV, themes separated by semicolons', async () => {
    const csv = JSON.parse(
      (await runCli(['verbatims', 'evaluate', 'set.csv', '--json'], dir)).stdout,
    ) as EvaluationJson;
    const jsonl = JSON.parse(
      (await runCli(['verbatims', 'evaluate', 'set.jsonl', '--json'], dir)).stdout,
    ) as EvaluationJson;
    expect(csv.sentiment).toEqual(jsonl.sentiment);
    expect(csv.themes).toEqual(jsonl.themes);
    expect(csv.languageDetection.n).toBe(2);
  });

  it('prints macro-F1, the confusion matrix and the per-theme table per language', async () => {
    const { code, stdout } = await runCli(['verbatims', 'evaluate', DEV_SPLIT], dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^Sentiment macro-F1 \d+\.\d% \[95% CI \d+\.\d-\d+\.\d\], accuracy \d+\.\d% \(n=230\)$/m,
    );
    expect(stdout).toContain('Analyser: cxkit model; mode: text alone');
    expect(stdout).toMatch(/^1-3 words\s+\d+\s+\d+\.\d\s+\d+\.\d-\d+\.\d\s+\d+\.\d$/m);
    expect(stdout).toMatch(/^sarcasm\s+20\s+/m);
    expect(stdout).toMatch(/^labelled \\ predicted\s+negative\s+neutral\s+positive$/m);
    expect(stdout).toMatch(/^theme\s+precision %\s+recall %\s+F1 %\s+support\s+predicted$/m);
    expect(stdout).toMatch(/^responsiveness\s+\d+\.\d\s+\d+\.\d\s+\d+\.\d\s+\d+\s+\d+$/m);
    expect(stdout).toContain('== fr ==');
    expect(stdout).toContain('== en ==');
    expect(stdout).toMatch(/Language detection accuracy \d+\.\d% \(n=230\)/);
  }, 30_000);

  it('compares the lexicon rules with --analyzer lexicon, and evaluates a model file with --model', async () => {
    const model = JSON.parse(
      (await runCli(['verbatims', 'evaluate', DEV_SPLIT, '--json'], dir)).stdout,
    ) as EvaluationJson;
    const rules = JSON.parse(
      (await runCli(['verbatims', 'evaluate', DEV_SPLIT, '--json', '--analyzer', 'lexicon'], dir)).stdout,
    ) as EvaluationJson & { analyzer: string };
    expect(rules.analyzer).toBe('lexicon rules');
    expect(rules.sentiment.macroF1).toBeLessThan(model.sentiment.macroF1);
    // Themes do not depend on the sentiment analyser.
    expect(rules.themes).toEqual(model.themes);
    const shipped = fileURLToPath(new URL('../../../core/src/sentiment-model.json', import.meta.url));
    const fromFile = JSON.parse(
      (await runCli(['verbatims', 'evaluate', DEV_SPLIT, '--json', '--model', shipped], dir)).stdout,
    ) as EvaluationJson;
    expect(fromFile.sentiment).toEqual(model.sentiment);
    await writeFile(join(dir, 'model.json'), '{"format":"cxkit-sentiment-linear/1"}');
    const bad = await runCli(['verbatims', 'evaluate', 'set.jsonl', '--model', 'model.json'], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/id/);
    expect((await runCli(['verbatims', 'evaluate', 'set.jsonl', '--analyzer', 'gpt'], dir)).code).toBe(2);
  }, 30_000);

  it('reports the score-as-context mode apart, only when asked', async () => {
    await writeFile(
      join(dir, 'scored.csv'),
      'text,sentiment,themes,score\nbof,negative,,3\n"Great support, thanks",positive,after-sales,10\n',
    );
    const plain = JSON.parse(
      (await runCli(['verbatims', 'evaluate', 'scored.csv', '--json'], dir)).stdout,
    ) as EvaluationJson & { mode: string; withScore: number; scoreContext?: unknown };
    expect(plain.mode).toBe('text');
    expect(plain.withScore).toBe(2);
    expect(plain.scoreContext).toBeUndefined();
    const both = JSON.parse(
      (await runCli(['verbatims', 'evaluate', 'scored.csv', '--json', '--with-score-context'], dir)).stdout,
    ) as EvaluationJson & { mode: string; scoreContext: EvaluationJson & { mode: string } };
    expect(both.mode).toBe('text');
    expect(both.sentiment).toEqual(plain.sentiment);
    expect(both.scoreContext.mode).toBe('score-context');
    const text = (await runCli(['verbatims', 'evaluate', 'scored.csv', '--with-score-context'], dir)).stdout;
    expect(text).toContain('==== separate report: score as context ====');
    expect(text).toContain('mode: score as context (2 of 2 items carry a score');
  });

  it('lists the mistakes with --mistakes', async () => {
    const { stdout } = await runCli(['verbatims', 'evaluate', DEV_SPLIT, '--json', '--mistakes'], dir);
    const doc = JSON.parse(stdout) as EvaluationJson;
    const wrong = doc.n - doc.sentiment.confusion.reduce((a, row, i) => a + (row[i] ?? 0), 0);
    expect(doc.mistakes?.filter((m) => m.expected !== m.predicted)).toHaveLength(wrong);
  }, 30_000);

  it('evaluates against a custom theme dictionary', async () => {
    const doc = JSON.parse(
      (await runCli(['verbatims', 'evaluate', 'set.jsonl', '--json', '--themes', 'themes.json'], dir)).stdout,
    ) as EvaluationJson;
    expect(doc.themes.perTheme.map((t) => t.theme)).toEqual([
      'portal',
      'lead-time',
      'delivery',
      'after-sales',
    ]);
    expect(doc.themes.perTheme[0]).toMatchObject({ support: 0, predicted: 1, precision: 0 });
  });

  it('names the bad line (exit 1), a missing file (exit 3) and usage errors (exit 2)', async () => {
    const bad = await runCli(['verbatims', 'evaluate', 'bad.jsonl'], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/line 2: sentiment/);
    const missing = await runCli(['verbatims', 'evaluate', 'nope.jsonl'], dir);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('nope.jsonl: no such file');
    for (const args of [
      ['verbatims'],
      ['verbatims', 'score', 'x'],
      ['verbatims', 'evaluate'],
      ['verbatims', 'evaluate', 'a', 'b'],
      ['verbatims', 'evaluate', 'set.jsonl', '--nope'],
    ]) {
      const r = await runCli(args, dir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('cxkit verbatims --help');
    }
  });
});

describe('cxkit verbatims analyze', () => {
  it('prints language, sentiment with evidence and themes of one text', async () => {
    const { code, stdout } = await runCli(
      ['verbatims', 'analyze', 'Pas du tout satisfait, SAV injoignable'],
      dir,
    );
    expect(code).toBe(0);
    const a = JSON.parse(stdout) as {
      language: string;
      sentiment: { label: string; evidence: { text: string }[] };
      themes: { theme: string; evidence: string[] }[];
    };
    expect(a.language).toBe('fr');
    expect(a.sentiment.label).toBe('negative');
    expect(a.sentiment.evidence.map((e) => e.text)).toContain('Pas du tout satisfait');
    expect(a.themes.map((t) => t.theme)).toEqual(['after-sales', 'responsiveness']);
  });

  it('takes --language and rejects an unknown one', async () => {
    const en = JSON.parse(
      (await runCli(['verbatims', 'analyze', 'Délais', '--language', 'en'], dir)).stdout,
    ) as {
      language: string;
    };
    expect(en.language).toBe('en');
    expect((await runCli(['verbatims', 'analyze', 'x', '--language', 'de'], dir)).code).toBe(2);
  });

  it('prints its help', async () => {
    const { code, stdout } = await runCli(['verbatims', '--help'], dir);
    expect(code).toBe(0);
    expect(stdout).toContain('cxkit verbatims evaluate FILE');
  });
});
