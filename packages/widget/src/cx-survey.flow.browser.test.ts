import { expect } from 'chai';
import type { SurveyDefinitionInput } from '@cxkit/core';
import type { CxAnswerDetail, CxErrorDetail, CxSubmitDetail, CxSurvey } from './index.js';
import {
  choose,
  cleanPage,
  mount,
  next,
  npsSurvey,
  questionText,
  radios,
  type,
  uid,
  waitFor,
} from '../test/browser-helpers.js';

/** Collects the `cx-*` events that reach the document (so they bubble and cross the shadow boundary). */
function record<T>(type: string): T[] {
  const got: T[] = [];
  document.addEventListener(type, (e) => got.push((e as CustomEvent<T>).detail));
  return got;
}

const button = (el: CxSurvey, part: string) =>
  el.renderRoot.querySelector<HTMLButtonElement>(`[part~="${part}"]`)!;

describe('<cx-survey> questions and flow', () => {
  afterEach(cleanPage);

  it('asks detractors what to improve and sends both answers in one response', async () => {
    const submits = record<CxSubmitDetail>('cx-submit');
    const answers = record<CxAnswerDetail>('cx-answer');
    const el = await mount({ account: 'acme', respondent: 'u-1', role: 'buyer' }, npsSurvey('rel-q4'));
    expect(el.hasAttribute('role'), 'role moves off the host, where it would be an ARIA role').to.equal(
      false,
    );
    expect(el.respondentRole).to.equal('buyer');
    await choose(el, '4');
    await next(el);
    expect(questionText(el)).to.equal('What should we improve?');
    await type(el, 'Faster delivery');
    await next(el);
    expect(questionText(el)).to.equal('Thank you for your feedback!');
    expect(answers.map((a) => a.answer.questionId)).to.deep.equal(['nps', 'improve']);
    expect(submits).to.have.length(1);
    const { response, complete } = submits[0]!;
    expect(complete).to.equal(true);
    expect(response).to.include({
      surveyId: 'rel-q4',
      accountId: 'acme',
      respondentId: 'u-1',
      role: 'buyer',
    });
    expect(response.id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(response.answers).to.deep.equal([
      { kind: 'nps', questionId: 'nps', value: 4 },
      { kind: 'text', questionId: 'improve', value: 'Faster delivery' },
    ]);
  });

  it('asks promoters what they value, and nobody a follow-up after "cannot recommend"', async () => {
    const el = await mount({}, npsSurvey());
    await choose(el, '9');
    await next(el);
    expect(questionText(el)).to.equal('What do you value most?');
    const el2 = await mount({}, npsSurvey());
    const submitted = new Promise<CxSubmitDetail>((r) =>
      el2.addEventListener('cx-submit', (e) => r(e.detail)),
    );
    await choose(el2, 'My company does not allow me to recommend suppliers');
    expect(button(el2, 'next').textContent!.trim()).to.equal('Send');
    await next(el2);
    expect((await submitted).response.answers).to.deep.equal([
      { kind: 'nps', questionId: 'nps', value: 'cant-recommend' },
    ]);
  });

  it('goes back keeping answers, and drops a follow-up that no longer applies', async () => {
    const el = await mount({}, npsSurvey());
    const submitted = new Promise<CxSubmitDetail>((r) =>
      el.addEventListener('cx-submit', (e) => r(e.detail)),
    );
    await choose(el, '3');
    await next(el);
    await type(el, 'Too slow');
    button(el, 'back').click();
    await el.updateComplete;
    expect(radios(el)[3]!.checked).to.equal(true);
    await choose(el, '10');
    await next(el);
    expect(questionText(el)).to.equal('What do you value most?');
    await next(el); // skipped: recorded as null
    expect((await submitted).response.answers).to.deep.equal([
      { kind: 'nps', questionId: 'nps', value: 10 },
      { kind: 'text', questionId: 'value', value: null },
    ]);
  });

  it('keeps a required question until it is answered and says why', async () => {
    const def = npsSurvey();
    (def.questions[0] as { required?: boolean }).required = true;
    const el = await mount({}, def);
    await next(el);
    const error = el.renderRoot.querySelector('[part="error"]')!;
    expect(error.textContent).to.equal('Please choose an answer.');
    const group = el.renderRoot.querySelector('[role="radiogroup"]')!;
    expect(group.getAttribute('aria-describedby')!.split(' ')).to.include(error.id);
    expect(group.getAttribute('aria-required')).to.equal('true');
    await choose(el, '8');
    expect(el.renderRoot.querySelector('[part="error"]')).to.equal(null);
    await next(el);
    expect(questionText(el)).to.equal('What should we improve?');
  });

  it('sends CSAT, CES, C2ES and single-choice answers on their scales, with a low-score follow-up', async () => {
    const def: SurveyDefinitionInput = {
      id: uid('s'),
      questions: [
        { id: 'yes', kind: 'csat', display: 'yes-no', text: { en: 'Solved?' } },
        { id: 'kiosk', kind: 'csat', display: 'smileys', text: { en: 'Kiosk?' } },
        { id: 'ces', kind: 'ces', text: { en: 'It was easy.' } },
        {
          id: 'hard',
          kind: 'text',
          text: { en: 'What was hard?' },
          showIf: { question: 'ces', bands: ['low'] },
        },
        { id: 'c2es', kind: 'c2es', text: { en: 'Easy to handle?' } },
        {
          id: 'via',
          kind: 'single-choice',
          text: { en: 'Channel?' },
          options: [
            { id: 'phone', label: { en: 'Phone' } },
            { id: 'chat', label: { en: 'Chat' } },
          ],
        },
      ],
    };
    const el = await mount({}, def);
    const submitted = new Promise<CxSubmitDetail>((r) =>
      el.addEventListener('cx-submit', (e) => r(e.detail)),
    );
    expect(radios(el).map((r) => r.parentElement!.textContent!.trim())).to.deep.equal(['No', 'Yes']);
    await choose(el, 'Yes');
    await next(el);
    await choose(el, 'Happy');
    await next(el);
    expect(radios(el)).to.have.length(7);
    expect(el.renderRoot.querySelector('[part="labels"]')!.textContent).to.contain('Strongly agree');
    await choose(el, '3');
    await next(el);
    expect(questionText(el)).to.equal('What was hard?');
    await type(el, 'Forms');
    await next(el);
    expect(radios(el)).to.have.length(5);
    await choose(el, '5');
    await next(el);
    await choose(el, 'Chat');
    await next(el);
    expect((await submitted).response.answers.map((a) => a.value)).to.deep.equal([
      1,
      3,
      3,
      'Forms',
      5,
      'chat',
    ]);
  });

  it('refuses a definition with more than 7 questions with a cx-error, without throwing', async () => {
    const errors = record<CxErrorDetail>('cx-error');
    const def = npsSurvey();
    def.questions = Array.from({ length: 8 }, (_, i) => ({
      id: `q${i}`,
      kind: 'text' as const,
      text: { en: 'Q' },
    }));
    const warn = console.warn;
    const lines: string[] = [];
    console.warn = (...a: unknown[]) => lines.push(a.join(' '));
    try {
      const el = await mount({}, def);
      await waitFor(() => errors.length, 2000, 'cx-error');
      expect(el.renderRoot.querySelector('section')).to.equal(null);
    } finally {
      console.warn = warn;
    }
    expect(errors[0]).to.deep.equal({
      code: 'definition/invalid',
      message: 'questions must hold 1 to 7 questions',
    });
    expect(lines).to.deep.equal(['[cx-survey] definition/invalid: questions must hold 1 to 7 questions']);
  });

  it('speaks French, takes per-survey overrides, and follows the nearest lang', async () => {
    const el = await mount({ locale: 'fr' }, npsSurvey());
    expect(questionText(el)).to.equal(
      'Quelle est la probabilité que vous recommandiez Acme à un collègue\u202f?',
    );
    // "Next" while a follow-up may come; the score decides.
    expect(button(el, 'next').textContent!.trim()).to.equal('Suivant');
    await choose(el, '5');
    expect(button(el, 'next').textContent!.trim()).to.equal('Suivant');
    expect(radios(el).at(-1)!.parentElement!.textContent!.trim()).to.equal(
      'Mon entreprise ne m’autorise pas à recommander des fournisseurs',
    );
    const box = document.createElement('div');
    box.lang = 'fr-CA';
    document.body.append(box);
    const def = { ...npsSurvey(), strings: { fr: { next: 'Continuer' } } };
    const el2 = await mount({}, def, box);
    await choose(el2, '5');
    expect(button(el2, 'next').textContent!.trim()).to.equal('Continuer');
    expect(el2.renderRoot.querySelector('section')!.getAttribute('lang')).to.equal('fr-CA');
    box.remove();
  });

  it('show(), dismiss() and reset() drive a manual survey', async () => {
    const shows: unknown[] = record('cx-show');
    const dismissals = record<{ reason: string }>('cx-dismiss');
    const el = await mount({ trigger: 'manual', 'fatigue-days': '30' }, npsSurvey());
    expect(el.renderRoot.querySelector('section')).to.equal(null);
    expect(await el.show()).to.equal(true);
    await el.updateComplete;
    expect(shows).to.have.length(1);
    el.dismiss();
    await el.updateComplete;
    expect(dismissals.map((d) => d.reason)).to.deep.equal(['method']);
    expect(await el.show(), 'fatigue: dismissed within 30 days').to.equal(false);
    el.reset();
    expect(await el.show()).to.equal(true);
  });

  it('keeps an answer given before the floating survey is closed', async () => {
    const el = await mount({ mode: 'floating' }, npsSurvey());
    const submitted = new Promise<CxSubmitDetail>((r) =>
      el.addEventListener('cx-submit', (e) => r(e.detail)),
    );
    await choose(el, '7');
    button(el, 'close').click();
    const { response, complete } = await submitted;
    expect(complete).to.equal(false);
    expect(response.answers).to.deep.equal([{ kind: 'nps', questionId: 'nps', value: 7 }]);
  });
});

describe('<cx-survey> style isolation and theming', () => {
  let style: HTMLStyleElement;
  beforeEach(() => {
    style = document.createElement('style');
    style.textContent = `
      body { font-family: Georgia, serif; }
      button, label, p { background: rgb(255, 0, 0) !important; color: rgb(255, 0, 0) !important; }
      cx-survey::part(next) { background: rgb(1, 2, 3); }
      cx-survey.accent { --cx-accent: rgb(0, 128, 0); }
      .q { text-transform: uppercase; }
    `;
    document.head.append(style);
  });
  afterEach(async () => {
    style.remove();
    await cleanPage();
  });

  it('keeps host CSS out, inherits the host font, and lets ::part and --cx-* through', async () => {
    const el = await mount({}, npsSurvey());
    el.classList.add('accent');
    const q = el.renderRoot.querySelector('.q')!;
    expect(getComputedStyle(q).fontFamily).to.equal('Georgia, serif');
    expect(getComputedStyle(q).textTransform).to.equal('none');
    expect(getComputedStyle(q).color).not.to.equal('rgb(255, 0, 0)');
    expect(getComputedStyle(el.renderRoot.querySelector('button.next')!).backgroundColor).to.equal(
      'rgb(1, 2, 3)',
    );
    await choose(el, '9');
    const chosen = radios(el)[9]!.parentElement!;
    expect(getComputedStyle(chosen).backgroundColor).to.equal('rgb(0, 128, 0)');
    expect(chosen.getAttribute('part')).to.equal('option selected');
  });

  it('keeps its CSS in: page paragraphs are untouched', async () => {
    await mount({}, npsSurvey());
    const p = document.createElement('p');
    p.className = 'q';
    document.body.append(p);
    expect(getComputedStyle(p).fontWeight).to.equal('400');
    p.remove();
  });

  it('switches to dark colours with theme="dark" whatever the system says', async () => {
    const light = await mount({ theme: 'light' }, npsSurvey());
    const dark = await mount({ theme: 'dark' }, npsSurvey());
    const bg = (el: CxSurvey) => getComputedStyle(el.renderRoot.querySelector('section')!).backgroundColor;
    expect(bg(light)).to.equal('rgb(255, 255, 255)');
    expect(bg(dark)).to.equal('rgb(28, 31, 36)');
  });
});
