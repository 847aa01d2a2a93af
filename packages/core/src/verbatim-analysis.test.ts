import { describe, expect, it } from 'vitest';
import {
  analyzeVerbatim,
  isCxError,
  MAX_VERBATIM_LENGTH,
  parseThemeDictionary,
  VerbatimAnalysisSchema,
} from '@cxkit/core';

describe('analyzeVerbatim', () => {
  it('returns language, sentiment with evidence and themes with evidence in one call', () => {
    const a = analyzeVerbatim('Pas du tout satisfait : livraison en retard de 3 semaines et SAV injoignable');
    expect(a.language).toBe('fr');
    expect(a.sentiment.label).toBe('negative');
    expect(a.sentiment.score).toBeLessThan(-0.5);
    expect(a.sentiment.evidence.map((e) => e.text)).toContain('Pas du tout satisfait');
    expect(a.themes.map((t) => t.theme)).toEqual(['lead-time', 'delivery', 'after-sales', 'responsiveness']);
    expect(a.themes.find((t) => t.theme === 'after-sales')).toEqual({
      theme: 'after-sales',
      label: 'SAV',
      evidence: ['SAV'],
    });
  });

  it('analyses English and labels themes in English', () => {
    const a = analyzeVerbatim('Great product, but the documentation is outdated.');
    expect(a.language).toBe('en');
    expect(a.sentiment.label).toBe('negative');
    expect(a.themes).toEqual([
      { theme: 'documentation', label: 'Technical documentation', evidence: ['documentation'] },
      { theme: 'product-quality', label: 'Product quality', evidence: ['product'] },
    ]);
  });

  it('is JSON-serialisable as the server stores it, and VerbatimAnalysisSchema reads it back', () => {
    const a = analyzeVerbatim('Livraison rapide, merci');
    const stored: unknown = JSON.parse(JSON.stringify(a));
    expect(stored).toEqual(a);
    expect(VerbatimAnalysisSchema.parse(stored)).toEqual(a);
    expect(VerbatimAnalysisSchema.safeParse({ ...a, sentiment: { ...a.sentiment, score: 2 } }).success).toBe(
      false,
    );
  });

  it('uses the given language instead of detecting one', () => {
    // With the survey's locale the right labels and lexicon are used even for a one-word answer.
    expect(analyzeVerbatim('Délais', { language: 'en' }).language).toBe('en');
    expect(analyzeVerbatim('Délais', { language: 'fr' }).themes[0]?.label).toBe('Délais');
  });

  it('falls back to both lexicons when the text has no language clue', () => {
    const a = analyzeVerbatim('Nickel !');
    expect(a.language).toBe('other');
    expect(a.sentiment.label).toBe('positive');
    expect(analyzeVerbatim('Nickel !', { fallbackLanguage: 'fr' }).language).toBe('fr');
  });

  it('takes a custom theme dictionary', () => {
    const themes = parseThemeDictionary([
      {
        id: 'onboarding',
        label: { en: 'Onboarding', fr: 'Démarrage' },
        terms: { fr: ['démarrage'], en: ['onboarding'] },
      },
    ]);
    const a = analyzeVerbatim('Onboarding was painful', { themes });
    expect(a.themes).toEqual([{ theme: 'onboarding', label: 'Onboarding', evidence: ['Onboarding'] }]);
  });

  it('gives an empty text a neutral, theme-less answer', () => {
    expect(analyzeVerbatim('')).toEqual({
      language: 'other',
      sentiment: { score: 0, label: 'neutral', evidence: [] },
      themes: [],
    });
  });

  it('rejects text that is not a string or too long', () => {
    for (const bad of ['x'.repeat(MAX_VERBATIM_LENGTH + 1), 42 as unknown as string]) {
      let error: unknown;
      try {
        analyzeVerbatim(bad);
      } catch (e) {
        error = e;
      }
      expect(isCxError(error, 'analyzeVerbatim/invalid-text')).toBe(true);
    }
  });
});
