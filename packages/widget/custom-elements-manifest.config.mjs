// `pnpm analyze` writes custom-elements.json: attributes, properties, events, parts and custom
// properties of <cx-survey>, from its static properties and JSDoc.
export default {
  globs: ['src/cx-survey.ts', 'src/define.ts'],
  // The up-to-date test writes a fresh copy elsewhere and must not touch package.json.
  outdir: process.env.CEM_OUTDIR ?? '.',
  packagejson: !process.env.CEM_OUTDIR,
  litelement: true,
  plugins: [
    {
      // Keep the public contract only: the private `_emit(type, detail)` helper makes the analyzer
      // infer an event named after its variable (the real ones are the documented @fires), and
      // `_`-prefixed members and unexported locals are internals.
      name: 'cx-public-contract-only',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          const exported = new Set((mod.exports ?? []).map((e) => e.declaration?.name));
          mod.declarations = (mod.declarations ?? []).filter((d) => exported.has(d.name));
          for (const d of mod.declarations) {
            if (d.events) d.events = d.events.filter((e) => e.name?.startsWith('cx-'));
            if (d.members) d.members = d.members.filter((m) => !m.name.startsWith('_'));
          }
        }
      },
    },
  ],
};
