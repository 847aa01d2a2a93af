import { describe, expect, it } from 'vitest';
import { compileTerms, termParts, tokenize } from '@cxkit/core';

describe('termParts', () => {
  it('folds terms like text, expanding elisions and keeping stems', () => {
    expect(termParts("À l'écoute")).toEqual(['a', 'le', 'ecoute']);
    expect(termParts('Livr*')).toEqual(['livr*']);
    expect(termParts('lead* time*')).toEqual(['lead*', 'time*']);
  });
});

describe('compileTerms', () => {
  const matcher = compileTerms<string>([
    ['livr*', 'stem'],
    ['livraison', 'word'],
    ['bon de livraison', 'phrase'],
    ['en retard', 'late'],
    ['retard', 'late-word'],
  ]);
  const found = (text: string) =>
    matcher.matchAll(tokenize(text)).map((m) => [m.term, m.value, m.start, m.length] as const);

  it('prefers the longest match: phrase over word over stem', () => {
    expect(found('Bon de livraison manquant')).toEqual([['bon de livraison', 'phrase', 0, 3]]);
    expect(found('La livraison est en retard')).toEqual([
      ['livraison', 'word', 1, 1],
      ['en retard', 'late', 3, 2],
    ]);
    expect(found('Livrée hier, retard de 2 jours')).toEqual([
      ['livr*', 'stem', 0, 1],
      ['retard', 'late-word', 2, 1],
    ]);
  });

  it('matches regardless of case and accents', () => {
    expect(found('LIVRÉ')).toEqual([['livr*', 'stem', 0, 1]]);
  });

  it('lets a later duplicate term override an earlier one', () => {
    const m = compileTerms([
      ['late', 1],
      ['late', 2],
    ]);
    expect(m.matchAt(tokenize('late'), 0)?.value).toBe(2);
    expect(m.matchAt(tokenize('on time'), 0)).toBeUndefined();
  });
});
