// esbuild plugin: strips the indentation inside Lit's html`` and css`` templates, which esbuild
// keeps verbatim. Works on the TypeScript AST so `${...}` expressions are never touched.
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';
import ts from 'typescript';

/** Drops comments and the CSS whitespace that carries no meaning (around braces, colons, semicolons and commas). */
export const minifyCss = (s: string): string =>
  s
    .replace(/\/\*[^]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}')
    .replace(/([\s:(,])0\.(\d)/g, '$1.$2')
    .replace(/\[([\w-]+)='([\w-]+)'\]/g, '[$1=$2]');

/**
 * Removes the line breaks and indentation between tags and attributes of an html template, and
 * between a tag and a `${...}` at either end of the piece (a space there would render nothing).
 */
export const minifyHtml = (s: string): string =>
  s
    .replace(/^\s*\n\s*(?=<)|(?<=>)\s*\n\s*$/g, '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/>\s+</g, '><')
    .replace(/\s+(\/?>)/g, '$1');

/** The plugin; apply it to the size-measured bundle only (tests run the readable source). */
export const minifyTemplates: Plugin = {
  name: 'minify-lit-templates',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async ({ path }) => {
      const text = await readFile(path, 'utf8');
      const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
      const edits: [number, number, string][] = [];
      const visit = (n: ts.Node): void => {
        if (ts.isTaggedTemplateExpression(n) && ts.isIdentifier(n.tag) && /^(html|css)$/.test(n.tag.text)) {
          const f = n.tag.text === 'css' ? minifyCss : minifyHtml;
          const t = n.template;
          const parts = ts.isNoSubstitutionTemplateLiteral(t)
            ? [t]
            : [t.head, ...t.templateSpans.map((s) => s.literal)];
          for (const p of parts) {
            // Raw text sits between the opening (` or }) and closing (` or ${) delimiters.
            const start = p.getStart(file) + 1;
            const end = p.getEnd() - (ts.isTemplateTail(p) || ts.isNoSubstitutionTemplateLiteral(p) ? 1 : 2);
            edits.push([start, end, f(text.slice(start, end))]);
          }
        }
        ts.forEachChild(n, visit);
      };
      visit(file);
      let out = text;
      for (const [s, e, r] of edits.sort((a, b) => b[0] - a[0])) out = out.slice(0, s) + r + out.slice(e);
      return { contents: out, loader: 'ts' };
    });
  },
};
