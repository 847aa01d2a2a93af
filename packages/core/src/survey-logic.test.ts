import { describe, expect, it } from 'vitest';
import { SurveyDefinitionSchema, type Question } from '@cxkit/core';
import { isQuestionShown, scoreBandsOf } from '@cxkit/core/survey-logic';

const opt = (id: string) => ({ id, label: { en: id } });
const survey = SurveyDefinitionSchema.parse({
  id: 's',
  questions: [
    { id: 'nps', kind: 'nps', text: { en: 'NPS' } },
    { id: 'low', kind: 'text', text: { en: 'Why?' }, showIf: { question: 'nps', bands: ['detractor'] } },
    { id: 'color', kind: 'single-choice', text: { en: 'Colour' }, options: [opt('red'), opt('blue')] },
    { id: 'tools', kind: 'multi-choice', text: { en: 'Tools' }, options: [opt('a'), opt('b'), opt('c')] },
    { id: 'red', kind: 'text', text: { en: 'Red?' }, showIf: { question: 'color', anyOf: ['red'] } },
    { id: 'ac', kind: 'text', text: { en: 'A or C?' }, showIf: { question: 'tools', anyOf: ['a', 'c'] } },
    {
      id: 'pro',
      kind: 'text',
      text: { en: 'Pro?' },
      showIf: { hidden: 'plan', anyOf: ['pro', 'enterprise'] },
    },
  ],
});
const q = (id: string): Question => survey.questions.find((x) => x.id === id)!;
const shown = (id: string, answers: Record<string, unknown>, hidden?: Record<string, string>) =>
  isQuestionShown(q(id), answers as never, hidden, survey.questions);

describe('isQuestionShown', () => {
  it('always shows a question without a condition', () => {
    expect(shown('nps', {})).toBe(true);
  });

  it('shows a band follow-up when the earlier score is in the band (NPS 0-6 detractor)', () => {
    expect(shown('low', { nps: 6 })).toBe(true);
    expect(shown('low', { nps: 7 })).toBe(false);
    expect(shown('low', { nps: 'cant-recommend' })).toBe(false);
    expect(shown('low', { nps: null })).toBe(false);
    expect(shown('low', {})).toBe(false);
    expect(shown('low', { nps: 11 })).toBe(false);
  });

  it('shows an option follow-up when the chosen option, or any ticked option, is listed', () => {
    expect(shown('red', { color: 'red' })).toBe(true);
    expect(shown('red', { color: 'blue' })).toBe(false);
    expect(shown('red', { color: null })).toBe(false);
    expect(shown('red', {})).toBe(false);
    expect(shown('ac', { tools: ['b', 'c'] })).toBe(true);
    expect(shown('ac', { tools: ['a'] })).toBe(true);
    expect(shown('ac', { tools: ['b'] })).toBe(false);
    expect(shown('ac', { tools: [] })).toBe(false);
    expect(shown('ac', { tools: null })).toBe(false);
  });

  it('shows a hidden-field follow-up when the field has one of the values', () => {
    expect(shown('pro', {}, { plan: 'enterprise' })).toBe(true);
    expect(shown('pro', {}, { plan: 'free' })).toBe(false);
    expect(shown('pro', {}, { plan: 'Pro' })).toBe(false);
    expect(shown('pro', {}, {})).toBe(false);
    expect(shown('pro', {}, undefined)).toBe(false);
  });

  it('does not read inherited properties as answers', () => {
    expect(
      isQuestionShown({ showIf: { question: 'toString', anyOf: ['x'] } }, {}, {}, survey.questions),
    ).toBe(false);
  });
});

describe('scoreBandsOf', () => {
  it('gives NPS its band and low/high around 9, other scored kinds high in the top box', () => {
    expect(scoreBandsOf(q('nps'), 9)).toEqual(['promoter', 'high']);
    expect(scoreBandsOf(q('nps'), 8)).toEqual(['passive', 'low']);
    const csat = SurveyDefinitionSchema.parse({
      id: 'c',
      questions: [{ id: 'c', kind: 'csat', text: { en: 'C' } }],
    }).questions[0]!;
    expect(scoreBandsOf(csat, 4)).toEqual(['high']);
    expect(scoreBandsOf(csat, 3)).toEqual(['low']);
    expect(scoreBandsOf(csat, 6)).toEqual([]);
    expect(scoreBandsOf(q('color'), 4)).toEqual([]);
  });
});
