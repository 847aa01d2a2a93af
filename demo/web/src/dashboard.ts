import { barChart, intervalLineChart } from './charts.js';
import { byId, esc, formatSigned, getJson } from './common.js';

interface KpiPoint {
  key: string;
  n: number;
  value: number | null;
  lower: number | null;
  upper: number | null;
  smallSample: boolean;
}
interface Dashboard {
  trends: Record<'nps' | 'csat' | 'ces', KpiPoint[]>;
  segments: Record<string, KpiPoint[]>;
  roles: KpiPoint[];
  correlations: { metric: string; outcome: string; rho: number | null; p: number | null; n: number }[];
  atRisk: {
    accountId: string;
    name: string;
    churnRisk: number | null;
    churnSource: 'model' | 'prior' | null;
    topDriver: string | null;
    healthScore: number | null;
    healthBand: string | null;
    nps: number | null;
    npsN: number;
    usageChange: number | null;
    revenue: number;
  }[];
  totals: { accounts: number; churned: number; responses: number };
}

const TRENDS = [
  ['nps', 'NPS by month', (v: number) => formatSigned(v)],
  ['csat', 'CSAT (% satisfied) by month', (v: number) => `${v.toFixed(1)}%`],
  ['ces', 'Customer effort (1-7, higher is easier) by month', (v: number) => v.toFixed(2)],
] as const;
const SEGMENT_LABELS: Record<string, string> = {
  sector: 'Sector',
  size: 'Size',
  region: 'Region',
  distributor: 'Distributor',
  channel: 'Channel',
};

/** Every chart has its data as a table: screen readers and the axe audit get the same numbers. */
function table(caption: string, points: KpiPoint[], fmt: (v: number) => string, keyLabel: string): string {
  return `<details><summary>${esc(caption)} as a table</summary><table><caption class="visually-hidden">${esc(caption)}</caption>
    <thead><tr><th scope="col">${esc(keyLabel)}</th><th scope="col">Value</th><th scope="col">95% interval</th><th scope="col">n</th></tr></thead>
    <tbody>${points
      .map(
        (
          p,
        ) => `<tr><td>${esc(p.key)}</td><td>${p.value === null ? '—' : esc(fmt(p.value))}${p.smallSample ? ' (small sample)' : ''}</td>
        <td>${p.lower === null || p.upper === null ? '—' : `${esc(fmt(p.lower))} to ${esc(fmt(p.upper))}`}</td><td>${p.n}</td></tr>`,
      )
      .join('')}</tbody></table></details>`;
}

const d = await getJson<Dashboard>('/api/dashboard');
const nps = (v: number) => formatSigned(v);
byId('dashboard').innerHTML = `
  <p class="micro">${d.totals.accounts} accounts (${d.totals.churned} have left), ${d.totals.responses.toLocaleString('en')} scored answers.</p>
  <div class="grid">
    ${TRENDS.map(
      ([k, title, fmt]) => `<section class="card" aria-labelledby="t-${k}"><h2 id="t-${k}">${esc(title)}</h2>
        <div class="chart"><canvas id="c-${k}" role="img" aria-label="${esc(title)}, with 95% intervals"></canvas></div>
        ${table(title, d.trends[k], fmt, 'Month')}</section>`,
    ).join('')}
    <section class="card" aria-labelledby="t-roles"><h2 id="t-roles">NPS by role (last 12 months)</h2>
      <div class="chart"><canvas id="c-roles" role="img" aria-label="NPS by role"></canvas></div>
      ${table('NPS by role', d.roles, nps, 'Role')}</section>
  </div>
  <section class="card" aria-labelledby="t-segments"><h2 id="t-segments">NPS by segment (last 12 months)</h2>
    <div class="grid">${Object.entries(d.segments)
      .map(
        ([dim, rows]) => `<div><h3>${esc(SEGMENT_LABELS[dim] ?? dim)}</h3>
          <div class="chart"><canvas id="c-seg-${esc(dim)}" role="img" aria-label="NPS by ${esc(dim)}"></canvas></div>
          ${table(`NPS by ${SEGMENT_LABELS[dim] ?? dim}`, rows, nps, SEGMENT_LABELS[dim] ?? dim)}</div>`,
      )
      .join('')}</div></section>
  <div class="grid">
    <section class="card" aria-labelledby="t-corr"><h2 id="t-corr">CX and outcomes (Spearman, per account)</h2>
      <table data-testid="correlations"><caption class="visually-hidden">Correlations of account NPS with outcomes</caption>
        <thead><tr><th scope="col">Metric</th><th scope="col">Outcome</th><th scope="col">ρ</th><th scope="col">p</th><th scope="col">n</th></tr></thead>
        <tbody>${d.correlations
          .map(
            (
              c,
            ) => `<tr><td>${esc(c.metric)}</td><td>${esc(c.outcome)}</td><td>${c.rho === null ? '—' : c.rho.toFixed(2)}</td>
            <td>${c.p === null ? '—' : c.p < 0.001 ? '< 0.001' : c.p.toFixed(3)}</td><td>${c.n}</td></tr>`,
          )
          .join('')}</tbody></table></section>
    <section class="card" aria-labelledby="t-risk"><h2 id="t-risk">Accounts most at risk</h2>
      <table data-testid="at-risk"><caption class="visually-hidden">Active accounts with the highest churn risk (90 days)</caption>
        <thead><tr><th scope="col">Account</th><th scope="col">Churn risk (90 days)</th><th scope="col">Main driver</th><th scope="col">Health</th><th scope="col">NPS (6 months)</th><th scope="col">Usage change</th><th scope="col">Revenue / month</th></tr></thead>
        <tbody>${d.atRisk
          .map(
            (
              a,
            ) => `<tr><td><a href="company.html?account=${encodeURIComponent(a.accountId)}">${esc(a.name)}</a></td>
            <td>${a.churnRisk === null ? '—' : `${(a.churnRisk * 100).toFixed(1)}%${a.churnSource === 'prior' ? ' (prior)' : ''}`}</td>
            <td>${a.topDriver === null ? '—' : esc(a.topDriver)}</td>
            <td>${a.healthScore === null ? '—' : `${a.healthScore} · ${esc(a.healthBand ?? '')}`}</td>
            <td>${a.nps === null ? '—' : esc(formatSigned(a.nps))} (n = ${a.npsN})</td>
            <td>${a.usageChange === null ? '—' : `${esc(formatSigned(a.usageChange))}%`}</td><td>€${a.revenue.toLocaleString('en')}</td></tr>`,
          )
          .join('')}</tbody></table></section>
  </div>`;

for (const [k] of TRENDS) intervalLineChart(byId<HTMLCanvasElement>(`c-${k}`), k.toUpperCase(), d.trends[k]);
barChart(byId<HTMLCanvasElement>('c-roles'), 'NPS', d.roles);
for (const [dim, rows] of Object.entries(d.segments))
  barChart(byId<HTMLCanvasElement>(`c-seg-${dim}`), 'NPS', rows);
document.body.dataset['ready'] = 'true';
