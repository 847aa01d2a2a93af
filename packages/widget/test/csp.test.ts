// The built bundle works on a page served with a strict Content-Security-Policy:
// no inline scripts or styles, no eval, Trusted Types enforced.
import { afterAll, beforeAll, test } from 'vitest';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { SurveyDefinitionInput } from '@cxkit/core';
import { launchChromium, startSite, until, type TestSite } from './e2e-server.ts';

let site: TestSite;
let browser: Browser;
beforeAll(async () => {
  [site, browser] = await Promise.all([startSite(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const survey: SurveyDefinitionInput = {
  id: 'rel',
  questions: [
    { id: 'nps', kind: 'nps', text: { en: 'How likely are you to recommend us?' } },
    {
      id: 'why',
      kind: 'text',
      text: { en: 'What should we improve?' },
      showIf: { question: 'nps', bands: ['detractor'] },
    },
  ],
};

test('renders styled, answers and delivers under a strict CSP without a single violation', async () => {
  await site.configure('csp', { definitions: { rel: survey } });
  const page = await browser.newPage();
  const violations: string[] = [];
  const errors: string[] = [];
  const events: string[] = [];
  await page.exposeFunction('cxViolation', (v: string) => violations.push(v));
  await page.exposeFunction('cxEvent', (type: string) => events.push(type));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  const response = await page.goto(`${site.url}/page.html?endpoint=/collector/csp&survey=rel&account=acme`);
  assert.match(response!.headers()['content-security-policy']!, /script-src 'self'/);

  await page.getByRole('radio', { name: '3' }).waitFor();
  // Styles arrived through a constructable stylesheet: the 44 px targets are there.
  const box = await page.getByRole('radio', { name: '3' }).locator('..').boundingBox();
  assert.ok(box && box.height >= 44 && box.width >= 44, `option box ${JSON.stringify(box)}`);
  const font = await page
    .getByText('How likely are you to recommend us?')
    .evaluate((e) => getComputedStyle(e).fontFamily);
  assert.equal(font, 'Georgia, serif');

  await page.getByRole('radio', { name: '3' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('textbox', { name: 'What should we improve?' }).fill('Invoices');
  await page.getByRole('button', { name: 'Send' }).click();
  assert.equal(await page.locator('[part="thanks"]').textContent(), 'Thank you for your feedback!');
  await until(async () => (await site.stats('csp')).created.length === 1, 10_000, 'delivery');
  await until(() => events.includes('cx-sent'), 5_000, 'cx-sent');

  assert.deepEqual(violations, []);
  assert.deepEqual(errors, []);
  assert.deepEqual(events, ['cx-show', 'cx-submit', 'cx-sent']);
  await page.close();
});
