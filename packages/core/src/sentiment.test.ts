import { describe, expect, it } from 'vitest';
import {
  analyzeSentiment,
  isCxError,
  parseSentimentLexicon,
  sentimentLabel,
  SENTIMENT_LEXICON_EN,
  SENTIMENT_LEXICON_FR,
} from '@cxkit/core';

// These tests pin the lexicon rules (the explanation layer and a model feature): `model: null` runs them alone.
const rules = (text: string, options: Parameters<typeof analyzeSentiment>[1] = {}) =>
  analyzeSentiment(text, { ...options, model: null });
const label = (text: string, language?: 'fr' | 'en') =>
  rules(text, language === undefined ? {} : { language }).label;

describe('sentimentLabel', () => {
  it('uses negative < -0.05 <= neutral <= 0.05 < positive', () => {
    expect(sentimentLabel(-0.051)).toBe('negative');
    expect(sentimentLabel(-0.05)).toBe('neutral');
    expect(sentimentLabel(0)).toBe('neutral');
    expect(sentimentLabel(0.05)).toBe('neutral');
    expect(sentimentLabel(0.051)).toBe('positive');
  });
});

describe('analyzeSentiment with the lexicon rules alone', () => {
  it('scores in [-1, 1] and labels clear French and English cases', () => {
    expect(label('Livraison rapide, équipe très réactive, merci !', 'fr')).toBe('positive');
    expect(label('Délais catastrophiques et SAV injoignable', 'fr')).toBe('negative');
    expect(label('Great support, fast delivery', 'en')).toBe('positive');
    expect(label('Shipment arrived late and damaged', 'en')).toBe('negative');
    expect(label('Commande passée par le portail.', 'fr')).toBe('neutral');
    for (const text of ['Excellent excellent parfait top génial', 'nul nul nul catastrophique']) {
      const { score } = rules(text);
      expect(Math.abs(score)).toBeLessThanOrEqual(1);
      expect(Math.abs(score)).toBeGreaterThan(0.8);
    }
  });

  it('handles negation: "pas satisfait", "pas du tout satisfait", "not happy", "not very happy"', () => {
    expect(label('satisfait', 'fr')).toBe('positive');
    expect(label('pas satisfait', 'fr')).toBe('negative');
    expect(label('Je ne suis pas du tout satisfait', 'fr')).toBe('negative');
    expect(label('happy', 'en')).toBe('positive');
    expect(label('not happy', 'en')).toBe('negative');
    expect(label('not very happy', 'en')).toBe('negative');
    expect(label("I'm not happy at all", 'en')).toBe('negative');
  });

  it('turns a negated complaint positive: "aucun problème", "no issues", "pas mal", "not bad"', () => {
    expect(label('Aucun problème', 'fr')).toBe('positive');
    expect(label('Pas mal du tout', 'fr')).toBe('positive');
    expect(label('No issues, all good', 'en')).toBe('positive');
    expect(label('Not bad at all', 'en')).toBe('positive');
    expect(label('Je ne suis pas déçu', 'fr')).toBe('positive');
  });

  it('does not flip a negated comparative that reads as a superlative, and does flip an attenuating one', () => {
    // "never/jamais" + so/aussi + word, and "not be better", assert the word; "not so", "pas si" attenuate it.
    expect(label("L'équipe n'a jamais été aussi réactive", 'fr')).toBe('positive');
    expect(label('Support has never been so helpful', 'en')).toBe('positive');
    expect(label('It could not be better', 'en')).toBe('positive');
    expect(rules("Vous n'avez jamais été aussi réactifs", { language: 'fr' }).evidence[0]?.negated).toBe(
      false,
    );
    expect(label('Jamais aussi rapide que prévu', 'fr')).toBe('negative');
    expect(label('Not so good', 'en')).toBe('negative');
    expect(label('Pas si bien que ça', 'fr')).toBe('negative');
    expect(label('It is not better than before', 'en')).toBe('negative');
    expect(label('Never on time', 'en')).toBe('negative');
  });

  it('uses the negated weight of words whose negation is not a plain flip', () => {
    // "terrible" is negative, and so is "pas terrible"; "no reply" is a complaint though "reply" is neutral.
    expect(label('Pas terrible', 'fr')).toBe('negative');
    expect(label('No reply to our emails', 'en')).toBe('negative');
    expect(label('Aucune réponse depuis lundi', 'fr')).toBe('negative');
  });

  it('returns the words behind the score, with the negation that changed them', () => {
    const result = rules('Pas du tout satisfait, livraison en retard', { language: 'fr' });
    expect(result.evidence.map((e) => e.text)).toEqual(['Pas du tout satisfait', 'en retard']);
    expect(result.evidence[0]?.negated).toBe(true);
    expect(result.evidence.every((e) => e.weight < 0)).toBe(true);
    expect(rules('Rien.').evidence).toEqual([]);
  });

  it('boosts after an intensifier and damps after a diminisher', () => {
    const plain = rules('slow', { language: 'en' }).score;
    const very = rules('very slow', { language: 'en' }).score;
    const bit = rules('a bit slow', { language: 'en' }).score;
    expect(very).toBeLessThan(plain);
    expect(bit).toBeGreaterThan(plain);
    expect(rules('very slow', { language: 'en' }).evidence[0]?.text).toBe('very slow');
  });

  it('weighs the clause after "but"/"mais" more than the one before', () => {
    expect(label('The product is good but lead times are a disaster', 'en')).toBe('negative');
    expect(label('Quelques retards mais un excellent fournisseur', 'fr')).toBe('positive');
  });

  it('accepts replacement lexicons, validated with parseSentimentLexicon', () => {
    const custom = parseSentimentLexicon({ language: 'en', terms: { wobbly: -2, 'rock solid': 3 } });
    const lexicons = { fr: SENTIMENT_LEXICON_FR, en: custom };
    expect(rules('wobbly', { language: 'en', lexicons }).label).toBe('negative');
    expect(rules('wobbly', { language: 'en' }).label).toBe('neutral');
    expect(rules('rock solid', { language: 'en', lexicons }).evidence[0]?.text).toBe('rock solid');
    expect(SENTIMENT_LEXICON_EN.terms.late).toBeLessThan(0);
  });

  it('rejects a bad lexicon naming the field and rule', () => {
    const bad = [
      { language: 'de', terms: {} },
      { language: 'en', terms: { great: 9 } },
      { language: 'en', terms: { 'a*': -1 } },
    ];
    for (const input of bad) {
      try {
        parseSentimentLexicon(input);
        expect.unreachable();
      } catch (error) {
        expect(isCxError(error, 'sentimentLexicon/invalid')).toBe(true);
      }
    }
    expect(() => parseSentimentLexicon({ language: 'en', terms: { great: 9 } })).toThrow(/terms\.great/);
  });
});
