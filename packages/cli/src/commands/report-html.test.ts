import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/capture-io.js';

/**
 * A small portfolio, three accounts. NPS:
 *   2026-04: a1 twenty 2s, a2 ten 7s                      -> 0 promoters, 20 detractors of 30: -66.7
 *   2026-05: a1 twelve 10s, a2 twelve 10s and six 8s,
 *            a3 six 1s                                   -> 24 promoters, 6 detractors of 36: +50
 * CSAT (1-5) 2026-05: a1 eight 5s, a2 two 1s              -> 8 of 10 satisfied: 80.0 %
 * Comments (2026-05): three mention invoices, on a2 (2) and a3 (1).
 */
const quote = (s: string) => (s === '' ? '' : `"${s.replaceAll('"', '""')}"`);

function fixture(): string {
  const rows: string[] = ['account_id,respondent_id,role,metric,score,answered_at,comment'];
  let p = 0;
  const add = (account: string, metric: string, score: number, day: string, n: number, comment = '') => {
    for (let i = 0; i < n; i++)
      rows.push(`${account},p${p++},buyer,${metric},${score},${day},${i === 0 ? quote(comment) : ''}`);
  };
  add('a1', 'nps', 2, '2026-04-08', 20);
  add('a2', 'nps', 7, '2026-04-09', 10);
  add('a1', 'nps', 10, '2026-05-04', 12, 'Great team, always there');
  add('a2', 'nps', 10, '2026-05-05', 12, 'The invoice was wrong <b>again</b>');
  add('a2', 'nps', 8, '2026-05-06', 6, 'Invoices arrive late');
  add('a3', 'nps', 1, '2026-05-07', 6, '"Wrong invoice, every month"');
  add('a1', 'csat', 5, '2026-05-04', 8);
  add('a2', 'csat', 1, '2026-05-05', 2);
  return rows.join('\n') + '\n';
}

const Z95 = 1.959963984540054;

/** Adjusted-Wald NPS interval (pseudo-counts 0.75/1.5/0.75, docs/kpis.md), in points, rounded as the report shows. */
function adjustedWald(promoters: number, passives: number, detractors: number): [string, string] {
  const n = promoters + passives + detractors + 3;
  const pp = (promoters + 0.75) / n;
  const pd = (detractors + 0.75) / n;
  const nps = pp - pd;
  const half = Z95 * Math.sqrt((pp + pd - nps * nps) / n);
  const f = (x: number) => {
    const v = Math.round(Math.max(-1, Math.min(1, x)) * 100);
    return `${v > 0 ? '+' : ''}${v}`;
  };
  return [f(nps - half), f(nps + half)];
}

/** Wilson interval of k of n, in percent with one decimal. */
function wilson(k: number, n: number): [string, string] {
  const p = k / n;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [((centre - half) * 100).toFixed(1), ((centre + half) * 100).toFixed(1)];
}

const section = (html: string, title: string) => {
  const start = html.indexOf(`<h2>${title}</h2>`);
  const end = html.indexOf('<h2>', start + 1);
  return html.slice(start, end === -1 ? undefined : end);
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cxkit-report-html-'));
  await writeFile(join(dir, 'answers.csv'), fixture());
  await writeFile(
    join(dir, 'themes.json'),
    JSON.stringify([
      {
        id: 'billing',
        label: { en: 'Billing', fr: 'Facturation' },
        terms: { en: ['invoice*'], fr: ['facture*'] },
      },
    ]),
  );
  await writeFile(
    join(dir, 'rules.json'),
    JSON.stringify([
      {
        id: 'nps-negative',
        kind: 'threshold',
        metric: 'nps',
        comparator: 'lt',
        threshold: 0,
        minResponses: 5,
        scope: { type: 'account' },
      },
    ]),
  );
  await writeFile(
    join(dir, 'plan.json'),
    JSON.stringify([
      {
        title: 'Fix invoices',
        driver: 'theme:billing',
        plan: {
          objective: {
            metric: 'nps',
            scope: { type: 'portfolio' },
            target: 30,
            start: '2026-04-01',
            deadline: '2026-06-30',
          },
          owner: { email: 'cs@acme.test', name: 'Camille' },
          status: 'in-progress',
          checkpoints: ['2026-04-30', '2026-05-31'],
        },
      },
    ]),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('cxkit report --format html', () => {
  it("reports the month's KPIs, change, themes, replayed alerts and plan with figures computed by hand", async () => {
    const { code, stdout, stderr } = await runCli(
      [
        'report',
        'answers.csv',
        '--format',
        'html',
        '--month',
        '2026-05',
        '--name',
        'Acme & <Sons>',
        '--themes',
        'themes.json',
        '--rules',
        'rules.json',
        '--plan',
        'plan.json',
        '--target',
        'nps=30',
      ],
      dir,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.startsWith('<!doctype html>')).toBe(true);
    expect(stdout).toContain('<title>Acme &amp; &lt;Sons&gt; · customer experience · 2026-05</title>');
    const [lo, hi] = adjustedWald(24, 6, 6);
    // +50 against a target of 30 inside its interval: not distinguishable from the target.
    expect(section(stdout, 'Headline KPIs')).toContain(
      `<tr><th scope="row">NPS</th><td>+50 (95 % interval ${lo} to ${hi}), n = 36</td><td>+30: within the noise of the target</td></tr>`,
    );
    const [clo, chi] = wilson(8, 10);
    expect(section(stdout, 'Headline KPIs')).toContain(
      `<tr><th scope="row">CSAT</th><td>80.0 % (95 % interval ${clo} % to ${chi} %), n = 10, small sample</td><td>—</td></tr>`,
    );
    expect(section(stdout, 'Headline KPIs')).toContain('<tr><th scope="row">CES</th><td>no answers</td>');
    // 50 - (-66.67) = 116.7 points, far beyond its sampling error.
    expect(section(stdout, 'Changes that matter')).toContain(
      '<li>NPS rose by 116.7 points from 2026-04 (p = &lt; 0.001).</li>',
    );
    // a3's NPS is -100 on 6 answers (minimum 5): the one account below 0.
    const alerts = section(stdout, 'Alerts');
    expect(alerts).toContain('<p>1 alerts this month, 1 still open.</p>');
    expect(alerts).toMatch(/<tr><td>warning<\/td><td>[^<]+<\/td><td>a3<\/td><td>open<\/td><\/tr>/);
    const themes = section(stdout, 'What customers talked about');
    expect(themes).toContain('<tr><td>Billing</td><td>3</td><td>2</td>');
    expect(stdout).not.toContain('<b>');
    const plan = section(stdout, 'Action plan');
    expect(plan).toContain(
      `<tr><td>Fix invoices</td><td>NPS to +30 by 2026-06-30</td><td>Camille</td><td>in-progress</td><td>+50 (95 % interval ${lo} to ${hi}), n = 36</td><td>within the noise of the target</td></tr>`,
    );
  });

  it('says what a file lacks, and writes to --out', async () => {
    const { code, stdout } = await runCli(
      ['report', 'answers.csv', '--format', 'html', '--month', '2026-04', '--out', 'r.html'],
      dir,
    );
    expect(code).toBe(0);
    expect(stdout).toBe('');
    const html = await readFile(join(dir, 'r.html'), 'utf8');
    const [lo, hi] = adjustedWald(0, 10, 20);
    expect(html).toContain(`<td>-67 (95 % interval ${lo} to ${hi}), n = 30</td>`);
    expect(html).toContain('A file has no stored alerts: pass --rules RULES.json');
    expect(html).toContain('No action plan in a file report');
    expect(html).toContain('No significant change from the previous month.');
  });

  it('refuses options of the table report, a bad month and a bad plan, naming them', async () => {
    const byOption = await runCli(['report', 'answers.csv', '--format', 'html', '--by', 'role'], dir);
    expect(byOption.code).toBe(2);
    expect(byOption.stderr).toContain('--by does not apply to --format html');
    const month = await runCli(['report', 'answers.csv', '--format', 'html', '--month', '2026-13'], dir);
    expect(month.code).toBe(2);
    expect(month.stderr).toContain('--month must be a month YYYY-MM');
    await writeFile(join(dir, 'bad-plan.json'), JSON.stringify([{ title: 'x', plan: { status: 'soon' } }]));
    const plan = await runCli(['report', 'answers.csv', '--format', 'html', '--plan', 'bad-plan.json'], dir);
    expect(plan.code).toBe(2);
    expect(plan.stderr).toContain('bad-plan.json: actions[0].plan.objective');
    const monthOnText = await runCli(['report', 'answers.csv', '--metric', 'nps', '--month', '2026-05'], dir);
    expect(monthOnText.code).toBe(2);
    expect(monthOnText.stderr).toContain('--month applies to --format html only');
  });
});
