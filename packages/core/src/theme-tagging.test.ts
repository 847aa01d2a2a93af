import { describe, expect, it } from 'vitest';
import {
  DEFAULT_THEME_DICTIONARY,
  DEFAULT_THEME_IDS,
  isCxError,
  parseThemeDictionary,
  tagThemes,
  type ThemeDefinition,
} from '@cxkit/core';

const ids = (text: string, language?: 'fr' | 'en') =>
  tagThemes(text, language === undefined ? {} : { language }).map((t) => t.theme);

describe('tagThemes with the default dictionary', () => {
  it('has the seven default themes, each with French and English terms', () => {
    expect(DEFAULT_THEME_DICTIONARY.map((t) => t.id)).toEqual([...DEFAULT_THEME_IDS]);
    for (const theme of DEFAULT_THEME_DICTIONARY) {
      expect(theme.terms.fr.length).toBeGreaterThan(5);
      expect(theme.terms.en.length).toBeGreaterThan(5);
      expect(() => parseThemeDictionary([theme])).not.toThrow();
    }
  });

  it('finds the themes of French verbatims through stems, accents and elisions', () => {
    expect(ids('Délais trop longs', 'fr')).toEqual(['lead-time']);
    expect(ids('Livrée abîmée, le transporteur a jeté le colis', 'fr')).toEqual(['delivery']);
    expect(ids('La notice est incompréhensible', 'fr')).toEqual(['documentation']);
    expect(ids('Vos prix nets ont augmenté', 'fr')).toEqual(['pricing']);
    expect(ids('Le SAV est injoignable', 'fr')).toEqual(['after-sales', 'responsiveness']);
    expect(ids('Pièces défectueuses, qualité en baisse', 'fr')).toContain('product-quality');
    expect(ids('Merci pour votre réactivité', 'fr')).toEqual(['responsiveness']);
    expect(ids("Pas de doc dans l'emballage", 'fr')).toEqual(['delivery', 'documentation']);
  });

  it('finds the themes of English verbatims, phrases included', () => {
    expect(ids('Lead times keep slipping', 'en')).toEqual(['lead-time']);
    expect(ids('Out of stock again', 'en')).toEqual(['lead-time']);
    expect(ids('The datasheet is wrong', 'en')).toEqual(['documentation']);
    expect(ids('Warranty claim rejected', 'en')).toEqual(['after-sales']);
    expect(ids('Nobody answers our emails', 'en')).toEqual(['responsiveness']);
    expect(ids('Great value for money', 'en')).toEqual(['pricing']);
  });

  it('returns the matched words as written, so a reader sees why', () => {
    const themes = tagThemes('Livraison en RETARD, délais non tenus', { language: 'fr' });
    expect(themes.find((t) => t.theme === 'lead-time')?.evidence).toEqual(['RETARD', 'délais']);
    expect(themes.find((t) => t.theme === 'delivery')?.evidence).toEqual(['Livraison']);
    expect(themes.find((t) => t.theme === 'lead-time')?.label).toBe('Délais');
    expect(tagThemes('Late again', { language: 'en' })[0]?.label).toBe('Lead times');
  });

  it('finds nothing in a verbatim without a theme word', () => {
    expect(tagThemes('Très bien, merci')).toEqual([]);
    expect(tagThemes('')).toEqual([]);
  });
});

describe('a configurable theme dictionary', () => {
  const sustainability: ThemeDefinition = {
    id: 'sustainability',
    label: { en: 'Sustainability', fr: 'Durabilité' },
    terms: {
      fr: ['recycl*', 'bilan carbone', 'écolo*'],
      en: ['recycl*', 'carbon footprint', 'eco friendly'],
    },
  };

  it('tags a custom theme added to the defaults, with its evidence', () => {
    const dictionary = parseThemeDictionary([...DEFAULT_THEME_DICTIONARY, sustainability]);
    const fr = tagThemes('Emballages non recyclables et bilan carbone inconnu', {
      language: 'fr',
      dictionary,
    });
    expect(fr.map((t) => t.theme)).toEqual(['delivery', 'sustainability']);
    expect(fr.find((t) => t.theme === 'sustainability')?.evidence).toEqual(['recyclables', 'bilan carbone']);
    const en = tagThemes('What is the carbon footprint of shipping?', { language: 'en', dictionary });
    expect(en.map((t) => t.theme)).toEqual(['delivery', 'sustainability']);
    expect(tagThemes('bilan carbone', { language: 'fr' })).toEqual([]);
  });

  it('can replace the defaults entirely', () => {
    const only = parseThemeDictionary([sustainability]);
    expect(
      tagThemes('Livraison en retard, cartons recyclés', { dictionary: only }).map((t) => t.theme),
    ).toEqual(['sustainability']);
  });

  it('rejects a bad dictionary naming the field and the rule', () => {
    const cases: [unknown, RegExp][] = [
      [[{ ...sustainability, id: 'Bad Id' }], /0\.id/],
      [[sustainability, sustainability], /duplicate theme id "sustainability"/],
      [[{ ...sustainability, terms: { fr: ['a*'], en: [] } }], /0\.terms\.fr\.0.*3 letters/],
      [[{ ...sustainability, label: { en: 'x' } }], /0\.label\.fr/],
    ];
    for (const [input, message] of cases) {
      let error: unknown;
      try {
        parseThemeDictionary(input);
      } catch (e) {
        error = e;
      }
      expect(isCxError(error, 'themeDictionary/invalid')).toBe(true);
      expect((error as Error).message).toMatch(message);
    }
  });
});
