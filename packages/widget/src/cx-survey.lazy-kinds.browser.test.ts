// The question kinds beyond the scores are chunks of their own: a survey that does not ask one never
// requests it (the first paint stays small), one that does gets it before it shows.
import { expect } from 'chai';
import type { SurveyDefinitionInput } from '@cxkit/core';
import { cleanPage, mount, npsSurvey, uid } from '../test/browser-helpers.js';

const CHUNKS = ['multi-choice', 'ranking', 'matrix', 'csat-faces'];
/** The kind chunks this page has requested so far (the test runner serves each module as its source file). */
const requested = () =>
  CHUNKS.filter((c) =>
    performance.getEntriesByType('resource').some((e) => new URL(e.name).pathname.endsWith(`/src/${c}.ts`)),
  );
const options = [
  { id: 'a', label: { en: 'A' } },
  { id: 'b', label: { en: 'B' } },
];
const survey = (...questions: SurveyDefinitionInput['questions']): SurveyDefinitionInput => ({
  id: uid('s'),
  questions,
});

// In this order: each test sees what the earlier ones loaded.
describe('<cx-survey> question-kind chunks', () => {
  afterEach(cleanPage);

  it('are not requested for a survey of scores, choice and text', async () => {
    const el = await mount(
      {},
      survey(
        ...npsSurvey().questions,
        { id: 'c', kind: 'csat', text: { en: 'CSAT?' } },
        { id: 'ch', kind: 'single-choice', text: { en: 'Which?' }, options },
      ),
    );
    expect(el.renderRoot.querySelector('section')).to.not.equal(null);
    expect(requested()).to.deep.equal([]);
  });

  it('load the multi-choice chunk, and only it, for a survey with a multi-choice', async () => {
    const el = await mount({}, survey({ id: 'm', kind: 'multi-choice', text: { en: 'Which?' }, options }));
    expect(el.renderRoot.querySelectorAll('input[type="checkbox"]').length).to.equal(2);
    expect(requested()).to.deep.equal(['multi-choice']);
  });

  it('load the ranking and matrix chunks before showing a survey that asks them later', async () => {
    const el = await mount(
      {},
      survey(
        { id: 'n', kind: 'nps', text: { en: 'NPS?' } },
        { id: 'r', kind: 'ranking', text: { en: 'Order?' }, options },
        { id: 'x', kind: 'matrix', text: { en: 'Rate' }, items: options },
        { id: 's', kind: 'csat', display: 'stars', text: { en: 'Stars?' } },
      ),
    );
    expect(requested()).to.deep.equal(['multi-choice', 'ranking', 'matrix', 'csat-faces']);
    expect(el.renderRoot.querySelectorAll('[part~="option"]').length).to.equal(12);
  });
});
