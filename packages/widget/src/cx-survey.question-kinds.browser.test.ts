// Multi-choice, ranking and matrix questions (issue 20): answered by mouse and by keyboard, checked
// before Next, accessible, and jump logic on an earlier choice or a hidden field.
import { expect } from 'chai';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import type { SurveyDefinitionInput } from '@cxkit/core';
import type { CxSubmitDetail, CxSurvey } from './index.js';
import { cleanPage, expectNoAxeViolations, mount, next, questionText, uid } from '../test/browser-helpers.js';

type Questions = SurveyDefinitionInput['questions'];
const survey = (...questions: Questions): SurveyDefinitionInput => ({ id: uid('s'), questions });
const options = (...labels: string[]) =>
  labels.map((l) => ({ id: l.toLowerCase().replace(/\W+/g, '-'), label: { en: l, fr: `${l} (fr)` } }));

const tools = {
  id: 'tools',
  kind: 'multi-choice',
  text: { en: 'Which tools do you use?' },
  options: options('Reports', 'Alerts', 'API', 'Exports'),
} as const;
const priorities = {
  id: 'priorities',
  kind: 'ranking',
  text: { en: 'Put these in order of importance' },
  options: options('Price', 'Quality', 'Support', 'Speed'),
} as const;
const service = {
  id: 'service',
  kind: 'matrix',
  text: { en: 'Rate our service' },
  items: options('Onboarding', 'Billing', 'Support'),
  labels: { low: { en: 'Poor' }, high: { en: 'Excellent' } },
} as const;

const press = (key: string) => sendKeys({ press: key });
const focused = (el: CxSurvey) => el.renderRoot.activeElement as HTMLElement | null;
const all = <T extends Element>(el: CxSurvey, sel: string) => [...el.renderRoot.querySelectorAll<T>(sel)];
const live = (el: CxSurvey) => el.renderRoot.querySelector('[aria-live="polite"]')!.textContent;
const error = (el: CxSurvey) => el.renderRoot.querySelector('[part="error"]')?.textContent ?? null;
const submitted = (el: CxSurvey) =>
  new Promise<CxSubmitDetail>((r) => el.addEventListener('cx-submit', (e) => r(e.detail)));
/** The checkbox or radio whose label (or accessible name) is `name`. */
const input = (el: CxSurvey, name: string): HTMLInputElement => {
  const nameOf = (x: HTMLInputElement) => {
    const by = x.getAttribute('aria-labelledby');
    return by
      ? by
          .split(' ')
          .map((id) => el.renderRoot.getElementById(id)!.textContent!.trim())
          .join(' ')
      : x.parentElement!.textContent!.trim();
  };
  const i = all<HTMLInputElement>(el, 'input').find((x) => nameOf(x) === name);
  if (!i) throw new Error(`no input named ${name}`);
  return i;
};
const click = async (el: CxSurvey, target: HTMLElement) => {
  target.click();
  await el.updateComplete;
};
const button = (el: CxSurvey, label: string) =>
  all<HTMLButtonElement>(el, 'button').find((b) => b.getAttribute('aria-label') === label)!;
const order = (el: CxSurvey) => all(el, '.rank .t').map((t) => t.textContent!.trim());

describe('<cx-survey> multi-choice, ranking and matrix', () => {
  afterEach(async () => {
    await cleanPage();
    document.documentElement.removeAttribute('dir');
    await emulateMedia({ colorScheme: 'light' });
  });

  it('answers all three by mouse and sends the answers the contract defines', async () => {
    const el = await mount({}, survey(tools, priorities, service));
    const done = submitted(el);
    await click(el, input(el, 'Reports'));
    await click(el, input(el, 'API'));
    await click(el, input(el, 'Reports')); // unticked again
    await click(el, input(el, 'Exports'));
    await next(el);
    expect(questionText(el)).to.equal('Put these in order of importance');
    await click(el, button(el, 'Move Support up'));
    await click(el, button(el, 'Move Support up'));
    await click(el, button(el, 'Move Price down'));
    expect(order(el)).to.deep.equal(['Support', 'Quality', 'Price', 'Speed']);
    await next(el);
    await click(el, input(el, 'Onboarding 4'));
    await click(el, input(el, 'Billing 2'));
    await click(el, input(el, 'Support 5'));
    await click(el, input(el, 'Billing 3'));
    expect(input(el, 'Billing 3').parentElement!.getAttribute('part')).to.equal('option selected');
    await next(el);
    expect((await done).response.answers).to.deep.equal([
      { kind: 'multi-choice', questionId: 'tools', value: ['api', 'exports'] },
      { kind: 'ranking', questionId: 'priorities', value: ['support', 'quality', 'price', 'speed'] },
      { kind: 'matrix', questionId: 'service', value: { onboarding: 4, billing: 3, support: 5 } },
    ]);
  });

  it('answers all three by keyboard only, announcing each move of the ranking', async () => {
    const el = await mount({}, survey(tools, priorities, service));
    const done = submitted(el);
    // Multi-choice: Tab to a checkbox, Space ticks it.
    await press('Tab');
    expect(focused(el)).to.equal(input(el, 'Reports'));
    await press('Space');
    await press('Tab');
    await press('Tab');
    await press('Space');
    await el.updateComplete;
    expect(input(el, 'API').checked).to.equal(true);
    await press('Tab');
    await press('Tab');
    expect(focused(el)?.textContent?.trim()).to.equal('Next');
    await press('Enter');
    await el.updateComplete;
    // Ranking: focus lands on the list; its move buttons keep focus on the moved item.
    expect(focused(el)?.getAttribute('part')).to.equal('ranking');
    await press('Tab'); // Move Price down (Price is first: no Move up)
    expect(focused(el)?.getAttribute('aria-label')).to.equal('Move Price down');
    await press('Enter');
    await el.updateComplete;
    expect(order(el)).to.deep.equal(['Quality', 'Price', 'Support', 'Speed']);
    expect(live(el)).to.equal('Price moved to position 2 of 4');
    expect(focused(el)?.getAttribute('aria-label')).to.equal('Move Price down');
    await press('Enter');
    await press('Enter');
    await el.updateComplete;
    expect(order(el)).to.deep.equal(['Quality', 'Support', 'Speed', 'Price']);
    expect(live(el)).to.equal('Price moved to position 4 of 4');
    // At the bottom, its Move down is disabled: focus moved to Move up.
    expect(focused(el)?.getAttribute('aria-label')).to.equal('Move Price up');
    await press('Enter');
    await el.updateComplete;
    expect(live(el)).to.equal('Price moved to position 3 of 4');
    expect(order(el)).to.deep.equal(['Quality', 'Support', 'Price', 'Speed']);
    while (focused(el)?.textContent?.trim() !== 'Next') await press('Tab');
    await press('Enter');
    await el.updateComplete;
    // Matrix: each row is one radio group; arrows choose within it, Tab goes to the next row.
    expect(focused(el)).to.equal(input(el, 'Onboarding 1'));
    await press('ArrowRight');
    await press('ArrowRight');
    await press('Tab');
    expect(focused(el)).to.equal(input(el, 'Billing 1'));
    await press('ArrowRight');
    await press('Tab');
    await press('ArrowLeft'); // wraps around to 5
    await el.updateComplete;
    while (focused(el)?.textContent?.trim() !== 'Send') await press('Tab');
    await press('Enter');
    expect((await done).response.answers).to.deep.equal([
      { kind: 'multi-choice', questionId: 'tools', value: ['reports', 'api'] },
      { kind: 'ranking', questionId: 'priorities', value: ['quality', 'support', 'price', 'speed'] },
      { kind: 'matrix', questionId: 'service', value: { onboarding: 3, billing: 2, support: 5 } },
    ]);
  });

  it('sends null for each when skipped, and a required ranking left as shown as that order', async () => {
    const el = await mount(
      {},
      survey(tools, priorities, service, { ...priorities, id: 'must', required: true }),
    );
    const done = submitted(el);
    for (let i = 0; i < 4; i++) await next(el);
    expect((await done).response.answers).to.deep.equal([
      { kind: 'multi-choice', questionId: 'tools', value: null },
      { kind: 'ranking', questionId: 'priorities', value: null },
      { kind: 'matrix', questionId: 'service', value: null },
      { kind: 'ranking', questionId: 'must', value: ['price', 'quality', 'support', 'speed'] },
    ]);
  });

  it('holds a multi-choice within its limits, saying why in the error and the live region', async () => {
    const el = await mount({}, survey({ ...tools, required: true, minSelected: 2, maxSelected: 3 }));
    const group = el.renderRoot.querySelector('fieldset')!;
    const hint = el.renderRoot.getElementById('n')!;
    expect(hint.textContent).to.equal('Choose at least 2. Choose at most 3.');
    expect(group.getAttribute('aria-describedby')).to.equal('n');
    await next(el);
    expect(error(el)).to.equal('Choose at least 2.');
    expect(live(el)).to.equal('Choose at least 2.');
    expect(all(el, 'input').every((i) => i.getAttribute('aria-invalid') === 'true')).to.equal(true);
    expect(el.renderRoot.querySelector('fieldset')!.getAttribute('aria-describedby')).to.equal('n e');
    await next(el); // pressed again: the live region changes, so it is announced again
    expect(live(el)).to.equal('Choose at least 2.\u00a0');
    await click(el, input(el, 'Reports'));
    expect(error(el)).to.equal(null);
    expect(input(el, 'Reports').hasAttribute('aria-invalid')).to.equal(false);
    for (const n of ['Alerts', 'API', 'Exports']) await click(el, input(el, n));
    await next(el);
    expect(error(el)).to.equal('Choose at most 3.');
    await click(el, input(el, 'API'));
    await next(el);
    expect(questionText(el)).to.equal('Thank you for your feedback!');
  });

  it('names the checkbox group by a legend holding the question, described by its help and limits', async () => {
    const el = await mount({}, survey({ ...tools, help: { en: 'Tick all that apply.' }, maxSelected: 2 }));
    const group = el.renderRoot.querySelector('fieldset')!;
    expect(group.querySelector('legend')!.textContent).to.equal('Which tools do you use?');
    const visible = (e: Element) => e.getBoundingClientRect().height > 0;
    // The element's own question paragraph and help give way to the legend and the help inside it.
    expect(
      all(el, '.q, .help')
        .filter(visible)
        .map((e) => e.textContent),
    ).to.deep.equal(['Which tools do you use?', 'Tick all that apply.', 'Choose at most 2.']);
    const described = group
      .getAttribute('aria-describedby')!
      .split(' ')
      .map((id) => el.renderRoot.getElementById(id)!.textContent);
    expect(described).to.deep.equal(['Choose at most 2.', 'Tick all that apply.']);
    expect(questionText(el)).to.equal('Which tools do you use?');
  });

  it('asks a required multi-choice for one answer, and lets an optional one with a minimum be skipped', async () => {
    const el = await mount(
      {},
      survey({ ...tools, required: true }, { ...tools, id: 'more', minSelected: 2 }),
    );
    await next(el);
    expect(error(el)).to.equal('Please choose an answer.');
    await click(el, input(el, 'API'));
    await next(el);
    await next(el); // nothing ticked: skipped
    expect(questionText(el)).to.equal('Thank you for your feedback!');
  });

  it('asks a required matrix to rate every item, marking the rows left', async () => {
    const el = await mount({}, survey({ ...service, required: true }));
    await click(el, input(el, 'Billing 4'));
    await next(el);
    expect(error(el)).to.equal('Please rate every item.');
    expect(live(el)).to.equal('Please rate every item.');
    const invalid = (item: string) => input(el, `${item} 1`).getAttribute('aria-invalid');
    expect([invalid('Onboarding'), invalid('Billing'), invalid('Support')]).to.deep.equal([
      'true',
      null,
      'true',
    ]);
    expect(input(el, 'Onboarding 1').required).to.equal(true);
    await click(el, input(el, 'Onboarding 5'));
    await click(el, input(el, 'Support 1'));
    await next(el);
    expect(questionText(el)).to.equal('Thank you for your feedback!');
  });

  it('labels the matrix by its question, rows by item headers and columns by scale points', async () => {
    const el = await mount({}, survey({ ...service, scale: { min: 0, max: 3 } }));
    const table = el.renderRoot.querySelector('table')!;
    expect(el.renderRoot.getElementById(table.getAttribute('aria-labelledby')!)!.textContent).to.equal(
      'Rate our service',
    );
    expect(all(el, 'th[scope="col"]').map((t) => t.textContent)).to.deep.equal(['0', '1', '2', '3']);
    expect(all(el, 'th[scope="row"]').map((t) => t.textContent)).to.deep.equal([
      'Onboarding',
      'Billing',
      'Support',
    ]);
    // One group per row: the radios of a row share a name, and rows differ.
    const names = all<HTMLInputElement>(el, 'tbody tr').map(
      (tr) => new Set([...tr.querySelectorAll('input')].map((i) => i.name)),
    );
    expect(names.every((n) => n.size === 1)).to.equal(true);
    expect(new Set(names.map((n) => [...n][0])).size).to.equal(3);
    expect(el.renderRoot.getElementById('l')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      'Poor, Excellent',
    );
  });

  for (const [mode, setup] of [
    ['light', async () => {}],
    ['dark', () => emulateMedia({ colorScheme: 'dark' })],
    ['right-to-left, in French', async () => document.documentElement.setAttribute('dir', 'rtl')],
  ] as const)
    it(`has no axe violations ${mode}, with answers and with errors`, async () => {
      await setup();
      const el = await mount(
        mode.includes('French') ? { locale: 'fr' } : {},
        survey(
          { ...tools, required: true, minSelected: 2 },
          { ...priorities, help: { en: 'Most important first.' } },
          { ...service, required: true },
        ),
      );
      await expectNoAxeViolations(el);
      await next(el); // the error state
      await expectNoAxeViolations(el);
      for (const i of all<HTMLInputElement>(el, 'input').slice(0, 2)) await click(el, i);
      await expectNoAxeViolations(el);
      await next(el);
      await expectNoAxeViolations(el); // the ranking
      await click(el, all<HTMLButtonElement>(el, '.rank button:not(:disabled)')[0]!);
      await expectNoAxeViolations(el);
      await next(el);
      await next(el); // the matrix's error state
      await expectNoAxeViolations(el);
      for (const tr of all(el, 'tbody tr')) await click(el, tr.querySelector('input')!);
      await expectNoAxeViolations(el);
      await next(el);
      expect(el.renderRoot.querySelector('[part="thanks"]')).to.not.equal(null);
    });

  it('speaks French in French: limits, moves and errors', async () => {
    const el = await mount(
      { locale: 'fr' },
      survey({ ...tools, maxSelected: 1 }, priorities, { ...service, required: true }),
    );
    expect(el.renderRoot.getElementById('n')!.textContent).to.equal('Choisissez-en au plus 1.');
    await click(el, input(el, 'API (fr)'));
    await next(el);
    await click(el, button(el, 'Descendre Price (fr)'));
    expect(live(el)).to.equal('Price (fr) déplacé en position 2 sur 4');
    await next(el);
    await next(el);
    expect(error(el)).to.equal('Veuillez évaluer chaque élément.');
  });

  it('lets a survey override the new strings like the built-in ones', async () => {
    const def = survey({ ...tools, minSelected: 2 });
    def.strings = { en: { atLeast: 'Pick {n} or more.' } };
    const el = await mount({}, def);
    expect(el.renderRoot.getElementById('n')!.textContent).to.equal('Pick 2 or more.');
  });

  it('mirrors the matrix right-to-left', async () => {
    document.documentElement.setAttribute('dir', 'rtl');
    const el = await mount({}, survey(service));
    const x = (name: string) => input(el, name).getBoundingClientRect().x;
    expect(x('Onboarding 1')).to.be.greaterThan(x('Onboarding 5'));
  });

  it('jumps on an earlier single or multi choice', async () => {
    const def = survey(
      { id: 'plan', kind: 'single-choice', text: { en: 'Your plan?' }, options: options('Free', 'Pro') },
      {
        id: 'why-free',
        kind: 'text',
        text: { en: 'Why not Pro?' },
        showIf: { question: 'plan', anyOf: ['free'] },
      },
      tools,
      {
        id: 'api-use',
        kind: 'text',
        text: { en: 'What do you build on the API?' },
        showIf: { question: 'tools', anyOf: ['api'] },
      },
    );
    const el = await mount({}, def);
    expect(live(el)).to.equal('Question 1 of 4');
    await click(el, all<HTMLInputElement>(el, 'input')[1]!); // Pro
    await next(el);
    expect(questionText(el)).to.equal('Which tools do you use?');
    expect(live(el)).to.equal('Question 2 of 3');
    await click(el, input(el, 'API'));
    await next(el);
    expect(questionText(el)).to.equal('What do you build on the API?');
    const el2 = await mount({}, def);
    const done = submitted(el2);
    await click(el2, all<HTMLInputElement>(el2, 'input')[0]!); // Free
    await next(el2);
    expect(questionText(el2)).to.equal('Why not Pro?');
    await next(el2);
    await click(el2, input(el2, 'Alerts'));
    await next(el2);
    expect((await done).response.answers.map((a) => a.questionId)).to.deep.equal([
      'plan',
      'why-free',
      'tools',
    ]);
  });

  it('jumps on a hidden field of the host page', async () => {
    const def = survey(
      { id: 'csat', kind: 'csat', text: { en: 'How satisfied are you?' } },
      {
        id: 'seats',
        kind: 'text',
        text: { en: 'How many seats will you add?' },
        showIf: { hidden: 'plan', anyOf: ['team'] },
      },
    );
    const team = await mount({ 'hidden-fields': '{"plan":"team"}' }, def);
    expect(live(team)).to.equal('Question 1 of 2');
    await next(team);
    expect(questionText(team)).to.equal('How many seats will you add?');
    team.remove();
    const free = await mount({ 'hidden-fields': '{"plan":"free"}' }, { ...def, id: uid('s') });
    expect(live(free)).to.equal('Question 1 of 1');
    expect(free.renderRoot.querySelector('.next')!.textContent!.trim()).to.equal('Send');
  });
});
