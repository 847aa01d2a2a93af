import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/capture-io.js';

interface BacktestJson {
  evaluations: number;
  alerts: { ruleId: string; accountId?: string; segmentId?: string; period: string; severity: string }[];
  skipped: { ruleId: string; reason: string }[];
}

let dir: string;

// 12 answers a month, 2025-01 to 2026-06: "steady" at NPS 33 throughout; "acme" at 33 until it falls to
// −67 from 2026-03 (9 detractors, 2 passives, 1 promoter).
const month = (m: string, account: string, d: number, p: number, q: number) =>
  [...Array<number>(d).fill(3), ...Array<number>(p).fill(8), ...Array<number>(q).fill(10)].map(
    (score, i) => `${account},${account}-${i},buyer,nps,${score},${m}-${String(2 + i).padStart(2, '0')}`,
  );

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cxkit-alerts-'));
  const lines = ['account_id,respondent_id,role,metric,score,answered_at'];
  for (let y = 2025; y <= 2026; y++)
    for (let m = 1; m <= 12; m++) {
      const key = `${y}-${String(m).padStart(2, '0')}`;
      if (key > '2026-06') break;
      lines.push(...month(key, 'steady', 2, 4, 6));
      lines.push(...(key >= '2026-03' ? month(key, 'acme', 9, 2, 1) : month(key, 'acme', 2, 4, 6)));
    }
  await writeFile(join(dir, 'history.csv'), lines.join('\n') + '\n');
  await writeFile(
    join(dir, 'rules.json'),
    JSON.stringify([
      { id: 'nps-drop', kind: 'significant-change', metric: 'nps', scope: { type: 'account' } },
      { id: 'nps-odd', kind: 'anomaly', metric: 'nps', scope: { type: 'account' } },
      { id: 'angry', kind: 'detractor-negative-verbatim', scope: { type: 'account' } },
    ]),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('cxkit alerts backtest', () => {
  it('replays minimal rules month by month and lists the alerts they would have raised, as JSON', async () => {
    const { code, stdout, stderr } = await runCli(
      ['alerts', 'backtest', 'history.csv', '--rules', 'rules.json', '--json'],
      dir,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as BacktestJson;
    // Default: the 12 months up to the file's last; two scored rules on two accounts each month.
    expect(doc.evaluations).toBe(12 * 2 * 2);
    expect(doc.alerts.map((a) => [a.ruleId, a.accountId, a.period, a.severity])).toEqual([
      ['nps-drop', 'acme', '2026-03', 'warning'],
      ['nps-odd', 'acme', '2026-03', 'warning'],
    ]);
    expect(doc.skipped).toEqual([{ ruleId: 'angry', reason: 'needs analysed open answers' }]);
  });

  it('honours --from and --to, and prints a summary table for people', async () => {
    const { code, stdout } = await runCli(
      ['alerts', 'backtest', 'history.csv', '--rules', 'rules.json', '--from', '2025-06', '--to', '2026-02'],
      dir,
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Alert backtest 2025-06 to 2026-02: 9 monthly runs, 36 evaluations, 0 alerts/);
    expect(stdout).toMatch(/nps-drop\s+significant-change\s+0\s+0/);
    expect(stdout).toMatch(
      /angry\s+detractor-negative-verbatim\s+—\s+—\s+skipped: needs analysed open answers/,
    );
    expect(stdout).toContain('No alert would have been raised.');
  });

  it('refuses an invalid rule naming its index, field and rule, and a bad month (exit 2)', async () => {
    await writeFile(
      join(dir, 'bad.json'),
      JSON.stringify({ rules: [{ id: 'x', kind: 'anomaly', scope: { type: 'account' } }] }),
    );
    const bad = await runCli(['alerts', 'backtest', 'history.csv', '--rules', 'bad.json'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.json: rules\[0\]\.metric/);
    const month = await runCli(
      ['alerts', 'backtest', 'history.csv', '--rules', 'rules.json', '--from', '2026-13'],
      dir,
    );
    expect(month.code).toBe(2);
    expect(month.stderr).toMatch(/--from must be a month YYYY-MM/);
    const none = await runCli(['alerts', 'backtest', 'history.csv', '--rules', 'missing.json'], dir);
    expect(none.code).toBe(3);
  });
});
