// `pnpm bench` (second part): <cx-survey> against the real collector, `cxkit serve --dev`, in its own
// process on another origin than the page, in Debian's Chromium. Measures define -> interactive
// (the widget's one first-paint request, render, a painted frame) cold (a fresh browser context:
// no cache, no connection) and warm (the same context reloading the page: HTTP cache and an open
// connection), cold again with `<link rel="preconnect">`, and counts the CORS preflights the
// collector saw before the first paint.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { bundle, root } from './bundle.ts';
import { launchChromium } from '../test/e2e-server.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const PAGE_PORT = 8000; // an origin `cxkit serve --dev` allows (http://127.0.0.1:8000)

// The identity token a portal's backend mints, in the documented format (packages/server/src/
// identity-token.ts): cxt1.<base64url claims>.<base64url HMAC-SHA256(secret, "cxt1." + claims)>.
const mint = (secret: string, acc: string, sub: string) => {
  const body = Buffer.from(JSON.stringify({ acc, sub, exp: Math.floor(Date.now() / 1000) + 3600 })).toString(
    'base64url',
  );
  return `cxt1.${body}.${createHmac('sha256', secret).update(`cxt1.${body}`).digest('base64url')}`;
};

// 1. The collector: `cxkit serve --dev` on a free port, a fresh PGlite directory; its request log
// (one JSON line per request) tells which requests arrived.
const dataDir = mkdtempSync(join(os.tmpdir(), 'cx-bench-'));
const serve = spawn(
  process.execPath,
  [
    '--conditions=source',
    '--import',
    'tsx',
    join(root, '../cli/src/bin.ts'),
    'serve',
    '--dev',
    '--port',
    '0',
    '--data-dir',
    dataDir,
  ],
  { env: { ...process.env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] },
);
const log: { method: string; path: string }[] = [];
let stderr = '';
serve.stdout.on('data', (d: Buffer) => {
  for (const line of String(d).split('\n'))
    try {
      const r = JSON.parse(line) as { msg?: string; method?: string; path?: string };
      if (r.msg === 'request' && r.method && r.path) log.push({ method: r.method, path: r.path });
    } catch {
      // not a log line
    }
});
const collector = await new Promise<{ url: string; siteKey: string; secret: string }>((resolve, reject) => {
  serve.stderr.on('data', (d: Buffer) => {
    stderr += String(d);
    const url = /listening on (\S+)/.exec(stderr)?.[1];
    const siteKey = /site key[^:]*:\s+(\S+)/.exec(stderr)?.[1];
    const secret = /signing secret[^:]*:\s+(\S+)/.exec(stderr)?.[1];
    if (url && siteKey && secret) resolve({ url, siteKey, secret });
  });
  serve.on('exit', (code) => reject(new Error(`cxkit serve exited (${code}): ${stderr}`)));
});

// 2. The portal, on another origin, serving the CDN bundle as a CDN would (cacheable).
const { code, chunks } = await bundle();
const token = mint(collector.secret, 'acme', 'u-1');
const BENCH_JS = `
const t0 = performance.now();
let defined = 0;
customElements.whenDefined('cx-survey').then(() => (defined = performance.now()));
document.addEventListener('cx-show', async (e) => {
  await e.target.updateComplete;
  requestAnimationFrame(() => setTimeout(() => {
    window.benchResult = { defineToInteractive: performance.now() - defined, total: performance.now() - t0 };
  }));
});
document.addEventListener('cx-error', (e) => (window.benchError = e.detail.message));
await import('/cx-survey.js');
`;
const page = (
  preconnect: boolean,
) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>portal</title>
${preconnect ? `<link rel="preconnect" href="${collector.url}" crossorigin>` : ''}
<script type="module" src="/bench.js"></script></head><body>
<cx-survey endpoint="${collector.url}" site-key="${collector.siteKey}" survey="relationship" account="acme"
  respondent="u-1" token="${token}" global-cap="0"></cx-survey></body></html>`;
const portal = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const send = (type: string, body: string | Uint8Array, cache = 'no-store') => {
    res.writeHead(200, { 'content-type': type, 'cache-control': cache });
    res.end(body);
  };
  const chunk = chunks.find((c) => url.pathname === `/${c.name}`);
  if (url.pathname === '/page.html') send('text/html', page(url.searchParams.has('preconnect')));
  else if (url.pathname === '/bench.js') send('text/javascript', BENCH_JS, 'max-age=3600');
  else if (url.pathname === '/cx-survey.js') send('text/javascript', code, 'max-age=3600');
  else if (chunk) send('text/javascript', chunk.code, 'max-age=31536000, immutable');
  else {
    res.writeHead(404);
    res.end();
  }
});
await new Promise<void>((r) => portal.listen(PAGE_PORT, '127.0.0.1', r));
const base = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`;

const browser = await launchChromium();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (xs: number[]) =>
  `median ${median(xs).toFixed(1)} ms (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)})`;
type Page = Awaited<ReturnType<Awaited<ReturnType<typeof browser.newContext>>['newPage']>>;
async function measure(p: Page, url: string): Promise<number> {
  await p.goto(url);
  await p.waitForFunction(() => 'benchResult' in window || 'benchError' in window, null, { timeout: 30_000 });
  const r = await p.evaluate(() => (window as { benchResult?: { defineToInteractive: number } }).benchResult);
  if (!r)
    throw new Error(
      `bench page failed: ${await p.evaluate(() => String((window as { benchError?: string }).benchError))}`,
    );
  return r.defineToInteractive;
}

console.log(`collector: cxkit serve --dev at ${collector.url} (PGlite); page at ${base} (another origin)`);
console.log(
  `Chromium ${browser.version()}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, load ${os.loadavg()[0]!.toFixed(1)}, ${RUNS} runs each`,
);
const results: Record<string, number[]> = { cold: [], 'cold + preconnect': [], warm: [] };
// One uncounted run warms the server's caches (tenant, survey) and the browser process.
for (let run = 0; run <= RUNS; run++) {
  for (const [name, q] of [
    ['cold', ''],
    ['cold + preconnect', '?preconnect'],
  ] as const) {
    const context = await browser.newContext();
    const p = await context.newPage();
    const before = log.length;
    const t = await measure(p, `${base}/page.html${q}`);
    if (run > 0) results[name]!.push(t);
    if (run === 1 && name === 'cold') {
      const seen = log.slice(before).filter((r) => r.path.startsWith('/v1/') && r.path !== '/v1/responses');
      console.log(
        `requests before the first paint (cold): ${seen.map((r) => `${r.method} ${r.path}`).join(', ')}`,
      );
    }
    if (name === 'cold') {
      // Warm: the same context loads the page again (module and first-paint reply from the HTTP cache).
      const again = await context.newPage();
      const t2 = await measure(again, `${base}/page.html`);
      if (run > 0) results.warm!.push(t2);
    }
    await context.close();
  }
}
for (const [name, xs] of Object.entries(results)) console.log(`define -> interactive, ${name}: ${fmt(xs)}`);
const preflights = log.filter((r) => r.method === 'OPTIONS').length;
console.log(`CORS preflights seen by the collector over all runs: ${preflights}`);
await browser.close();
portal.close();
serve.kill('SIGTERM');
await new Promise((r) => serve.once('exit', r));
rmSync(dataDir, { recursive: true, force: true });
