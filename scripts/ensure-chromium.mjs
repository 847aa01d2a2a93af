// Browser tests need Debian's Chromium (no browser download works here); install it when missing.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const binary = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(binary)) process.exit(0);
console.log(`[cxkit] ${binary} is missing: installing Debian's chromium package (needs root and apt-get).`);
const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
try {
  execSync(
    `${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium`,
    {
      stdio: 'inherit',
    },
  );
} catch {
  console.error('[cxkit] could not install chromium; browser tests need /usr/bin/chromium or CHROMIUM_PATH.');
  process.exit(1);
}
