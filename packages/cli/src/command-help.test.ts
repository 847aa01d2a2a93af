import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from './cli.js';
import type { CommandSpec } from './command-spec.js';
import { runCli } from './testing/capture-io.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cwd = fileURLToPath(new URL('.', import.meta.url));

const specs: [string, CommandSpec][] = [];
for (const [name, entry] of Object.entries(COMMANDS)) {
  const module = await entry.load();
  for (const spec of module.specs) specs.push([name, spec]);
}

describe('every command’s help and parser come from its table', () => {
  it('covers every command', () => {
    expect([...new Set(specs.map(([name]) => name))].sort()).toEqual(Object.keys(COMMANDS).sort());
  });

  it.each(specs.map(([, spec]) => [spec.name, spec] as const))(
    '%s --help lists every option',
    async (_n, spec) => {
      const { code, stdout } = await runCli([...spec.name.split(' '), '--help'], cwd);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^Usage:\s+cxkit /);
      for (const [option, o] of Object.entries(spec.options)) {
        const label = `--${option}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;
        expect(stdout, option).toMatch(
          new RegExp(`^ +(-\\w, )?${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( |$)`, 'm'),
        );
      }
      expect(stdout).toMatch(/^ +-h, --help +show this help$/m);
    },
  );

  it.each(specs.map(([, spec]) => [spec.name] as const))(
    '%s refuses an unknown option, naming it (exit 2)',
    async (name) => {
      const { code, stdout, stderr } = await runCli([...name.split(' '), '--no-such-option'], cwd);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain("'--no-such-option'");
      expect(stderr).toContain(`see cxkit ${name.split(' ')[0]} --help`);
    },
  );
});

describe('CONTRIBUTING.md', () => {
  const text = readFileSync(`${root}CONTRIBUTING.md`, 'utf8');
  const layout = text.slice(text.indexOf('## Layout'), text.indexOf('\n## ', text.indexOf('## Layout') + 1));

  it('lists every cxkit command in the cli row, and no other', () => {
    const row = layout.split('\n').find((l) => l.startsWith('| `packages/cli`'))!;
    const commands = row.slice(row.indexOf('bin:'));
    expect([...commands.matchAll(/`(\w+)`/g)].map((m) => m[1]).sort()).toEqual(Object.keys(COMMANDS).sort());
  });

  it('lists every package of the workspace and the demo', () => {
    const listed = [...layout.matchAll(/^\| `([\w/-]+?)\/?` /gm)].map((m) => m[1]).sort();
    const packages = readdirSync(`${root}packages`).map((p) => `packages/${p}`);
    expect(listed).toEqual([...packages, 'demo'].sort());
  });
});
