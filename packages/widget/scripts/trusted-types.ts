// esbuild plugin: Lit creates its Trusted Types policy "lit-html" when its module loads, and
// createPolicy throws on a page whose CSP lists "lit-html" without 'allow-duplicates' once the
// portal's own Lit took the name: the throw escaped into the host page and <cx-survey> was never
// defined. The bundle tries "lit-html", then "cx-survey", and otherwise goes on without a policy
// (rendering then fails inside the widget, which fires cx-error `csp/trusted-types`).
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

const LIT = 's.createPolicy("lit-html",{createHTML:t=>t})';
const SAFE =
  '(()=>{for(const n of["lit-html","cx-survey"])try{return s.createPolicy(n,{createHTML:t=>t})}catch{}})()';

/** The plugin; fails the build when Lit's code no longer has the expected call (a Lit upgrade). */
export const trustedTypesPolicy: Plugin = {
  name: 'cx-trusted-types-policy',
  setup(build) {
    build.onLoad({ filter: /[\\/]lit-html[\\/]lit-html\.js$/ }, async ({ path }) => {
      const text = await readFile(path, 'utf8');
      if (!text.includes(LIT)) throw new Error(`${path}: Lit's Trusted Types policy call changed`);
      return { contents: text.replace(LIT, SAFE), loader: 'js' };
    });
  },
};
