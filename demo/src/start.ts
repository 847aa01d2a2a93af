// `pnpm start` (through scripts/start.mjs) and `pnpm --filter @cxkit/demo start`: builds the demo
// web app, starts the HubSpot stand-in, the cxkit server on the seeded PGlite database and the
// web app, prints the URLs, and shuts everything down on Ctrl-C. `--reset` reseeds.
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildWeb } from './build-web.js';
import { startDemo } from './demo.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({ options: { reset: { type: 'boolean', default: false } } });

function port(variable: string, fallback: number): number {
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    console.error(`${variable} must be a port number (1-65535), got "${raw}"`);
    process.exit(1);
  }
  return n;
}

// Measured from the process start, so the figure includes the web build and the seed.
const started = performance.timeOrigin;
const webRoot = await buildWeb();
try {
  const dataDir = process.env['DEMO_DATA_DIR'] ?? `${root}.cxkit-data/demo`;
  const demo = await startDemo({
    dataDir,
    reset: values.reset,
    webPort: port('DEMO_WEB_PORT', 5173),
    serverPort: port('DEMO_SERVER_PORT', 8787),
    hubspotPort: port('DEMO_HUBSPOT_PORT', 4010),
    webRoot,
  });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`
cxkit demo ready in ${secs} s${demo.seeded ? ' (seeded 300 accounts, 3 years of answers)' : ''}

  Customer portal     ${demo.webUrl}/portal.html
  Company page        ${demo.webUrl}/company.html
  Analyst dashboard   ${demo.webUrl}/dashboard.html
  Health settings     ${demo.webUrl}/settings.html

  cxkit server        ${demo.serverUrl}   (API document: ${demo.serverUrl}/openapi.json)
  HubSpot stand-in    ${demo.hubspotUrl}

Data is kept in ${relative(process.cwd(), dataDir) || '.'} between runs; \`pnpm start --reset\` reseeds. Ctrl-C stops.
`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the demo...');
    void demo.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (e) {
  console.error(`cxkit demo could not start: ${(e as Error).message}`);
  process.exit(1);
}
