// Builds the standalone browser bundle (Lit included) that a page loads with one <script type="module">.
import { build, type Metafile } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { minifyTemplates } from './minify-templates.ts';

/** Package root of @cxkit/widget. */
export const root = fileURLToPath(new URL('..', import.meta.url));

/** Bundles `src/define.ts` into one minified ES module; returns its code and esbuild's metafile. */
export async function bundle(outfile?: string): Promise<{ code: Uint8Array; metafile: Metafile }> {
  const r = await build({
    absWorkingDir: root,
    entryPoints: ['src/define.ts'],
    bundle: true,
    minify: true,
    format: 'esm',
    // Workspace packages from source: core's zod-free `./scales` entry is all the widget takes from it.
    conditions: ['source'],
    target: 'es2022',
    legalComments: 'none',
    // Our private members all start with `_` + a letter; Lit's own internals use `_$`, so they are left alone.
    mangleProps: /^_[a-z]/,
    plugins: [minifyTemplates],
    metafile: true,
    write: false,
    outfile: outfile ?? 'dist/cdn/cx-survey.js',
    tsconfigRaw: { compilerOptions: { useDefineForClassFields: false, experimentalDecorators: true } },
  });
  return { code: r.outputFiles[0]!.contents, metafile: r.metafile };
}
