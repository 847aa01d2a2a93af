// The main job (`pnpm start`): cxkit reports on the bundled sample of B2B survey answers.
// Runs the CLI on its TypeScript sources, exactly as `pnpm cxkit ...` does.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const sample = 'examples/cx-answers.csv';
const reports = [
  ['report', sample, '--metric', 'nps', '--by', 'region'],
  ['report', sample, '--metric', 'csat', '--period', 'quarter'],
  ['report', sample, '--metric', 'ces', '--by', 'role'],
];

let status = 0;
for (const args of reports) {
  console.log(`\n$ cxkit ${args.join(' ')}\n`);
  const run = spawnSync(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', 'packages/cli/src/bin.ts', ...args],
    { cwd: root, stdio: 'inherit' },
  );
  if (run.error) throw run.error;
  status ||= run.status ?? 1;
}
process.exitCode = status;
