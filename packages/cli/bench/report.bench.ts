// Benchmark: `cxkit report` (the built bin) against DuckDB on the same generated answers file:
// per-account NPS with its interval as JSON, 1,000,000 answers of 10,000 accounts. The two run
// alternately, each as its own process under /usr/bin/time, and the CPU time ratio is printed (CPU,
// user + system, because wall time on a shared machine depends on the neighbours). The outputs are
// compared account by account. Figures go to docs/benchmarks.md ("CLI against DuckDB").
// Run: pnpm --filter @cxkit/cli bench (CXKIT_BENCH_ROWS, CXKIT_BENCH_RUNS to change the size).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBenchFile } from '../scripts/bench-file.js';

const ROWS = Number(process.env.CXKIT_BENCH_ROWS ?? 1_000_000);
const ACCOUNTS = 10_000;
const RUNS = Number(process.env.CXKIT_BENCH_RUNS ?? 3);
const cli = fileURLToPath(new URL('..', import.meta.url));

// The built bin, as an analyst installs it (`pnpm build` bundles it the same way).
execFileSync(process.execPath, [join(cli, 'scripts/bundle-bin.mjs')], { stdio: 'inherit' });
const bin = join(cli, 'dist/cxkit.mjs');
if (!existsSync(bin)) throw new Error('the build produced no bin');

const dir = await mkdtemp(join(tmpdir(), 'cxkit-bench-'));
const file = join(dir, 'answers.csv');
await writeBenchFile(file, ROWS, ACCOUNTS);
const { size } = await stat(file);
console.log(
  `cxkit report vs DuckDB: ${ROWS.toLocaleString('en-US')} answers, ${ACCOUNTS.toLocaleString('en-US')} accounts, ` +
    `${(size / 1e6).toFixed(1)} MB; ${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}, Node ${process.version}; ` +
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
);

/** CPU seconds (user + system), wall seconds and peak RSS (MB) of one command, its stdout to `out`. */
function timed(args: string[], out: string): { cpu: number; wall: number; rss: number } {
  const r = spawnSync(
    '/usr/bin/time',
    ['-f', '%U %S %e %M', '-o', `${out}.time`, 'sh', '-c', '"$0" "$@" > "$OUT"', ...args],
    { env: { ...process.env, OUT: out }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  const [user, system, wall, rss] = readFileSync(`${out}.time`, 'utf8')
    .trim()
    .split(/\s+/)
    .slice(-4)
    .map(Number);
  return { cpu: (user ?? 0) + (system ?? 0), wall: wall ?? 0, rss: (rss ?? 0) / 1024 };
}

const cxkitOut = join(dir, 'cxkit.json');
const duckOut = join(dir, 'duckdb.json');
const runs: { cxkit: ReturnType<typeof timed>; duckdb: ReturnType<typeof timed> }[] = [];
for (let i = 0; i < RUNS; i++) {
  const cxkit = timed(
    [process.execPath, bin, 'report', file, '--metric', 'nps', '--by', 'account_id', '--json'],
    cxkitOut,
  );
  const duckdb = timed([process.execPath, join(cli, 'bench/duckdb-report.mjs'), file], duckOut);
  runs.push({ cxkit, duckdb });
  console.log(
    `run ${i + 1}: cxkit ${cxkit.cpu.toFixed(2)} s CPU (${cxkit.wall.toFixed(2)} s wall, ${cxkit.rss.toFixed(0)} MB), ` +
      `DuckDB ${duckdb.cpu.toFixed(2)} s CPU (${duckdb.wall.toFixed(2)} s wall, ${duckdb.rss.toFixed(0)} MB), ` +
      `ratio ${(cxkit.cpu / duckdb.cpu).toFixed(2)}`,
  );
}

// Same answer from both: every account's n and counts, NPS and interval to 1e-9.
type Group = { by: { account_id: string }; n: number; value: number; interval: [number, number] };
const groups = (path: string) =>
  new Map(
    (JSON.parse(readFileSync(path, 'utf8')) as { groups: Group[] }).groups.map((g) => [g.by.account_id, g]),
  );
const a = groups(cxkitOut);
const b = groups(duckOut);
const same =
  a.size === b.size &&
  [...a].every(([id, g]) => {
    const h = b.get(id);
    return (
      h !== undefined &&
      h.n === g.n &&
      Math.abs(h.value - g.value) < 1e-9 &&
      Math.abs(h.interval[0] - g.interval[0]) < 1e-9 &&
      Math.abs(h.interval[1] - g.interval[1]) < 1e-9
    );
  });
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
const cx = median(runs.map((r) => r.cxkit.cpu));
const dk = median(runs.map((r) => r.duckdb.cpu));
console.log(
  `median CPU: cxkit ${cx.toFixed(2)} s, DuckDB ${dk.toFixed(2)} s: ratio ${(cx / dk).toFixed(2)} ` +
    `(best runs ${(Math.min(...runs.map((r) => r.cxkit.cpu)) / Math.min(...runs.map((r) => r.duckdb.cpu))).toFixed(2)}); ` +
    `${a.size.toLocaleString('en-US')} accounts, outputs ${same ? 'agree' : 'DIFFER'}`,
);
await rm(dir, { recursive: true, force: true });
if (!same) process.exitCode = 1;
