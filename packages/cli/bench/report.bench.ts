// Benchmark: `cxkit report` on a generated 1-million-row CSV, in-process and as a child process.
// Prints rows per second; results are recorded in docs/benchmarks.md ("CLI").
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main, type CliIo } from '../src/index.js';
import { SAMPLE_HEADER, sampleRows } from '../scripts/sample-data.js';

const ROWS = Number(process.env.CXKIT_BENCH_ROWS ?? 1_000_000);
const dir = await mkdtemp(join(tmpdir(), 'cxkit-bench-'));
const file = join(dir, 'answers.csv');

const out = createWriteStream(file);
out.write(SAMPLE_HEADER.join(',') + '\n');
for (const row of sampleRows(ROWS, 42)) if (!out.write(row + '\n')) await once(out, 'drain');
out.end();
await once(out, 'finish');
const { size } = await stat(file);
console.log(
  `load average before the runs: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(`generated ${ROWS.toLocaleString('en-US')} rows, ${(size / 1024 / 1024).toFixed(1)} MB: ${file}`);

const sink = () => new Writable({ write: (_c, _e, cb) => cb() });
const io: CliIo = { stdout: sink(), stderr: sink(), stdoutIsTTY: false, stderrIsTTY: false, cwd: dir };

const cases: [string, string[]][] = [
  ['report --metric nps', ['report', file, '--metric', 'nps', '--json']],
  [
    'report --metric nps --by region,product --period month',
    ['report', file, '--metric', 'nps', '--by', 'region,product', '--period', 'month'],
  ],
  [
    'report --metric csat --by account_id --period quarter',
    ['report', file, '--metric', 'csat', '--by', 'account_id', '--period', 'quarter'],
  ],
];

// Wall time on a shared machine depends on the neighbours; CPU time (user + system) of this process
// is printed too, as the figure that says what the work costs.
for (const [name, args] of cases) {
  const runs: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < 3; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    const cpu = process.cpuUsage();
    const t = performance.now();
    const code = await main(args, io);
    const used = process.cpuUsage(cpu);
    runs.push({ wall: (performance.now() - t) / 1000, cpu: (used.user + used.system) / 1e6 });
    if (code !== 0) throw new Error(`${name} exited ${code}`);
  }
  const wall = Math.min(...runs.map((r) => r.wall));
  const cpu = Math.min(...runs.map((r) => r.cpu));
  const rate = (s: number) => Math.round(ROWS / s).toLocaleString('en-US');
  console.log(
    `in-process  ${name}: best of 3 ${wall.toFixed(2)} s wall (${rate(wall)} rows/s), ${cpu.toFixed(2)} s CPU (${rate(cpu)} rows/s)`,
  );
}

// The real executable, as an analyst runs it (includes Node start-up and TypeScript loading via tsx).
const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
const t = performance.now();
execFileSync(
  process.execPath,
  ['--conditions=source', '--import', 'tsx', bin, 'report', file, '--metric', 'nps', '--by', 'region'],
  {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
const wall = (performance.now() - t) / 1000;
console.log(
  `child process report --metric nps --by region: ${wall.toFixed(2)} s wall, ${Math.round(ROWS / wall).toLocaleString('en-US')} rows/s`,
);
console.log(`peak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
await rm(dir, { recursive: true, force: true });
