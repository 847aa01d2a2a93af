// Runs in its own page (a file of its own): the outbox is read from storage once per page.
import { expect } from 'chai';
import { mount, npsSurvey, waitFor } from '../test/browser-helpers.js';

describe('<cx-survey> held answers on a shared browser', () => {
  it("removes the free text of another person's held answer (resume) from storage when someone signs in", async () => {
    const def = npsSurvey();
    const id = crypto.randomUUID();
    const entry = {
      id,
      response: {
        id,
        surveyId: def.id,
        accountId: 'acme',
        respondentId: 'ann',
        answeredAt: new Date().toISOString(),
        answers: [
          { kind: 'nps', questionId: 'nps', value: 3 },
          { kind: 'text', questionId: 'improve', value: 'Ann: private remark' },
        ],
      },
      url: '/collector/nowhere/v1/responses',
      headers: {},
      hold: true,
      tries: 0,
      due: Date.now() + 600_000,
    };
    localStorage.setItem('cx-survey:outbox', JSON.stringify({ [id]: entry }));
    await mount({ account: 'acme', respondent: 'bob', token: 'tok-bob' }, npsSurvey());
    await waitFor(
      () => !localStorage.getItem('cx-survey:outbox')!.includes('private remark'),
      5000,
      'the text to go',
    );
    const kept = JSON.parse(localStorage.getItem('cx-survey:outbox')!)[id];
    expect(kept.response.answers).to.deep.equal([
      { kind: 'nps', questionId: 'nps', value: 3 },
      { kind: 'text', questionId: 'improve', value: null },
    ]);
  });
});
