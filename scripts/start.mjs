// The main job (`pnpm start`): the cxkit demo. Builds the demo web app, starts the HubSpot
// stand-in, the cxkit server on embedded PGlite seeded with a realistic B2B data set, and the
// demo pages, then prints their URLs. `pnpm start --reset` reseeds; Ctrl-C stops everything.
// Runs the demo on its TypeScript sources, as the tests do (no build step).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const child = spawn(
  process.execPath,
  ['--conditions=source', '--import', 'tsx', 'demo/src/start.ts', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
// Ctrl-C reaches the demo too (same process group); this process waits for it to shut down cleanly.
const forward = (signal) => () => child.kill(signal);
process.on('SIGINT', () => undefined);
process.on('SIGTERM', forward('SIGTERM'));
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
