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
    await press('Tab'); // leaves the group for the Next button
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

  it('jumps with Home and End and wraps around with the arrows', async () => {
    const el = await mount({}, npsSurvey());
    radios(el)[5]!.focus();
    await press('End');
    expect(focused(el)).to.equal(radios(el).at(-1)); // the cannot-recommend choice closes the group
    await press('Home');
    await el.updateComplete;
    expect(radios(el)[0]!.checked).to.equal(true);
    await press('ArrowUp');
    await el.updateComplete;
    expect(radios(el).at(-1)!.checked).to.equal(true);
    await press('ArrowDown');
    await el.updateComplete;
    expect(radios(el)[0]!.checked).to.equal(true);
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
});
