// Re-takes docs/demo-dashboard.png: starts the demo on a fresh data directory, opens the analyst dashboard in
// Debian's Chromium and saves a full-page screenshot. Never run by the tests (they change no tracked file).
// Run: node --conditions=source --import tsx demo/scripts/screenshot-dashboard.ts
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { buildWeb } from '../src/build-web.js';
import { startDemo } from '../src/demo.js';

const out = fileURLToPath(new URL('../../docs/demo-dashboard.png', import.meta.url));
const dataDir = await mkdtemp(join(tmpdir(), 'cxkit-demo-shot-'));
const demo = await startDemo({
  dataDir,
  webRoot: await buildWeb(),
  webPort: 0,
  serverPort: 0,
  hubspotPort: 0,
});
const browser = await chromium.launch({
  executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${demo.webUrl}/dashboard.html`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 120_000 });
  await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await demo.close();
  await rm(dataDir, { recursive: true, force: true });
}
