import { expect } from 'chai';
import type { ScoreBand, SurveyDefinitionInput } from '@cxkit/core';
import { checkDefinition, visibleQuestions } from './survey-flow.js';
import { WidgetError } from './widget-error.js';

describe('which questions are asked (core isQuestionShown, most follow-ups while unanswered)', () => {
  /** An NPS question followed by open questions, each shown for the bands given. */
  const npsWith = (followUps: Record<string, ScoreBand[]>, ...rest: SurveyDefinitionInput['questions']) =>
    checkDefinition({
      id: 's',
      questions: [
        { id: 'nps', kind: 'nps', text: { en: 'NPS' } },
        ...Object.entries(followUps).map(([id, bands]) => ({
          id,
          kind: 'text' as const,
          text: { en: `${id}?` },
          showIf: { question: 'nps', bands },
        })),
        ...rest,
      ],
    });

  it('counts, before the score, as many follow-ups as one score can bring', () => {
    const def = npsWith(
      { fix: ['detractor'], like: ['promoter'], more: ['high'] },
      { id: 'csat', kind: 'csat', text: { en: 'CSAT' } },
    );
    // A promoter gets two follow-ups (promoter and high), a detractor one: four questions at most.
    expect(visibleQuestions(def, {}).length).to.equal(4);
    expect(visibleQuestions(def, { nps: 2 }).map((x) => x.id)).to.deep.equal(['nps', 'fix', 'csat']);
    expect(visibleQuestions(def, { nps: 7 }).map((x) => x.id)).to.deep.equal(['nps', 'csat']);
  });

  it('shows a follow-up only for the bands it names', () => {
    const def = npsWith({ why: ['detractor'] });
    // Unanswered: the follow-up may come, so it counts.
    expect(visibleQuestions(def, {}).length).to.equal(2);
    expect(visibleQuestions(def, { nps: 3 }).map((x) => x.id)).to.deep.equal(['nps', 'why']);
    expect(visibleQuestions(def, { nps: 9 }).map((x) => x.id)).to.deep.equal(['nps']);
    // Skipped: no band, no follow-up.
    expect(visibleQuestions(def, { nps: null }).map((x) => x.id)).to.deep.equal(['nps']);
  });

  const options = (...ids: string[]) => ids.map((id) => ({ id, label: { en: id } }));

  it('follows an earlier single or multi choice, counting the most follow-ups one answer can bring', () => {
    const def = checkDefinition({
      id: 's',
      questions: [
        { id: 'plan', kind: 'single-choice', text: { en: 'Plan?' }, options: options('free', 'pro', 'team') },
        {
          id: 'upgrade',
          kind: 'text',
          text: { en: 'Why not upgrade?' },
          showIf: { question: 'plan', anyOf: ['free'] },
        },
        { id: 'use', kind: 'multi-choice', text: { en: 'Uses?' }, options: options('api', 'ui', 'cli') },
        { id: 'api', kind: 'text', text: { en: 'API?' }, showIf: { question: 'use', anyOf: ['api'] } },
        {
          id: 'tools',
          kind: 'text',
          text: { en: 'Tools?' },
          showIf: { question: 'use', anyOf: ['ui', 'cli'] },
        },
      ],
    });
    const ids = (v: Record<string, string | string[] | null>) => visibleQuestions(def, v).map((x) => x.id);
    // Unanswered: "free" brings one follow-up, ticking everything two.
    expect(ids({})).to.deep.equal(['plan', 'upgrade', 'use', 'api', 'tools']);
    expect(ids({ plan: 'pro', use: ['cli'] })).to.deep.equal(['plan', 'use', 'tools']);
    expect(ids({ plan: 'free', use: ['api', 'ui'] })).to.deep.equal([
      'plan',
      'upgrade',
      'use',
      'api',
      'tools',
    ]);
    // Skipped: no follow-up.
    expect(ids({ plan: null, use: null })).to.deep.equal(['plan', 'use']);
  });

  it('follows a hidden field of the host page', () => {
    const def = checkDefinition({
      id: 's',
      questions: [
        { id: 'csat', kind: 'csat', text: { en: 'CSAT' } },
        {
          id: 'seats',
          kind: 'text',
          text: { en: 'Seats?' },
          showIf: { hidden: 'plan', anyOf: ['team', 'enterprise'] },
        },
      ],
    });
    expect(visibleQuestions(def, {}, { plan: 'team' }).map((x) => x.id)).to.deep.equal(['csat', 'seats']);
    expect(visibleQuestions(def, {}, { plan: 'free' }).map((x) => x.id)).to.deep.equal(['csat']);
    expect(visibleQuestions(def, {}).map((x) => x.id)).to.deep.equal(['csat']);
  });
});

describe('definition check', () => {
  const bad = (d: unknown) => {
    try {
      checkDefinition(d as SurveyDefinitionInput);
    } catch (e) {
      expect(e).to.be.instanceOf(WidgetError);
      expect((e as WidgetError).code).to.equal('definition/invalid');
      return (e as WidgetError).message;
    }
    throw new Error('accepted a bad definition');
  };

  it('names the field and the rule', () => {
    expect(bad(null)).to.equal('id must be a string');
    expect(bad({ id: 's', questions: [] })).to.equal('questions must hold 1 to 7 questions');
    expect(bad({ id: 's', questions: [{ id: 'a', kind: 'rating', text: { en: 'A' } }] })).to.equal(
      'questions[0].kind must be one of nps,csat,ces,c2es,text,single-choice,multi-choice,ranking,matrix',
    );
    expect(
      bad({
        id: 's',
        questions: [
          { id: 'a', kind: 'text', text: { en: 'A' } },
          { id: 'a', kind: 'text', text: { en: 'B' } },
        ],
      }),
    ).to.equal('questions[1].id must be a unique string');
    expect(
      bad({
        id: 's',
        questions: [{ id: 'a', kind: 'text', text: { en: 'A' }, showIf: { question: 'b', bands: ['low'] } }],
      }),
    ).to.equal('questions[0].showIf.question must name an earlier question');
    expect(
      bad({
        id: 's',
        questions: [
          { id: 'a', kind: 'single-choice', text: { en: 'A' }, options: [{ id: 'x', label: { en: 'X' } }] },
        ],
      }),
    ).to.equal('questions[0].options must hold 2 or more options');
    expect(
      bad({
        id: 's',
        questions: [{ id: 'a', kind: 'matrix', text: { en: 'A' }, items: [{ id: 'x', label: { en: 'X' } }] }],
      }),
    ).to.equal('questions[0].items must hold 2 or more items');
    expect(
      bad({
        id: 's',
        questions: [{ id: 'a', kind: 'text', text: { en: 'A' }, showIf: { question: 'a', anyOf: ['x'] } }],
      }),
    ).to.equal('questions[0].showIf.question must name an earlier question');
  });
});
