// What a host page can do to the widget: a tiny viewport, a language without built-in strings,
// and hostile global CSS. Each test failed before the fix it covers (issue 20, items 1-3).
import { expect } from 'chai';
import { setViewport } from '@web/test-runner-commands';
import type { SurveyDefinitionInput } from '@cxkit/core';
import { cleanPage, mount, npsSurvey, radios, uid } from '../test/browser-helpers.js';

const panel = (el: Element) => el.shadowRoot!.querySelector('section')!;

describe('<cx-survey> on any host page', () => {
  afterEach(async () => {
    await cleanPage();
    await setViewport({ width: 800, height: 600 });
    document.documentElement.setAttribute('lang', 'en');
    document.documentElement.removeAttribute('dir');
    document.getElementById('hostile')?.remove();
  });

  describe('reflow at 320 x 256 CSS px (WCAG 1.4.10)', () => {
    for (const mode of ['floating', 'inline'])
      it(`${mode}: the panel fits and every control can be scrolled to, without horizontal scrolling`, async () => {
        await setViewport({ width: 320, height: 256 });
        const el = await mount({ mode }, npsSurvey());
        const p = panel(el);
        if (mode === 'floating') {
          const r = p.getBoundingClientRect();
          expect(r.top, 'panel top').to.be.at.least(0);
          expect(r.bottom, 'panel bottom').to.be.at.most(256);
          expect(r.left).to.be.at.least(0);
          expect(r.right).to.be.at.most(320);
        }
        const controls = [
          ...p.querySelectorAll<HTMLElement>('.close, .q, button.next'),
          ...radios(el).map((r) => r.parentElement!),
        ];
        expect(controls.length).to.be.greaterThan(12);
        for (const c of controls) {
          c.scrollIntoView({ block: 'nearest', inline: 'nearest' });
          const b = c.getBoundingClientRect();
          expect(
            b.top >= -0.5 && b.bottom <= 256.5,
            `${c.className || c.textContent} at ${b.top}-${b.bottom}`,
          ).to.equal(true);
          expect(
            b.left >= -0.5 && b.right <= 320.5,
            `${c.className || c.textContent} at ${b.left}-${b.right}`,
          ).to.equal(true);
        }
        expect(document.documentElement.scrollWidth, 'page width').to.be.at.most(320);
        expect(p.scrollWidth, 'panel width').to.be.at.most(p.clientWidth);
      });
  });

  describe('language tagging', () => {
    const survey = (text: Record<string, string>): SurveyDefinitionInput => ({
      id: uid('s'),
      questions: [{ id: 'nps', kind: 'nps', text }],
    });

    it('tags the region with the language shown when the page language has no strings (lang="pl")', async () => {
      document.documentElement.setAttribute('lang', 'pl');
      const el = await mount({}, survey({ en: 'How likely?' }));
      expect(panel(el).getAttribute('lang')).to.equal('en');
      expect(panel(el).querySelector('.next')!.textContent!.trim()).to.equal('Send');
      expect(
        panel(el).querySelector('.q')!.hasAttribute('lang'),
        'the English question inherits en',
      ).to.equal(false);
    });

    it('tags a question written in the page language apart from the English strings around it', async () => {
      document.documentElement.setAttribute('lang', 'pl');
      const el = await mount({}, survey({ en: 'How likely?', pl: 'Jak bardzo prawdopodobne?' }));
      expect(panel(el).getAttribute('lang')).to.equal('en');
      const q = panel(el).querySelector('.q')!;
      expect(q.textContent!.trim()).to.equal('Jak bardzo prawdopodobne?');
      expect(q.getAttribute('lang')).to.equal('pl');
    });

    it('on a right-to-left page (dir=rtl lang=ar) English text is tagged en and left-to-right', async () => {
      document.documentElement.setAttribute('lang', 'ar');
      document.documentElement.setAttribute('dir', 'rtl');
      const el = await mount({}, survey({ en: 'How likely?', ar: 'ما مدى احتمال؟' }));
      expect(panel(el).getAttribute('lang')).to.equal('en');
      expect(panel(el).getAttribute('dir')).to.equal('ltr');
      expect(getComputedStyle(panel(el).querySelector('.next')!).direction).to.equal('ltr');
      const q = panel(el).querySelector('.q')!;
      expect([q.getAttribute('lang'), q.getAttribute('dir')]).to.deep.equal(['ar', 'rtl']);
    });

    it('speaks German with its own strings (lang="de"), loaded on demand', async () => {
      document.documentElement.setAttribute('lang', 'de');
      const el = await mount({}, survey({ en: 'How likely?', de: 'Wie wahrscheinlich?' }));
      expect(panel(el).getAttribute('lang')).to.equal('de');
      expect(panel(el).hasAttribute('dir')).to.equal(false);
      expect(panel(el).querySelector('.next')!.textContent!.trim()).to.equal('Senden');
      expect(panel(el).querySelector('.q')!.hasAttribute('lang')).to.equal(false);
    });
  });

  describe('hostile host CSS', () => {
    const rgb = (c: string) =>
      c
        .match(/\d+(\.\d+)?/g)!
        .slice(0, 3)
        .map(Number);
    // WCAG 2.x relative luminance and contrast ratio.
    const lum = (c: string) => {
      const [r, g, b] = rgb(c).map((v) => {
        const s = v / 255;
        return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const contrast = (a: string, b: string) => {
      const [x, y] = [lum(a), lum(b)].sort((m, n) => n - m);
      return (x! + 0.05) / (y! + 0.05);
    };
    const hostile = (css: string) => {
      const s = document.createElement('style');
      s.id = 'hostile';
      s.textContent = css;
      document.head.append(s);
    };

    const RULES = {
      'all: unset': '* { all: unset }',
      'color: inherit on a dark portal': 'body { color: #eee; background: #111 } * { color: inherit }',
    };
    const THEMES = {
      light: ['rgb(255, 255, 255)', 'rgb(31, 35, 40)'],
      dark: ['rgb(28, 31, 36)', 'rgb(230, 237, 243)'],
    };
    for (const [rule, css] of Object.entries(RULES))
      for (const [theme, [bg, fg]] of Object.entries(THEMES))
        it(`${rule}, theme ${theme}: the card keeps its colours, contrast and floating position`, async () => {
          hostile(css);
          const el = await mount({ mode: 'floating', theme }, npsSurvey());
          const p = panel(el);
          const s = getComputedStyle(p);
          expect(s.backgroundColor).to.equal(bg);
          expect(s.color).to.equal(fg);
          const q = getComputedStyle(p.querySelector('.q')!).color;
          expect(contrast(q, s.backgroundColor)).to.be.at.least(4.5);
          expect(s.position, 'floating mode stays fixed').to.equal('fixed');
          const r = p.getBoundingClientRect();
          expect(r.bottom).to.be.at.most(innerHeight);
          expect(r.right).to.be.at.most(innerWidth);
        });
  });
});
