// `pnpm build`: dist/*.js + .d.ts for bundlers (Lit stays an import so apps share one copy), and
// dist/cdn/cx-survey.js, the standalone minified module a page loads with one <script type="module">.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundle, root } from './bundle.ts';

rmSync(join(root, 'dist'), { recursive: true, force: true });
execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
const { code, chunks } = await bundle();
mkdirSync(join(root, 'dist/cdn'), { recursive: true });
for (const f of [{ name: 'cx-survey.js', code }, ...chunks]) {
  writeFileSync(join(root, 'dist/cdn', f.name), f.code);
  console.log(
    `dist/cdn/${f.name}: ${f.code.length} bytes, ${gzipSync(f.code, { level: 9 }).length} bytes gzip`,
  );
}
