import { expect } from 'chai';
import type { Question, ScoreBand, SurveyDefinitionInput } from '@cxkit/core';
import { bandsOf, checkDefinition, visibleQuestions } from './survey-flow.js';
import { WidgetError } from './widget-error.js';

const q = (x: object) => ({ id: 'q', text: { en: 'Q' }, required: false, ...x }) as unknown as Question;

describe('score bands (which follow-up a score leads to)', () => {
  it('splits NPS into detractors 0-6, passives 7-8, promoters 9-10, and low/high', () => {
    const nps = q({ kind: 'nps', allowCantRecommend: true });
    expect(bandsOf(nps, 6)).to.deep.equal(['detractor', 'low']);
    expect(bandsOf(nps, 7)).to.deep.equal(['passive', 'low']);
    expect(bandsOf(nps, 8)).to.deep.equal(['passive', 'low']);
    expect(bandsOf(nps, 9)).to.deep.equal(['promoter', 'high']);
    expect(bandsOf(nps, 'cant-recommend')).to.deep.equal([]);
    expect(bandsOf(nps, null)).to.deep.equal([]);
  });

  it('puts other scales high at or above the top box, mirroring a higher-is-worse scale', () => {
    expect(bandsOf(q({ kind: 'csat', display: 'numbers' }), 3)).to.deep.equal(['low']);
    expect(bandsOf(q({ kind: 'csat', display: 'numbers' }), 4)).to.deep.equal(['high']);
    expect(bandsOf(q({ kind: 'csat', display: 'numbers', scale: { min: 1, max: 10 } }), 7)).to.deep.equal([
      'low',
    ]);
    expect(bandsOf(q({ kind: 'csat', display: 'numbers', scale: { min: 1, max: 10 } }), 8)).to.deep.equal([
      'high',
    ]);
    expect(bandsOf(q({ kind: 'csat', display: 'yes-no' }), 0)).to.deep.equal(['low']);
    expect(bandsOf(q({ kind: 'csat', display: 'smileys' }), 3)).to.deep.equal(['high']);
    expect(bandsOf(q({ kind: 'ces' }), 5)).to.deep.equal(['low']);
    expect(bandsOf(q({ kind: 'ces' }), 6)).to.deep.equal(['high']);
    expect(bandsOf(q({ kind: 'ces', topBox: 5 }), 5)).to.deep.equal(['high']);
    // "How much effort?" on 1-10, higher is worse: 2 is a good answer.
    const effort = q({ kind: 'ces', scale: { min: 1, max: 10, polarity: 'higher-is-worse' } });
    expect(bandsOf(effort, 2)).to.deep.equal(['high']);
    expect(bandsOf(effort, 9)).to.deep.equal(['low']);
  });

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
      'questions[0].kind must be one of nps,csat,ces,c2es,text,single-choice',
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
  });
});
