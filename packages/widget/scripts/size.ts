// `pnpm size` prints the exact bytes of the first-paint module and of each lazily loaded chunk;
// `pnpm test:size` (--check) fails when one exceeds its gzip budget, a named chunk is missing (its
// code went back into the first paint), the first paint imports a chunk statically, or zod sneaks in.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { bundle, root } from './bundle.ts';

const budget = JSON.parse(readFileSync(`${root}/size-budget.json`, 'utf8')) as {
  'cx-survey.js': number;
  /** Budget of any other chunk (the ones the bundler shares between lazily loaded chunks). */
  chunk: number;
  /** Budget of each named chunk, by the name of its source file (`cx-<name>-<hash>.js`). */
  chunks: Record<string, number>;
};
const { code, chunks, metafile } = await bundle();
const gz = (c: Uint8Array) => gzipSync(c, { level: 9 }).length;
const gzip = gz(code);
/** The source name of a chunk file, `cx-multi-choice-AB12CD34.js` -> `multi-choice`. */
const nameOf = (file: string) => /^cx-(.+)-[A-Z0-9]{8}\.js$/.exec(file)?.[1] ?? file;
const limitOf = (file: string) => budget.chunks[nameOf(file)] ?? budget.chunk;
console.log(
  `cx-survey.js: ${code.length} bytes minified, ${gzip} bytes gzip (budget ${budget['cx-survey.js']})`,
);
for (const c of chunks)
  console.log(
    `  chunk ${c.name}: ${c.code.length} bytes minified, ${gz(c.code)} bytes gzip (budget ${limitOf(c.name)})`,
  );

if (process.argv.includes('--check')) {
  const inputs = Object.keys(metafile.inputs);
  // Core comes through its zod-free `./scales` and `./survey-logic` entries; nothing else of core, and never zod.
  const allowed =
    /(^|\/)core\/src\/(scales|question-scale|default-scales|score-band|cx-error|survey-logic)\.ts$/;
  const banned = inputs.filter(
    (p) => /node_modules\/(zod|@cxkit\/core)\/|(^|\/)core\/src\//.test(p) && !allowed.test(p),
  );
  const big = chunks.filter((c) => gz(c.code) > limitOf(c.name)).map((c) => c.name);
  const names = new Set(chunks.map((c) => nameOf(c.name)));
  const missing = Object.keys(budget.chunks).filter((n) => !names.has(n));
  // A static import would make every first paint fetch that chunk too.
  const entry = Object.entries(metafile.outputs).find(([f]) => f.endsWith('/cx-survey.js'))![1];
  const eager = entry.imports.filter((i) => i.kind === 'import-statement').map((i) => i.path);
  const failures = [
    gzip > budget['cx-survey.js'] &&
      `gzip size ${gzip} exceeds the budget of ${budget['cx-survey.js']} bytes`,
    budget['cx-survey.js'] > 12 * 1024 && `the budget itself exceeds the promised 12 KB (12288 bytes)`,
    big.length > 0 && `chunks over their budget: ${big.join(', ')}`,
    missing.length > 0 && `no chunk of its own (back in the first paint?): ${missing.join(', ')}`,
    eager.length > 0 && `the first paint imports chunks statically: ${eager.join(', ')}`,
    banned.length > 0 && `the bundle must not contain zod or @cxkit/core code: ${banned.join(', ')}`,
  ].filter(Boolean);
  for (const f of failures) console.error(`size check failed: ${f}`);
  console.log(failures.length ? `size: 0 passed, ${failures.length} failed` : 'size: 6 passed, 0 failed');
  process.exit(failures.length ? 1 : 0);
}
