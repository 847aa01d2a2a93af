// Multi-choice, ranking and matrix in the size-measured bundle on a strict-CSP page: their chunks are
// fetched only by a survey that asks them, and a reload mid-survey (`resume`) keeps what was given,
// even a question partly answered, until the one complete response is sent.
import { afterAll, beforeAll, test } from 'vitest';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
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

const options = (...labels: string[]) => labels.map((l) => ({ id: l.toLowerCase(), label: { en: l } }));
const kinds: SurveyDefinitionInput = {
  id: 'kinds',
  questions: [
    {
      id: 'tools',
      kind: 'multi-choice',
      text: { en: 'Which tools do you use?' },
      options: options('Reports', 'Alerts', 'API'),
    },
    {
      id: 'order',
      kind: 'ranking',
      text: { en: 'Put these in order' },
      options: options('Price', 'Quality', 'Support'),
    },
    { id: 'rate', kind: 'matrix', text: { en: 'Rate our service' }, items: options('Onboarding', 'Billing') },
  ],
};
const nps: SurveyDefinitionInput = {
  id: 'nps',
  questions: [{ id: 'nps', kind: 'nps', text: { en: 'How likely are you to recommend us?' } }],
};
type Stats = Awaited<ReturnType<TestSite['stats']>> & { responses: { answers: unknown[] }[] };

/** The file names of the kind chunks `page` requests, as it requests them. */
const chunksOf = (page: Page): string[] => {
  const got: string[] = [];
  page.on('request', (r) => {
    const m = /\/cx-(multi-choice|ranking|matrix)-[A-Z0-9]+\.js$/.exec(r.url());
    if (m) got.push(m[1]!);
  });
  return got;
};

test('a survey of scores requests no kind chunk; one asking the three requests each once', async () => {
  const ns = 'kinds-chunks';
  await site.configure(ns, { definitions: { kinds, nps } });
  const context = await browser.newContext();
  const page = await context.newPage();
  const chunks = chunksOf(page);
  await page.goto(`${site.url}/page.html?endpoint=/collector/${ns}&survey=nps&account=acme`);
  await page.getByRole('radio', { name: '7', exact: true }).waitFor();
  assert.deepEqual(chunks, []);
  await page.goto(`${site.url}/page.html?endpoint=/collector/${ns}&survey=kinds&account=acme`);
  await page.getByRole('checkbox', { name: 'API' }).waitFor();
  assert.deepEqual([...chunks].sort(), ['matrix', 'multi-choice', 'ranking']);
  await context.close();
});

test('reloads mid-question keep a partly answered multi-choice, ranking and matrix; one response arrives', async () => {
  const ns = 'kinds-resume';
  await site.configure(ns, { definitions: { kinds } });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(
    `${site.url}/page.html?endpoint=/collector/${ns}&survey=kinds&account=acme&respondent=ann&resume=15`,
  );
  const checkbox = (name: string) => page.getByRole('checkbox', { name, exact: true });
  const order = () =>
    page
      .locator('cx-survey')
      .evaluate((el) =>
        Array.from(el.shadowRoot!.querySelectorAll('.rank .t'), (t) => t.textContent!.trim()),
      );
  await checkbox('API').click();
  await page.reload();
  await checkbox('API').waitFor();
  assert.equal(await checkbox('API').isChecked(), true, 'the ticked option survives the reload');
  assert.equal(await checkbox('Reports').isChecked(), false);
  await checkbox('Alerts').click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Move Support up' }).click();
  await page.reload();
  await page.getByRole('button', { name: 'Move Support up' }).waitFor();
  assert.deepEqual(await order(), ['Price', 'Support', 'Quality'], 'the moved item stays where it was put');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('radio', { name: 'Billing 4' }).click();
  await page.reload();
  const billing = page.getByRole('radio', { name: 'Billing 4' });
  await billing.waitFor();
  assert.equal(await billing.isChecked(), true, 'the rated item survives the reload');
  assert.equal((await site.stats(ns)).created.length, 0, 'nothing was sent while held');
  await page.getByRole('radio', { name: 'Onboarding 5' }).click();
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
    { kind: 'multi-choice', questionId: 'tools', value: ['alerts', 'api'] },
    { kind: 'ranking', questionId: 'order', value: ['price', 'support', 'quality'] },
    { kind: 'matrix', questionId: 'rate', value: { billing: 4, onboarding: 5 } },
  ]);
  await context.close();
});
