// Resuming an unfinished survey after a reload (`resume` minutes, issue 20): the answers given wait
// in the outbox, held, instead of being sent as they are; the same person reloading goes on where
// they were and one complete response arrives. A hold that passes sends what was given.
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
    { id: 'why', kind: 'text', text: { en: 'What should we improve?' } },
    { id: 'csat', kind: 'csat', text: { en: 'How satisfied are you?' } },
  ],
};
type Stats = Awaited<ReturnType<TestSite['stats']>> & {
  responses: { id: string; answers: unknown[] }[];
};

test('a reload mid-survey resumes at the question being answered, and one complete response arrives', async () => {
  const ns = 'resume';
  await site.configure(ns, { definitions: { rel: survey } });
  const context = await browser.newContext();
  const page = await context.newPage();
  const url = `${site.url}/page.html?endpoint=/collector/${ns}&survey=rel&account=acme&respondent=ann&resume=15`;
  await page.goto(url);
  await page.getByRole('radio', { name: '3', exact: true }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('textbox', { name: 'What should we improve?' }).fill('Invoices are late');
  await page.reload();
  const box = page.getByRole('textbox', { name: 'What should we improve?' });
  await box.waitFor();
  assert.equal(await box.inputValue(), 'Invoices are late');
  assert.equal((await site.stats(ns)).created.length, 0, 'nothing was sent while held');
  await page.getByRole('button', { name: 'Back' }).click();
  assert.equal(await page.getByRole('radio', { name: '3', exact: true }).isChecked(), true);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('radio', { name: '4', exact: true }).click();
  await page.getByRole('button', { name: 'Send' }).click();
  const stats = (await until(
    async () => {
      const s = (await site.stats(ns)) as Stats;
      return s.created.length === 1 && s;
    },
    10_000,
    'the complete response',
  )) as Stats;
  assert.deepEqual(stats.responses[0]!.answers, [
    { kind: 'nps', questionId: 'nps', value: 3 },
    { kind: 'text', questionId: 'why', value: 'Invoices are late' },
    { kind: 'csat', questionId: 'csat', value: 4 },
  ]);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal((await site.stats(ns)).created.length, 1, 'exactly one response');
  await context.close();
});

test('when the hold passes, the answers given are sent on the next visit and the survey is not asked again', async () => {
  const ns = 'resume-expired';
  await site.configure(ns, { definitions: { rel: survey } });
  const context = await browser.newContext();
  const page = await context.newPage();
  // A hold of 1.2 s.
  const url = `${site.url}/page.html?endpoint=/collector/${ns}&survey=rel&account=acme&respondent=ann&resume=0.02`;
  await page.goto(url);
  await page.getByRole('radio', { name: '9', exact: true }).click();
  await page.goto('about:blank');
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await site.stats(ns)).created.length, 0, 'held');
  await new Promise((r) => setTimeout(r, 1500));
  await page.goto(url);
  const stats = (await until(
    async () => {
      const s = (await site.stats(ns)) as Stats;
      return s.created.length === 1 && s;
    },
    10_000,
    'the held answers',
  )) as Stats;
  assert.deepEqual(stats.responses[0]!.answers, [{ kind: 'nps', questionId: 'nps', value: 9 }]);
  assert.equal(
    await page.locator('cx-survey').evaluate((el) => !!el.shadowRoot!.querySelector('section')),
    false,
  );
  await context.close();
});
