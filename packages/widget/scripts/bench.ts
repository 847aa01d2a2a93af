// `pnpm bench`: the bytes a page loads (minified and gzip) and, in Debian's Chromium, the time
// from loading the module that defines <cx-survey> to every widget on the page being interactive
// (definition fetched, eligibility asked, radios rendered and painted), for 1 and 50 widgets, and for
// 1 widget whose survey asks a multi-choice, a ranking and a matrix (their chunks fetched after the definition).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { gzipSync } from 'node:zlib';
import { bundle } from './bundle.ts';
import { createCollector } from '../test/fake-collector.ts';
import { launchChromium } from '../test/e2e-server.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);

const { code, chunks } = await bundle();
const gzip = gzipSync(code, { level: 9 }).length;

// t0: before the module is requested; defined: customElements.define ran; interactive: every
// widget has rendered its question and a frame has been painted.
const BENCH_JS = `
const widgets = [...document.querySelectorAll('cx-survey')];
const t0 = performance.now();
let defined = 0;
customElements.whenDefined('cx-survey').then(() => (defined = performance.now()));
let ready = 0;
document.addEventListener('cx-show', async (e) => {
  await e.target.updateComplete;
  if (++ready === widgets.length)
    requestAnimationFrame(() => setTimeout(() => {
      window.benchResult = { load: defined - t0, defineToInteractive: performance.now() - defined, total: performance.now() - t0 };
    }));
});
document.addEventListener('cx-error', (e) => (window.benchError = e.detail.message));
await import('/cx-survey.js');
`;

const page = (
  n: number,
  survey: string,
) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>
<script type="module" src="/bench.js"></script></head><body>${Array.from(
  { length: n },
  (_, i) =>
    `<cx-survey endpoint="/collector/bench" survey="${survey}" account="acme-${i % 5}" respondent="u-1" global-cap="0"></cx-survey>`,
).join('\n')}</body></html>`;

const collector = createCollector();
const server = createServer((req, res) => {
  void (async () => {
    if (await collector.handle(req, res)) return;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (type: string, body: string | Uint8Array) => {
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (url.pathname === '/page.html')
      send('text/html', page(Number(url.searchParams.get('n')), url.searchParams.get('survey') ?? 'rel'));
    else if (url.pathname === '/bench.js') send('text/javascript', BENCH_JS);
    else if (url.pathname === '/cx-survey.js') send('text/javascript', code);
    else if (chunks.some((c) => url.pathname === `/${c.name}`))
      send('text/javascript', chunks.find((c) => url.pathname === `/${c.name}`)!.code);
    else {
      res.writeHead(204);
      res.end();
    }
  })();
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const OPTIONS = ['Reports', 'Alerts', 'API'].map((l) => ({ id: l.toLowerCase(), label: { en: l } }));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
await fetch(`${base}/collector/bench/config`, {
  method: 'POST',
  body: JSON.stringify({
    definitions: {
      rel: {
        id: 'rel',
        questions: [
          { id: 'nps', kind: 'nps', text: { en: 'How likely are you to recommend us?' } },
          {
            id: 'why',
            kind: 'text',
            text: { en: 'Why?' },
            showIf: { question: 'nps', bands: ['detractor'] },
          },
        ],
      },
      kinds: {
        id: 'kinds',
        questions: [
          { id: 'tools', kind: 'multi-choice', text: { en: 'Which tools do you use?' }, options: OPTIONS },
          { id: 'order', kind: 'ranking', text: { en: 'Put these in order' }, options: OPTIONS },
          { id: 'rate', kind: 'matrix', text: { en: 'Rate them' }, items: OPTIONS },
        ],
      },
    },
  }),
});

const browser = await launchChromium();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (x: number) => x.toFixed(1);
console.log(`cx-survey.js (Lit included): ${code.length} bytes minified, ${gzip} bytes gzip`);
console.log(
  `Chromium ${browser.version()}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${RUNS} runs each`,
);
for (const [n, survey] of [
  [1, 'rel'],
  [50, 'rel'],
  [1, 'kinds'],
] as const) {
  const load: number[] = [];
  const ready: number[] = [];
  for (let run = 0; run < RUNS + 1; run++) {
    const context = await browser.newContext();
    const p = await context.newPage();
    await p.goto(`${base}/page.html?n=${n}&survey=${survey}`);
    await p.waitForFunction(() => 'benchResult' in window || 'benchError' in window, null, {
      timeout: 30_000,
    });
    const r = await p.evaluate(
      () =>
        (window as unknown as { benchResult?: { load: number; defineToInteractive: number } }).benchResult,
    );
    if (!r)
      throw new Error(
        `bench page failed: ${await p.evaluate(() => String((window as { benchError?: string }).benchError))}`,
      );
    if (run > 0) {
      // The first run warms the browser's caches of the process; it is not counted.
      load.push(r.load);
      ready.push(r.defineToInteractive);
    }
    await context.close();
  }
  console.log(
    `${n} widget${n > 1 ? 's' : ''}${survey === 'kinds' ? ' (multi-choice, ranking, matrix chunks)' : ''}: define -> interactive median ${fmt(median(ready))} ms ` +
      `(min ${fmt(Math.min(...ready))}, max ${fmt(Math.max(...ready))}); module load+define median ${fmt(median(load))} ms`,
  );
}
await browser.close();
server.close();
