// A Lit-based portal whose CSP enforces Trusted Types and whose own Lit already created the
// "lit-html" policy (issue 20, item 4): loading the widget never throws into the host page, and
// the tag is either working or reports why with cx-error.
import { afterAll, beforeAll, test } from 'vitest';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchChromium, startSite, until, type TestSite } from './e2e-server.ts';

let site: TestSite;
let browser: Browser;
beforeAll(async () => {
  [site, browser] = await Promise.all([startSite(), launchChromium()]);
  await site.configure('tt', {
    definitions: {
      rel: {
        id: 'rel',
        questions: [{ id: 'nps', kind: 'nps', text: { en: 'How likely are you to recommend us?' } }],
      },
    },
  });
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** Opens the portal with `directive` as its trusted-types list; returns what happened. */
async function open(directive: string) {
  const page = await browser.newPage();
  const errors: string[] = [];
  const events: [string, string][] = [];
  await page.exposeFunction('cxEvent', (type: string, detail: string) => events.push([type, detail]));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(
    `${site.url}/tt/${encodeURIComponent(directive)}/page.html?endpoint=/collector/tt&survey=rel&account=acme`,
  );
  await until(() => events.length > 0, 10_000, 'cx-show or cx-error');
  const defined = await page.evaluate(() => !!customElements.get('cx-survey'));
  return { page, errors, events, defined };
}

for (const directive of ["lit-html 'allow-duplicates'", 'lit-html cx-survey'])
  test(`works when the CSP says "trusted-types ${directive}"`, async () => {
    const { page, errors, events, defined } = await open(directive);
    assert.equal(defined, true);
    assert.deepEqual(errors, []);
    assert.deepEqual(
      events.map(([t]) => t),
      ['cx-show'],
    );
    await page.getByRole('radio', { name: '9' }).click();
    await page.getByRole('button', { name: 'Send' }).click();
    assert.equal(await page.locator('[part="thanks"]').textContent(), 'Thank you for your feedback!');
    await page.close();
  });

test('without a policy it may use, the tag is defined, nothing throws into the page, and cx-error says why', async () => {
  const { page, errors, events, defined } = await open('lit-html');
  assert.equal(defined, true);
  assert.deepEqual(errors, []);
  const err = events.find(([t]) => t === 'cx-error');
  assert.ok(err, `events: ${JSON.stringify(events)}`);
  assert.equal(JSON.parse(err[1]).code, 'csp/trusted-types');
  await page.close();
});
