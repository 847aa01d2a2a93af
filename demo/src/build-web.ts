import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/** The demo web app's directory. */
export const WEB_DIR = fileURLToPath(new URL('../web', import.meta.url));

/** Builds the demo web app in production mode (fast to serve, no dev server) and returns its output directory. */
export async function buildWeb(): Promise<string> {
  await build({ configFile: `${WEB_DIR}/vite.config.ts`, root: WEB_DIR, logLevel: 'warn' });
  return `${WEB_DIR}/dist`;
}
