import { barChart, intervalLineChart, stackedBarChart } from './charts.js';
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
  themes: {
    theme: string;
    label: string;
    mentions: number;
    sentiment: { negative: number; neutral: number; positive: number };
    negativeShare: number;
    positiveShare: number;
    example: { text: string; sentiment: number; language: string } | null;
  }[];
  totals: { accounts: number; churned: number; responses: number };
}
type Severity = 'info' | 'warning' | 'critical';
interface Alerts {
  total: number;
  open: number;
  bySeverity: Record<Severity, number>;
  latest: {
    id: string;
    severity: Severity;
    title: string;
    target: { type: 'account' | 'segment'; id: string };
    accountName: string | null;
    period: string;
    createdAt: string;
    acknowledged: boolean;
  }[];
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

/** Severity as a tag: the word is always shown, the colour only repeats it. */
const SEVERITY: Record<Severity, [string, string]> = {
  critical: ['error', 'Critical'],
  warning: ['warning', 'Warning'],
  info: ['default', 'Info'],
};
const WHEN = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

function alertsSection(a: Alerts): string {
  const counts = (['critical', 'warning', 'info'] as const)
    .map((s) => `${a.bySeverity[s]} ${SEVERITY[s][1].toLowerCase()}`)
    .join(', ');
  const shown = a.latest.length < a.total ? `; the latest ${a.latest.length} below` : '';
  return `<section class="card" aria-labelledby="t-alerts"><h2 id="t-alerts">Alerts</h2>
    <p class="micro" data-testid="alert-count">${a.total.toLocaleString('en')} alerts (${a.open.toLocaleString('en')} open: ${esc(counts)})${shown}. Rules are set through the server's admin API and evaluated every minute.</p>
    ${
      a.latest.length === 0
        ? '<p>No alert yet.</p>'
        : `<table data-testid="alerts"><caption class="visually-hidden">Latest alerts, newest first</caption>
      <thead><tr><th scope="col">Severity</th><th scope="col">Alert</th><th scope="col">Account or segment</th><th scope="col">Period</th><th scope="col">Raised</th></tr></thead>
      <tbody>${a.latest
        .map(
          (
            x,
          ) => `<tr><td><span class="tag ${SEVERITY[x.severity][0]}">${esc(SEVERITY[x.severity][1])}</span></td>
          <td>${esc(x.title)}${x.acknowledged ? ' (acknowledged)' : ''}</td>
          <td>${
            x.target.type === 'account'
              ? `<a href="company.html?account=${encodeURIComponent(x.target.id)}">${esc(x.accountName ?? x.target.id)}</a>`
              : `segment ${esc(x.target.id)}`
          }</td>
          <td>${esc(x.period)}</td><td><time datetime="${esc(x.createdAt)}">${esc(WHEN.format(new Date(x.createdAt)))}</time></td></tr>`,
        )
        .join('')}</tbody></table>`
    }</section>`;
}

function themesSection(themes: Dashboard['themes']): string {
  const pct = (v: number) => `${v.toFixed(0)}%`;
  return `<section class="card" aria-labelledby="t-themes"><h2 id="t-themes">What customers talk about (last 12 months)</h2>
    ${
      themes.length === 0
        ? '<p>No analysed comment yet.</p>'
        : `<div class="chart"><canvas id="c-themes" role="img" aria-label="Mentions per theme by sentiment, last 12 months"></canvas></div>
    <table data-testid="themes"><caption class="visually-hidden">Themes of the comments of the last 12 months, most mentioned first</caption>
      <thead><tr><th scope="col">Theme</th><th scope="col">Mentions</th><th scope="col">Negative</th><th scope="col">Positive</th><th scope="col">Example</th></tr></thead>
      <tbody>${themes
        .map(
          (t) => `<tr><td>${esc(t.label)}</td><td>${t.mentions.toLocaleString('en')}</td>
          <td>${esc(pct(t.negativeShare))}</td><td>${esc(pct(t.positiveShare))}</td>
          <td>${t.example === null ? '—' : `<q${t.example.language === 'other' ? '' : ` lang="${esc(t.example.language)}"`}>${esc(t.example.text)}</q>`}</td></tr>`,
        )
        .join('')}</tbody></table>`
    }</section>`;
}

const [d, alerts] = await Promise.all([getJson<Dashboard>('/api/dashboard'), getJson<Alerts>('/api/alerts')]);
const nps = (v: number) => formatSigned(v);
byId('dashboard').innerHTML = `
  <p class="micro">${d.totals.accounts} accounts (${d.totals.churned} have left), ${d.totals.responses.toLocaleString('en')} scored answers.</p>
  ${alertsSection(alerts)}
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
    <section class="card" aria-labelledby="t-corr"><h2 id="t-corr">CX and outcomes (Spearman, per account)</h2>
      <table data-testid="correlations"><caption class="visually-hidden">Correlations of account NPS, CSAT and CES with outcomes</caption>
        <thead><tr><th scope="col">Metric</th><th scope="col">Outcome</th><th scope="col">ρ</th><th scope="col">p</th><th scope="col">n</th></tr></thead>
        <tbody>${d.correlations
          .map(
            (
              c,
            ) => `<tr><td>${esc(c.metric)}</td><td>${esc(c.outcome)}</td><td>${c.rho === null ? '—' : c.rho.toFixed(2)}</td>
            <td>${c.p === null ? '—' : c.p < 0.001 ? '< 0.001' : c.p.toFixed(3)}</td><td>${c.n}</td></tr>`,
          )
          .join('')}</tbody></table></section>
  ${themesSection(d.themes)}`;

for (const [k] of TRENDS) intervalLineChart(byId<HTMLCanvasElement>(`c-${k}`), k.toUpperCase(), d.trends[k]);
barChart(byId<HTMLCanvasElement>('c-roles'), 'NPS', d.roles);
for (const [dim, rows] of Object.entries(d.segments))
  barChart(byId<HTMLCanvasElement>(`c-seg-${dim}`), 'NPS', rows);
if (d.themes.length > 0)
  stackedBarChart(
    byId<HTMLCanvasElement>('c-themes'),
    d.themes.map((t) => t.label),
    [
      { label: 'Negative', color: '#b42318', data: d.themes.map((t) => t.sentiment.negative) },
      { label: 'Neutral', color: '#8a94a6', data: d.themes.map((t) => t.sentiment.neutral) },
      { label: 'Positive', color: '#0b6b2b', data: d.themes.map((t) => t.sentiment.positive) },
    ],
  );
document.body.dataset['ready'] = 'true';
