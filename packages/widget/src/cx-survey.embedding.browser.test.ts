// What embedders ask for (issue 20): a per-survey stylesheet, hidden fields stored with the answer,
// a language switch, and triggers beyond auto/manual with URL targeting.
import { expect } from 'chai';
import type { CxSubmitDetail, CxSurvey } from './index.js';
import {
  choose,
  cleanPage,
  collectorStats,
  configureCollector,
  expectNoAxeViolations,
  mount,
  next,
  npsSurvey,
  uid,
  waitFor,
} from '../test/browser-helpers.js';

const isShown = (el: CxSurvey) => !!el.renderRoot.querySelector('section');
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('<cx-survey> for embedders', () => {
  const url = location.href;
  afterEach(async () => {
    await cleanPage();
    history.replaceState(null, '', url);
    document.getElementById('tall')?.remove();
    scrollTo(0, 0);
  });

  it('applies a per-survey stylesheet inside the shadow root, and follows its changes', async () => {
    const el = await mount({ stylesheet: '.q { color: rgb(1, 2, 3) }' }, npsSurvey());
    const q = () => getComputedStyle(el.renderRoot.querySelector('.q')!).color;
    expect(q()).to.equal('rgb(1, 2, 3)');
    el.stylesheet = '.q { color: rgb(4, 5, 6) }';
    await el.updateComplete;
    expect(q()).to.equal('rgb(4, 5, 6)');
    // The built-in styles are still there (44 px targets).
    expect(el.renderRoot.querySelector('label')!.getBoundingClientRect().height).to.be.at.least(44);
  });

  it('stores hidden fields, the page address and the UTM parameters with the answer', async () => {
    history.replaceState(null, '', '?utm_source=newsletter&utm_campaign=q4&session=secret');
    const ns = uid('c');
    await configureCollector(ns, {});
    const el = await mount(
      {
        endpoint: `/collector/${ns}`,
        account: 'acme',
        'hidden-fields': JSON.stringify({ plan: 'pro', region: 'EU', 'bad key': 'x', long: 'y'.repeat(300) }),
      },
      npsSurvey(),
    );
    const submitted = new Promise<CxSubmitDetail>((r) =>
      el.addEventListener('cx-submit', (e) => r(e.detail)),
    );
    await choose(el, '9');
    await next(el);
    await next(el);
    const expected = {
      page: location.origin + location.pathname,
      utm_source: 'newsletter',
      utm_campaign: 'q4',
      plan: 'pro',
      region: 'EU',
      long: 'y'.repeat(256),
    };
    expect((await submitted).response.attributes).to.deep.equal(expected);
    // The collector (validating with core's schema) stored them.
    const s = await waitFor(async () => {
      const x = await collectorStats(ns);
      return x.created.length === 1 && x;
    });
    expect(s.invalid).to.deep.equal([]);
    expect(s.responses[0]!.attributes).to.deep.equal(expected);
  });

  it('switches language from its own switch, loading the strings on demand', async () => {
    const el = await mount({ languages: 'en fr de' }, npsSurvey());
    const select = el.renderRoot.querySelector<HTMLSelectElement>('select[part="language"]')!;
    expect([...select.options].map((o) => o.textContent!.trim())).to.deep.equal([
      'English',
      'français',
      'Deutsch',
    ]);
    expect(select.getAttribute('aria-label')).to.equal('Language');
    select.value = 'de';
    select.dispatchEvent(new Event('change'));
    await waitFor(
      () => el.renderRoot.querySelector('section')!.getAttribute('lang') === 'de',
      5000,
      'German',
    );
    expect(el.renderRoot.querySelector('.next')!.textContent!.trim()).to.equal('Weiter');
    expect(el.renderRoot.querySelector('select')!.getAttribute('aria-label')).to.equal('Sprache');
    await expectNoAxeViolations(el);
  });

  describe('triggers', () => {
    it('delay:<seconds> shows the survey after that time', async () => {
      const el = await mount({ trigger: 'delay:0.3' }, npsSurvey());
      expect(isShown(el)).to.equal(false);
      await waitFor(() => isShown(el), 3000, 'the survey');
    });

    it('event:<name> shows it when the host dispatches the event', async () => {
      const el = await mount({ trigger: 'event:cx-demo-done' }, npsSurvey());
      await pause(100);
      expect(isShown(el)).to.equal(false);
      window.dispatchEvent(new Event('cx-demo-done'));
      await waitFor(() => isShown(el), 3000, 'the survey');
    });

    it('route shows it when a single-page app changes its URL', async () => {
      const el = await mount({ trigger: 'route' }, npsSurvey());
      await pause(100);
      expect(isShown(el)).to.equal(false);
      history.pushState(null, '', '?page=billing');
      await waitFor(() => isShown(el), 3000, 'the survey');
    });

    it('scroll:<percent> shows it once the page is scrolled that far', async () => {
      const tall = document.createElement('div');
      tall.id = 'tall';
      tall.style.height = '5000px';
      document.body.prepend(tall);
      const el = await mount({ trigger: 'scroll:50' }, npsSurvey());
      scrollTo(0, 1000);
      await pause(150);
      expect(isShown(el)).to.equal(false);
      scrollTo(0, document.documentElement.scrollHeight);
      await waitFor(() => isShown(el), 3000, 'the survey');
    });

    it('exit shows it when the pointer leaves through the top of the window', async () => {
      const el = await mount({ trigger: 'exit' }, npsSurvey());
      document.dispatchEvent(new MouseEvent('mouseout', { clientY: 300, relatedTarget: document.body }));
      await pause(100);
      expect(isShown(el)).to.equal(false);
      document.dispatchEvent(new MouseEvent('mouseout', { clientY: -5, relatedTarget: null }));
      await waitFor(() => isShown(el), 3000, 'the survey');
    });

    it('url-match shows it only on matching pages', async () => {
      const other = await mount({ 'url-match': 'https://portal.example.com/billing/*' }, npsSurvey());
      expect(isShown(other)).to.equal(false);
      expect(await other.show()).to.equal(false);
      const here = await mount(
        { 'url-match': `https://nowhere.example/* ${location.origin}/*` },
        npsSurvey(),
      );
      await waitFor(() => isShown(here), 3000, 'the survey');
    });
  });
});
