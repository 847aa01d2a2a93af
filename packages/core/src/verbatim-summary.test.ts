import { describe, expect, it } from 'vitest';
import { analyzeVerbatim, summarizeVerbatims } from '@cxkit/core';

const analysed = (texts: string[]) => texts.map((text) => ({ text, analysis: analyzeVerbatim(text) }));

describe('summarizeVerbatims', () => {
  const items = analysed([
    'Livraison en retard, encore.',
    'Délais catastrophiques, on perd des clients',
    'Lead times are too long',
    'Great support, fixed in a day',
    'Délais catastrophiques, on perd des clients',
    'Ordered through the portal',
  ]);

  it('counts themes with their sentiment split, most frequent first', () => {
    const s = summarizeVerbatims(items);
    expect(s.n).toBe(6);
    expect(s.themes.map((t) => [t.theme, t.count])).toEqual([
      ['lead-time', 4],
      ['delivery', 1],
      ['after-sales', 1],
    ]);
    const lead = s.themes[0];
    expect(lead?.sentiment).toEqual({ negative: 4, neutral: 0, positive: 0 });
    expect(lead?.label).toBe('Lead times');
    expect(lead?.meanScore).toBeLessThan(-0.3);
    expect(s.sentiment.negative + s.sentiment.neutral + s.sentiment.positive).toBe(6);
  });

  it('picks the most clear-cut quotes as examples, without repeating a text', () => {
    const s = summarizeVerbatims(items, { examplesPerTheme: 2, labelLanguage: 'fr' });
    const lead = s.themes[0];
    expect(lead?.label).toBe('Délais');
    expect(lead?.examples).toHaveLength(2);
    expect(new Set(lead?.examples.map((e) => e.text)).size).toBe(2);
    const scores = lead?.examples.map((e) => Math.abs(e.score)) ?? [];
    expect(scores[0]).toBeGreaterThanOrEqual(scores[1] ?? 0);
    const strongest = Math.max(
      ...items
        .filter((i) => i.analysis.themes.some((t) => t.theme === 'lead-time'))
        .map((i) => Math.abs(i.analysis.sentiment.score)),
    );
    expect(scores[0]).toBe(strongest);
  });

  it('leaves out quotes longer than maxQuoteLength', () => {
    const long = `Livraison en retard. ${'x'.repeat(300)}`;
    const s = summarizeVerbatims(analysed([long]));
    expect(s.themes[0]?.count).toBe(1);
    expect(s.themes[0]?.examples).toEqual([]);
  });

  it('summarises nothing as nothing', () => {
    expect(summarizeVerbatims([])).toEqual({
      n: 0,
      sentiment: { negative: 0, neutral: 0, positive: 0 },
      meanScore: null,
      themes: [],
    });
  });
});
