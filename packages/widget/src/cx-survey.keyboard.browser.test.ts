import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import type { CxSubmitDetail } from './index.js';
import { cleanPage, mount, npsSurvey, questionText, radios } from '../test/browser-helpers.js';

const focused = (el: Element): Element | null => el.shadowRoot!.activeElement;
const press = (key: string) => sendKeys({ press: key });

describe('<cx-survey> keyboard only', () => {
  afterEach(async () => {
    await cleanPage();
    document.documentElement.removeAttribute('dir');
  });

  it('answers NPS and the follow-up with Tab, arrows, Enter and typing', async () => {
    const el = await mount({}, npsSurvey());
    const submitted = new Promise<CxSubmitDetail>((r) =>
      el.addEventListener('cx-submit', (e) => r(e.detail)),
    );
    await press('Tab');
    expect(focused(el)).to.equal(radios(el)[0]);
    await press('ArrowRight');
    await press('ArrowRight');
    await el.updateComplete;
    expect(radios(el)[2]!.checked).to.equal(true);
    expect(focused(el)).to.equal(radios(el)[2]);
    await press('Tab'); // leaves the scale for the cannot-recommend choice, a group of its own
    expect(focused(el)).to.equal(radios(el)[11]);
    await press('Tab');
    expect(focused(el)?.textContent?.trim()).to.equal('Next');
    await press('Enter');
    await el.updateComplete;
    expect(questionText(el)).to.equal('What should we improve?');
    expect(focused(el)?.tagName).to.equal('TEXTAREA'); // focus follows the step
    await sendKeys({ type: 'Slow answers' });
    await press('Tab'); // Back
    await press('Tab'); // Send
    expect(focused(el)?.textContent?.trim()).to.equal('Send');
    await press('Enter');
    const { response } = await submitted;
    expect(response.answers).to.deep.equal([
      { kind: 'nps', questionId: 'nps', value: 2 },
      { kind: 'text', questionId: 'improve', value: 'Slow answers' },
    ]);
    expect(focused(el)?.getAttribute('part')).to.equal('thanks');
  });

  it('jumps with Home and End and wraps around with the arrows, on the 0-10 scale only', async () => {
    const el = await mount({}, npsSurvey());
    radios(el)[5]!.focus();
    await press('End');
    await el.updateComplete;
    expect(focused(el)).to.equal(radios(el)[10]);
    expect(radios(el)[10]!.checked, 'End selects 10').to.equal(true);
    await press('Home');
    await el.updateComplete;
    expect(radios(el)[0]!.checked).to.equal(true);
    await press('ArrowLeft');
    await el.updateComplete;
    expect(radios(el)[10]!.checked, 'ArrowLeft from 0 wraps to 10').to.equal(true);
    await press('ArrowDown');
    await el.updateComplete;
    expect(radios(el)[0]!.checked).to.equal(true);
    await press('ArrowUp');
    await el.updateComplete;
    expect(radios(el)[10]!.checked).to.equal(true);
    expect(radios(el)[11]!.checked, 'the cannot-recommend choice is never reached by arrows').to.equal(false);
  });

  it('announces the scale as 11 radios, with the cannot-recommend choice apart', async () => {
    const el = await mount({}, npsSurvey());
    const group = el.renderRoot.querySelector('[role="radiogroup"]')!;
    // Chromium counts "n of m" over the radios sharing a name.
    const scale = radios(el).filter((r) => r.name === radios(el)[0]!.name);
    expect(scale.map((r) => r.value)).to.deep.equal(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(scale.every((r) => group.contains(r))).to.equal(true);
    const cant = radios(el)[11]!;
    expect(cant.value).to.equal('cant-recommend');
    expect(cant.name).not.to.equal(radios(el)[0]!.name);
  });

  it('says it again, and marks the question invalid, each time Next is pressed without an answer', async () => {
    const el = await mount(
      {},
      { ...npsSurvey(), questions: [{ ...npsSurvey().questions[0]!, required: true }] },
    );
    const live = el.renderRoot.querySelector('[aria-live]')!;
    let changes = 0;
    new MutationObserver(() => changes++).observe(live, {
      childList: true,
      characterData: true,
      subtree: true,
    });
    el.renderRoot.querySelector<HTMLButtonElement>('button.next')!.focus();
    await press('Enter');
    await el.updateComplete;
    await new Promise((r) => setTimeout(r));
    expect(live.textContent!.trim()).to.equal('Please choose an answer.');
    expect(el.renderRoot.querySelector('[role="radiogroup"]')!.getAttribute('aria-invalid')).to.equal('true');
    const after1 = changes;
    await press('Enter');
    await el.updateComplete;
    await new Promise((r) => setTimeout(r));
    expect(changes, 'the live region changed on the second press').to.be.greaterThan(after1);
    expect(live.textContent!.trim()).to.equal('Please choose an answer.');
    radios(el)[3]!.click();
    await el.updateComplete;
    expect(el.renderRoot.querySelector('[role="radiogroup"]')!.hasAttribute('aria-invalid')).to.equal(false);
  });

  it('mirrors the arrow keys and the scale right-to-left', async () => {
    document.documentElement.setAttribute('dir', 'rtl');
    const el = await mount({}, npsSurvey());
    radios(el)[5]!.focus();
    await press('ArrowLeft');
    await el.updateComplete;
    expect(radios(el)[6]!.checked, 'ArrowLeft increases right-to-left').to.equal(true);
    await press('ArrowRight');
    await el.updateComplete;
    expect(radios(el)[5]!.checked).to.equal(true);
    // 0 sits at the right end and 10 at the left end.
    const x = (i: number) => radios(el)[i]!.getBoundingClientRect().x;
    expect(x(0)).to.be.greaterThan(x(1));
  });

  it('shows a visible focus ring on the focused option', async () => {
    const el = await mount({}, npsSurvey());
    await press('Tab');
    const label = radios(el)[0]!.parentElement!;
    const style = getComputedStyle(label);
    expect(style.outlineStyle).to.equal('solid');
    expect(parseFloat(style.outlineWidth)).to.be.at.least(2);
  });

  it('selects with Space and dismisses the floating survey with Escape', async () => {
    const el = await mount({ mode: 'floating' }, npsSurvey());
    const dismissed = new Promise<string>((r) =>
      el.addEventListener('cx-dismiss', (e) => r(e.detail.reason)),
    );
    await press('Tab'); // the close button comes first
    expect(focused(el)?.getAttribute('aria-label')).to.equal('Close survey');
    await press('Tab');
    await press('Space');
    await el.updateComplete;
    expect(radios(el)[0]!.checked).to.equal(true);
    await press('Escape');
    expect(await dismissed).to.equal('escape');
    expect(el.renderRoot.querySelector('section')).to.equal(null);
  });

  for (const how of ['Escape', 'close button'])
    it(`gives focus back to where it came from after ${how} in floating mode`, async () => {
      const before = document.createElement('button');
      before.textContent = 'Portal action';
      document.body.prepend(before);
      try {
        const el = await mount({ mode: 'floating' }, npsSurvey());
        before.focus();
        await press('Tab'); // into the panel: its close button
        expect(focused(el)?.getAttribute('aria-label')).to.equal('Close survey');
        await press('Tab');
        expect(focused(el)).to.equal(radios(el)[0]);
        if (how === 'Escape') await press('Escape');
        else {
          await press('Shift+Tab');
          await press('Enter');
        }
        await el.updateComplete;
        expect(el.renderRoot.querySelector('section')).to.equal(null);
        expect(document.activeElement).to.equal(before);
      } finally {
        before.remove();
      }
    });
});
