// A real page for end-to-end tests: the size-measured bundle, served under a strict
// Content-Security-Policy, next to the fake collector, driven by playwright-core in Debian's Chromium.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { bundle } from '../scripts/bundle.ts';
import { createCollector } from './fake-collector.ts';

/** No inline script or style, no eval, only same-origin resources, Trusted Types enforced. */
export const STRICT_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types lit-html',
].join('; ');

// The page's own script: external, as the CSP demands. Reports to functions the test exposes.
const PAGE_JS = `
const el = document.querySelector('cx-survey');
for (const type of ['cx-show', 'cx-submit', 'cx-sent', 'cx-error'])
  el.addEventListener(type, (e) => window.cxEvent?.(type, JSON.stringify(e.detail)));
document.addEventListener('securitypolicyviolation', (e) =>
  window.cxViolation?.(e.violatedDirective + ' ' + e.blockedURI));
`;

// A Lit-based portal: its own Lit created the "lit-html" policy before the widget loads.
const HOST_LIT_JS = `trustedTypes.createPolicy('lit-html', { createHTML: (s) => s });`;

const page = (attrs: string, hostLit = false) => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Customer portal</title>
    <link rel="stylesheet" href="/page.css" />
    <script type="module" src="/page.js"></script>${hostLit ? '\n    <script type="module" src="/host-lit.js"></script>' : ''}
    <script type="module" src="/cx-survey.js"></script>
  </head>
  <body>
    <main>
      <h1>Customer portal</h1>
      <cx-survey ${attrs}></cx-survey>
    </main>
  </body>
</html>`;

/** A running test site. */
export interface TestSite {
  url: string;
  /** Configures a collector namespace (same body as POST /collector/<ns>/config). */
  configure(ns: string, config: Record<string, unknown>): Promise<void>;
  stats(
    ns: string,
  ): Promise<{ created: string[]; duplicates: number; failures: number; invalid: string[]; posts: number }>;
  close(): Promise<void>;
}

/**
 * Serves `/page.html?<widget attributes as query>` with a strict CSP, the bundle (and its chunks) and
 * the collector. `/tt/<trusted-types directive>/page.html?...` serves the page of a Lit-based portal
 * whose CSP has that `trusted-types` directive instead.
 */
export async function startSite(): Promise<TestSite> {
  const { code, chunks } = await bundle();
  const collector = createCollector();
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (await collector.handle(req, res)) return;
      const url = new URL(req.url ?? '/', 'http://localhost');
      const tt = /^\/tt\/([^/]+)(\/.*)$/.exec(url.pathname);
      const csp = tt
        ? STRICT_CSP.replace('trusted-types lit-html', `trusted-types ${decodeURIComponent(tt[1]!)}`)
        : STRICT_CSP;
      const path = tt ? tt[2]! : url.pathname;
      const send = (type: string, body: string | Uint8Array) => {
        res.writeHead(200, {
          'content-type': type,
          'content-security-policy': csp,
          'cache-control': 'no-store',
        });
        res.end(body);
      };
      const chunk = chunks.find((c) => path === `/${c.name}`);
      if (path === '/page.html') {
        const attrs = [...url.searchParams].map(([k, v]) => `${k}="${v.replace(/[&"<>]/g, '')}"`).join(' ');
        send('text/html; charset=utf-8', page(attrs, !!tt));
      } else if (path === '/cx-survey.js') send('text/javascript', code);
      else if (chunk) send('text/javascript', chunk.code);
      else if (path === '/host-lit.js') send('text/javascript', HOST_LIT_JS);
      else if (path === '/page.js') send('text/javascript', PAGE_JS);
      else if (path === '/page.css') send('text/css', 'body { font-family: Georgia, serif; }');
      else if (path === '/favicon.ico') {
        res.writeHead(204);
        res.end();
      } else {
        res.writeHead(404);
        res.end();
      }
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    async configure(ns, config) {
      const r = await fetch(`${url}/collector/${ns}/config`, {
        method: 'POST',
        body: JSON.stringify(config),
      });
      if (!r.ok) throw new Error(`configure failed: ${r.status}`);
    },
    async stats(ns) {
      return (await (await fetch(`${url}/collector/${ns}/stats`)).json()) as Awaited<
        ReturnType<TestSite['stats']>
      >;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** Debian's Chromium through playwright-core (no browser download). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Polls `check` until truthy or `timeout` ms pass. */
export async function until<T>(
  check: () => Promise<T> | T,
  timeout: number,
  what: string,
): Promise<Exclude<T, false | 0 | '' | null | undefined>> {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await check();
    if (v) return v as Exclude<T, false | 0 | '' | null | undefined>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
