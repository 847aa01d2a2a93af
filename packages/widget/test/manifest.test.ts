// The committed custom-elements.json is what `pnpm analyze` generates from the sources today,
// and it documents the whole public contract of <cx-survey>.
import { test } from 'vitest';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

interface Manifest {
  modules: {
    declarations?: {
      tagName?: string;
      attributes?: { name: string }[];
      events?: { name: string }[];
      cssParts?: { name: string }[];
      cssProperties?: { name: string }[];
      members?: { name: string; kind: string }[];
    }[];
  }[];
}

test('custom-elements.json is up to date (run `pnpm analyze` after changing the element)', () => {
  const rel = `node_modules/.cache/cem-check-${process.pid}`;
  const out = join(root, rel);
  try {
    execFileSync(join(root, 'node_modules/.bin/cem'), ['analyze'], {
      cwd: root,
      stdio: 'pipe',
      env: { ...process.env, CEM_OUTDIR: rel },
    });
    const fresh = JSON.parse(readFileSync(join(out, 'custom-elements.json'), 'utf8')) as unknown;
    const committed = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8')) as unknown;
    assert.deepEqual(committed, fresh);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('the manifest documents attributes, events, parts, custom properties and methods, and is exported', () => {
  const m = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8')) as Manifest;
  const el = m.modules.flatMap((mod) => mod.declarations ?? []).find((d) => d.tagName === 'cx-survey');
  assert.ok(el, 'cx-survey is declared');
  const names = (xs?: { name: string }[]) => (xs ?? []).map((x) => x.name);
  for (const a of [
    'endpoint',
    'survey',
    'account',
    'respondent',
    'respondent-role',
    'role',
    'token',
    'locale',
    'site-key',
  ])
    assert.ok(names(el.attributes).includes(a), `attribute ${a}`);
  for (const a of ['mode', 'theme', 'fatigue-days', 'global-cap', 'require-consent', 'consent', 'anonymous'])
    assert.ok(names(el.attributes).includes(a), `attribute ${a}`);
  assert.deepEqual(names(el.events), [
    'cx-show',
    'cx-answer',
    'cx-submit',
    'cx-sent',
    'cx-dismiss',
    'cx-error',
  ]);
  for (const p of ['panel', 'question', 'option', 'selected', 'next', 'close', 'thanks'])
    assert.ok(names(el.cssParts).includes(p), `part ${p}`);
  assert.ok(names(el.cssProperties).includes('--cx-accent'));
  const methods = (el.members ?? []).filter((x) => x.kind === 'method').map((x) => x.name);
  assert.deepEqual(methods.sort(), ['dismiss', 'reset', 'show']);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    customElements: string;
    exports: Record<string, unknown>;
  };
  assert.equal(pkg.customElements, 'custom-elements.json');
  assert.equal(pkg.exports['./custom-elements.json'], './custom-elements.json');
});
