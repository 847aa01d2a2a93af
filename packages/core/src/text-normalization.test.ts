import { describe, expect, it } from 'vitest';
import { foldText, tokenize } from '@cxkit/core';

const norms = (text: string) => tokenize(text).map((t) => t.norm);
const negatedWords = (text: string) =>
  tokenize(text)
    .filter((t) => t.negated)
    .map((t) => t.norm);

describe('foldText', () => {
  it('removes accents and case and unifies apostrophes so spellings compare equal', () => {
    expect(foldText('Délais TRÈS longs, l’œuvre ça')).toBe("delais tres longs, l'oeuvre ca");
    expect(foldText('DÉÇU')).toBe(foldText('decu'));
  });
});

describe('tokenize', () => {
  it("expands French elisions l', d', qu', n', j' into the words they stand for", () => {
    expect(norms("L'équipe n'a pas répondu qu'hier, j'attends d'autres nouvelles")).toEqual([
      'le',
      'equipe',
      'ne',
      'a',
      'pas',
      'repondu',
      'que',
      'hier',
      'je',
      'attends',
      'de',
      'autres',
      'nouvelles',
    ]);
    // Curly apostrophes, as typed on phones, behave the same.
    expect(norms('l’heure')).toEqual(['le', 'heure']);
  });

  it('expands English negative contractions, with or without the apostrophe', () => {
    expect(norms("We don't know, it isn't here, can't wait, doesnt work")).toEqual([
      'we',
      'do',
      'not',
      'know',
      'it',
      'is',
      'not',
      'here',
      'can',
      'not',
      'wait',
      'does',
      'not',
      'work',
    ]);
    expect(norms("it's fine")).toEqual(['it', 'fine']);
  });

  it('keeps the original words and offsets so evidence can quote the text', () => {
    const text = "Livré à l'heure";
    const tokens = tokenize(text);
    expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual(['Livré', 'à', "l'", 'heure']);
    expect(tokens.map((t) => t.surface)).toEqual(['Livré', 'à', "l'", 'heure']);
  });

  it('negation reaches across fillers: "pas du tout satisfait", "not very happy", "not at all happy"', () => {
    expect(negatedWords('Je ne suis pas du tout satisfait')).toContain('satisfait');
    expect(negatedWords('not very happy')).toContain('happy');
    expect(negatedWords('not at all happy with it')).toContain('happy');
    expect(negatedWords('aucun problème')).toEqual(['probleme']);
  });

  it('negation stops at punctuation and at contrast words', () => {
    expect(negatedWords('Pas de souci, très satisfait')).not.toContain('satisfait');
    expect(negatedWords('No delays but poor quality')).toEqual(['delays']);
    expect(negatedWords('Pas de retard mais qualité médiocre')).not.toContain('mediocre');
  });

  it('negation covers three content words after the last negation word', () => {
    expect(negatedWords('never any real useful answer here today')).toEqual([
      'any',
      'real',
      'useful',
      'answer',
    ]);
  });

  it('"personne" and "plus" negate only in negative constructions', () => {
    expect(negatedWords('Personne ne répond')).toContain('repond');
    expect(negatedWords('Une personne très aimable')).toEqual([]);
    expect(negatedWords('Livraison plus rapide')).toEqual([]);
    expect(negatedWords('Ça ne marche plus du tout')).toContain('marche');
  });

  it('marks clauses: punctuation and contrast words start a new one', () => {
    const tokens = tokenize('Bon produit, par contre délais longs');
    expect(tokens.find((t) => t.norm === 'par')?.contrast).toBe(true);
    expect(tokens.find((t) => t.norm === 'delais')?.clause).toBeGreaterThan(
      tokens.find((t) => t.norm === 'produit')?.clause ?? Infinity,
    );
  });

  it('returns nothing for text without words', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize(' ?! … ')).toEqual([]);
  });
});
