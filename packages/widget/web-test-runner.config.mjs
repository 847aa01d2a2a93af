// Browser tests in Debian's Chromium (no browser download works here). Run through
// `pnpm test:browser`, which loads tsx so this config can use the TypeScript fake collector.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { createCollector } from './test/fake-collector.ts';

const require = createRequire(import.meta.url);
const axe = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const collector = createCollector();

export default {
  files: ['src/**/*.browser.test.ts'],
  // Lit's production build, as pages get it.
  // Workspace packages from source (core's zod-free `./scales` entry).
  nodeResolve: { exportConditions: ['production', 'source'] },
  concurrency: 1,
  testFramework: { config: { timeout: 30_000 } },
  testsFinishTimeout: 300_000,
  plugins: [
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: new URL('./tsconfig.json', import.meta.url).pathname,
    }),
    {
      // `executeServerCommand('cut-network', { cut, pattern })`: requests matching `pattern` fail in
      // the browser's network stack as if the connection were gone. (Playwright's offline mode would
      // also cut the test runner's own connection; the reload test in test/ uses the real one.)
      name: 'cx-network',
      async executeCommand({ command, payload, session }) {
        if (command !== 'cut-network') return undefined;
        const page = session.browser.getPage(session.id);
        if (payload.cut) await page.route(payload.pattern, (route) => route.abort('internetdisconnected'));
        else await page.unroute(payload.pattern);
        return true;
      },
    },
  ],
  middleware: [
    async (ctx, next) => {
      if (ctx.path === '/axe.min.js') {
        ctx.type = 'application/javascript';
        ctx.body = axe;
        return;
      }
      ctx.respond = false;
      if (await collector.handle(ctx.req, ctx.res)) return;
      ctx.respond = true;
      await next();
    },
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      },
    }),
  ],
};
