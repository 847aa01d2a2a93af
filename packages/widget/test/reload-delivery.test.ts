// "Never losing an answer", end to end: 100 answers submitted on a real page while the collector
// fails at random, the browser goes offline, the page is reloaded mid-way (with answers pending
// and with a request in flight whose acknowledgement never comes back) all arrive exactly once.
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

const survey: SurveyDefinitionInput = {
  id: 'rel',
  questions: [
    { id: 'nps', kind: 'nps', text: { en: 'How likely are you to recommend us?' } },
    { id: 'why', kind: 'text', text: { en: 'Why?' }, showIf: { question: 'nps', bands: ['detractor'] } },
  ],
};

const outboxSize = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((res, rej) => {
        const r = indexedDB.open('cx-survey', 1);
        r.onerror = () => rej(r.error);
        r.onsuccess = () => {
          const c = r.result.transaction('outbox').objectStore('outbox').count();
          c.onsuccess = () => {
            r.result.close();
            res(c.result);
          };
        };
      }),
  );

test(
  '100 answers arrive exactly once through failures, offline spells and reloads',
  { timeout: 300_000 },
  async () => {
    const ns = 'reload';
    await site.configure(ns, { definitions: { rel: survey }, failRate: 0.3, seed: 11 });
    const context = await browser.newContext();
    const page = await context.newPage();
    const submitted: string[] = [];
    // Exposed functions survive reloads, so every cx-submit is recorded in Node.
    await page.exposeFunction('cxEvent', (type: string, detail: string) => {
      if (type === 'cx-submit')
        submitted.push((JSON.parse(detail) as { response: { id: string } }).response.id);
    });
    const url = `${site.url}/page.html?endpoint=/collector/${ns}&survey=rel&account=acme&fatigue-days=0&global-cap=0`;
    await page.goto(url);

    for (let i = 0; i < 100; i++) {
      if (i === 20) await context.setOffline(true);
      if (i === 35) {
        // Back online and straight into a reload: answers given offline wait in IndexedDB.
        await context.setOffline(false);
        await page.reload();
      }
      if (i === 60) await site.configure(ns, { ackDelay: 3_000, failRate: 0 });
      const score = i % 11;
      await page.getByRole('radio', { name: String(score), exact: true }).click();
      await page.getByRole('button', { name: score <= 6 ? 'Next' : 'Send' }).click();
      if (score <= 6) {
        await page.getByRole('textbox').fill(`answer ${i}`);
        await page.getByRole('button', { name: 'Send' }).click();
      }
      await page.locator('[part="thanks"]').waitFor();
      if (i === 60) {
        // The collector has stored answer 60 but not yet said so: reload before it can.
        const id = submitted.at(-1)!;
        await until(async () => (await site.stats(ns)).created.includes(id), 10_000, 'answer 60 stored');
        assert.ok((await outboxSize(page)) >= 1, 'answer 60 is still in the outbox');
        await page.reload();
        await site.configure(ns, { ackDelay: 0, failRate: 0.3 });
        continue;
      }
      if (i === 80) {
        await page.reload();
        continue;
      }
      await page.evaluate(() =>
        (document.querySelector('cx-survey') as unknown as { reset(): void }).reset(),
      );
    }
    assert.equal(new Set(submitted).size, 100);

    // One more reload: whatever is still pending goes out on page load.
    await page.reload();
    const stats = await until(
      async () => {
        const s = await site.stats(ns);
        return s.created.length >= 100 && (await outboxSize(page)) === 0 && s;
      },
      240_000,
      'every answer to arrive',
    );
    assert.deepEqual([...stats.created].sort(), [...submitted].sort());
    assert.deepEqual(stats.invalid, []);
    assert.ok(stats.failures > 5, `the collector failed ${stats.failures} times`);
    assert.ok(stats.duplicates >= 1, 'answer 60 was sent again after the reload and recognised');
    await context.close();
  },
);

test('an answer given but not yet sent is delivered when the page closes', { timeout: 60_000 }, async () => {
  const ns = 'closing';
  await site.configure(ns, { definitions: { rel: survey } });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site.url}/page.html?endpoint=/collector/${ns}&survey=rel&account=acme`);
  await page.getByRole('radio', { name: '9', exact: true }).click();
  // Leave without pressing Send: pagehide queues the answer and sends it with keepalive.
  await page.goto('about:blank');
  const stats = await until(
    async () => {
      const s = (await site.stats(ns)) as Awaited<ReturnType<TestSite['stats']>> & {
        responses: { answers: unknown[] }[];
      };
      return s.created.length === 1 && s;
    },
    10_000,
    'the answer to arrive',
  );
  assert.deepEqual(stats.responses[0]!.answers, [{ kind: 'nps', questionId: 'nps', value: 9 }]);
  await context.close();
});

test(
  'answers an earlier page left are sent on the next load even when the survey cannot be read',
  { timeout: 60_000 },
  async () => {
    const ns = 'no-definition';
    await site.configure(ns, { definitions: { rel: survey }, down: true });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site.url}/page.html?endpoint=/collector/${ns}&survey=rel&account=acme`);
    await page.getByRole('radio', { name: '9', exact: true }).click();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('[part="thanks"]').waitFor();
    await until(async () => (await outboxSize(page)) === 1, 10_000, 'the answer to wait in the outbox');
    // The collector takes answers again, but the next page cannot read the survey definition.
    await site.configure(ns, { down: false, definitionsDown: true });
    await page.reload();
    await until(
      async () => (await site.stats(ns)).created.length === 1,
      20_000,
      'the stored answer to arrive',
    );
    await until(async () => (await outboxSize(page)) === 0, 10_000, 'the outbox to empty');
    await context.close();
  },
);
