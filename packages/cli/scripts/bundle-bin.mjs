// Bundles the `cxkit` executable into dist/cxkit.mjs (run by `pnpm build` after tsc).
// Why: `cxkit report --help` spent 0.4 s of CPU resolving and compiling some 300 modules (core's
// @stdlib distributions are many small CommonJS packages) before reading a byte; bundled, 0.15 s, and a
// report of 1,000,000 answers takes ~0.3 s less CPU (docs/benchmarks.md). Commands stay lazily loaded
// (code splitting); @cxkit/server (with PGlite's WebAssembly) stays an import of the installed package.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

await build({
  absWorkingDir: fileURLToPath(new URL('..', import.meta.url)),
  entryPoints: { cxkit: 'src/bin.ts' },
  outdir: 'dist',
  // The entry stays at dist/cxkit.mjs, next to src/cli.ts's `../package.json` look-up; shared code in chunks.
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  conditions: ['source'],
  external: ['@cxkit/server'],
  // CommonJS dependencies inside an ES module bundle still call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __cxkitRequire } from 'node:module'; const require = __cxkitRequire(import.meta.url);",
  },
  legalComments: 'eof',
  logLevel: 'warning',
});
