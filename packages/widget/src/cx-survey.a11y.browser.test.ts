import { expect } from 'chai';
import { emulateMedia } from '@web/test-runner-commands';
import type { SurveyDefinitionInput } from '@cxkit/core';
import {
  choose,
  cleanPage,
  expectNoAxeViolations,
  mount,
  next,
  npsSurvey,
  radios,
  uid,
} from '../test/browser-helpers.js';

// Every kind of question, so the audit covers every template.
const allKinds = (): SurveyDefinitionInput => ({
  id: uid('s'),
  questions: [
    {
      id: 'csat-stars',
      kind: 'csat',
      display: 'stars',
      text: { en: 'How satisfied are you with the delivery?' },
    },
    { id: 'csat-smileys', kind: 'csat', display: 'smileys', text: { en: 'How was the kiosk?' } },
    { id: 'csat-yes', kind: 'csat', display: 'yes-no', text: { en: 'Did we solve your problem?' } },
    { id: 'ces', kind: 'ces', text: { en: 'The company made it easy to resolve my issue.' } },
    { id: 'c2es', kind: 'c2es', text: { en: 'How easy was it to handle this request?' } },
    {
      id: 'channel',
      kind: 'single-choice',
      text: { en: 'How did you contact us?' },
      help: { en: 'Pick the main channel.' },
      options: [
        { id: 'phone', label: { en: 'Phone' } },
        { id: 'email', label: { en: 'Email' } },
      ],
    },
    { id: 'why', kind: 'text', text: { en: 'Anything else?' } },
  ],
});

/** Walks through every step of `def`, auditing each one and the thank-you step. */
async function auditEveryStep(attrs: Record<string, string>, def: SurveyDefinitionInput): Promise<number> {
  const el = await mount(attrs, def);
  let steps = 0;
  for (; el.renderRoot.querySelector('form'); steps++) {
    await expectNoAxeViolations(el);
    // The first option: a detractor score on NPS, so the follow-up question is audited too.
    if (radios(el).length) radios(el)[0]!.click();
    await el.updateComplete;
    await expectNoAxeViolations(el); // with a selected option
    await next(el);
  }
  await expectNoAxeViolations(el);
  return steps;
}

describe('<cx-survey> accessibility (axe-core, WCAG 2.2 AA)', () => {
  afterEach(async () => {
    await cleanPage();
    document.documentElement.removeAttribute('dir');
    await emulateMedia({ colorScheme: 'light' });
  });

  it('has no violations in light mode on every question kind', async () => {
    expect(await auditEveryStep({}, allKinds())).to.equal(7);
  });

  it('has no violations in dark mode (prefers-color-scheme)', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    expect(await auditEveryStep({}, allKinds())).to.equal(7);
  });

  it('has no violations with the dark theme attribute and in floating mode', async () => {
    expect(await auditEveryStep({ theme: 'dark', mode: 'floating' }, npsSurvey())).to.equal(2);
  });

  it('has no violations right-to-left', async () => {
    document.documentElement.setAttribute('dir', 'rtl');
    expect(await auditEveryStep({ locale: 'fr' }, allKinds())).to.equal(7);
  });

  it('names every scale as a radio group by its question, and every option', async () => {
    const el = await mount({}, npsSurvey());
    const group = el.renderRoot.querySelector('[role="radiogroup"]')!;
    const label = el.renderRoot.getElementById(group.getAttribute('aria-labelledby')!)!;
    expect(label.textContent).to.equal('How likely are you to recommend Acme to a colleague?');
    // The end labels describe the group.
    const ends = el.renderRoot.getElementById(group.getAttribute('aria-describedby')!)!;
    expect([...ends.querySelectorAll('span')].map((s) => s.textContent)).to.deep.equal([
      'Not at all likely',
      ', ',
      'Extremely likely',
    ]);
    const names = radios(el).map((r) => r.getAttribute('aria-label') ?? r.parentElement!.textContent!.trim());
    expect(names).to.deep.equal([
      ...Array.from({ length: 11 }, (_, i) => String(i)),
      'My company does not allow me to recommend suppliers',
    ]);
  });

  it('gives stars and smileys spoken names instead of symbols', async () => {
    const el = await mount({}, allKinds());
    expect(radios(el).map((r) => r.getAttribute('aria-label'))).to.deep.equal([
      '1 of 5 stars',
      '2 of 5 stars',
      '3 of 5 stars',
      '4 of 5 stars',
      '5 of 5 stars',
    ]);
    await choose(el, '4 of 5 stars');
    await next(el);
    expect(radios(el).map((r) => r.getAttribute('aria-label'))).to.deep.equal([
      'Unhappy',
      'Neutral',
      'Happy',
    ]);
  });

  it('makes every option and button at least 44 by 44 CSS pixels, whatever the page root font size', async () => {
    // 62.5 % makes 1rem 10 px, a common host setup: rem-sized targets would shrink to 27.5 px.
    for (const rootSize of ['', '62.5%']) {
      document.documentElement.style.fontSize = rootSize;
      try {
        const el = await mount({ mode: 'floating' }, npsSurvey());
        const targets = [...el.renderRoot.querySelectorAll('label, button')];
        expect(targets.length).to.equal(14); // 11 scores, cannot-recommend, close, next
        for (const t of targets) {
          const r = t.getBoundingClientRect();
          expect(r.width, `${t.textContent!} at root ${rootSize || '100%'}`).to.be.at.least(44);
          expect(r.height, `${t.textContent!} at root ${rootSize || '100%'}`).to.be.at.least(44);
        }
        el.remove();
      } finally {
        document.documentElement.style.fontSize = '';
      }
    }
  });

  it('keeps the chosen option visible in forced-colors (high contrast) mode', async () => {
    await emulateMedia({ forcedColors: 'active' });
    try {
      const el = await mount({}, npsSurvey());
      await choose(el, '5');
      const bg = (i: number) => getComputedStyle(radios(el)[i]!.parentElement!).backgroundColor;
      expect(bg(5)).not.to.equal(bg(4));
    } finally {
      await emulateMedia({ forcedColors: 'none' });
    }
  });

  it('announces step changes in a polite live region', async () => {
    const el = await mount({}, npsSurvey());
    const live = el.renderRoot.querySelector('[aria-live="polite"]')!;
    await choose(el, '3');
    await next(el);
    expect(live.textContent).to.equal('Question 2 of 2');
    await next(el);
    expect(el.renderRoot.querySelector('[aria-live="polite"]')!.textContent).to.equal(
      'Thank you for your feedback!',
    );
  });
});
