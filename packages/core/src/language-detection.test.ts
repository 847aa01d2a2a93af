import { describe, expect, it } from 'vitest';
import { detectLanguage } from '@cxkit/core';

describe('detectLanguage', () => {
  it.each([
    ['Livré en retard.', 'fr'],
    ['SAV injoignable', 'fr'],
    ['Très déçu', 'fr'],
    ['Rien à signaler', 'fr'],
    ["L'équipe est top", 'fr'],
    ['Pas terrible.', 'fr'],
    ['Not happy at all.', 'en'],
    ['Great support', 'en'],
    ["Didn't arrive on time", 'en'],
    ['Lead times are too long', 'en'],
    ['Way too expensive', 'en'],
  ])('recognises a short answer: %s -> %s', (text, language) => {
    expect(detectLanguage(text).language).toBe(language);
  });

  it('answers other for German, Spanish, Italian or Dutch feedback', () => {
    expect(detectLanguage('Die Lieferung war leider nicht pünktlich').language).toBe('other');
    expect(detectLanguage('La entrega llegó muy tarde, pero el producto es bueno').language).toBe('other');
    expect(detectLanguage('Consegna molto veloce, grazie').language).toBe('other');
    expect(detectLanguage('De levering was niet op tijd').language).toBe('other');
  });

  it('answers other with confidence 0 when the text gives no clue', () => {
    for (const text of ['Ok.', '👍', '10/10', '', '???']) {
      const d = detectLanguage(text);
      expect(d.language).toBe('other');
      expect(d.confidence).toBe(0);
    }
  });

  it('reports its confidence and the clue weight of each language', () => {
    const long = detectLanguage(
      "La livraison est arrivée en retard et personne ne nous a prévenus, c'est dommage",
    );
    expect(long.language).toBe('fr');
    expect(long.confidence).toBeGreaterThan(0.8);
    expect(long.scores.fr).toBeGreaterThan(long.scores.en ?? 0);
  });
});
