// `pnpm size` prints the exact bytes of the first-paint module and of each lazily loaded chunk;
// `pnpm test:size` (--check) fails when one exceeds its gzip budget or zod sneaks in.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { bundle, root } from './bundle.ts';

const budget = JSON.parse(readFileSync(`${root}/size-budget.json`, 'utf8')) as {
  'cx-survey.js': number;
  chunk: number;
};
const { code, chunks, metafile } = await bundle();
const gz = (c: Uint8Array) => gzipSync(c, { level: 9 }).length;
const gzip = gz(code);
console.log(
  `cx-survey.js: ${code.length} bytes minified, ${gzip} bytes gzip (budget ${budget['cx-survey.js']})`,
);
for (const c of chunks)
  console.log(
    `  chunk ${c.name}: ${c.code.length} bytes minified, ${gz(c.code)} bytes gzip (budget ${budget.chunk})`,
  );

if (process.argv.includes('--check')) {
  const inputs = Object.keys(metafile.inputs);
  // Core's scale rules come through its zod-free `./scales` entry; nothing else of core, and never zod.
  const allowed = /(^|\/)core\/src\/(scales|question-scale|default-scales|score-band|cx-error)\.ts$/;
  const banned = inputs.filter(
    (p) => /node_modules\/(zod|@cxkit\/core)\/|(^|\/)core\/src\//.test(p) && !allowed.test(p),
  );
  const big = chunks.filter((c) => gz(c.code) > budget.chunk).map((c) => c.name);
  const failures = [
    gzip > budget['cx-survey.js'] &&
      `gzip size ${gzip} exceeds the budget of ${budget['cx-survey.js']} bytes`,
    budget['cx-survey.js'] > 12 * 1024 && `the budget itself exceeds the promised 12 KB (12288 bytes)`,
    big.length > 0 && `chunks over their budget of ${budget.chunk} bytes: ${big.join(', ')}`,
    chunks.length === 0 && 'no lazily loaded chunk: locales must not be in the first paint',
    banned.length > 0 && `the bundle must not contain zod or @cxkit/core code: ${banned.join(', ')}`,
  ].filter(Boolean);
  for (const f of failures) console.error(`size check failed: ${f}`);
  console.log(failures.length ? `size: 0 passed, ${failures.length} failed` : 'size: 5 passed, 0 failed');
  process.exit(failures.length ? 1 : 0);
}
