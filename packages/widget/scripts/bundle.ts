// Builds the standalone browser bundle (Lit included) that a page loads with one <script type="module">:
// the first-paint module cx-survey.js plus chunks it imports only when a survey needs them (locales).
import { build, type Metafile } from 'esbuild';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minifyTemplates } from './minify-templates.ts';
import { trustedTypesPolicy } from './trusted-types.ts';

/** Package root of @cxkit/widget. */
export const root = fileURLToPath(new URL('..', import.meta.url));

/** One output file of the bundle, by file name (chunks sit next to cx-survey.js). */
export interface BundleFile {
  name: string;
  code: Uint8Array;
}

/**
 * Bundles `src/define.ts` into minified ES modules; `code` is the first-paint module (cx-survey.js),
 * `chunks` the lazily imported ones; returns esbuild's metafile too.
 */
export async function bundle(
  outdir = 'dist/cdn',
): Promise<{ code: Uint8Array; chunks: BundleFile[]; metafile: Metafile }> {
  const r = await build({
    absWorkingDir: root,
    entryPoints: { 'cx-survey': 'src/define.ts' },
    bundle: true,
    splitting: true,
    minify: true,
    format: 'esm',
    // Workspace packages from source: core's zod-free `./scales` entry is all the widget takes from it.
    conditions: ['source'],
    target: 'es2022',
    legalComments: 'none',
    // Our private members all start with `_` + a letter; Lit's own internals use `_$`, so they are left alone.
    mangleProps: /^_[a-z]/,
    plugins: [minifyTemplates, trustedTypesPolicy],
    metafile: true,
    write: false,
    outdir,
    chunkNames: 'cx-[name]-[hash]',
    tsconfigRaw: { compilerOptions: { useDefineForClassFields: false, experimentalDecorators: true } },
  });
  const files = r.outputFiles.map((f) => ({ name: basename(f.path), code: f.contents }));
  const entry = files.find((f) => f.name === 'cx-survey.js')!;
  return { code: entry.code, chunks: files.filter((f) => f !== entry), metafile: r.metafile };
}
