import type {
  ActionPlanView,
  AlertsView,
  KeyDriver,
  RankedAction,
  AtRiskView,
  CorrelationsView,
  HeadlineKpi,
  KpiView,
  OverviewView,
  SegmentsView,
  ThemesView,
} from '@cxkit/core';
import { barChart, intervalLineChart, stackedBarChart } from './charts.js';
import { byId, esc, formatSigned, getJson } from './common.js';

/** What `/api/dashboard` answers: the cxkit server's analytics API, as is. */
interface Dashboard {
  overview: OverviewView;
  segments: Record<string, SegmentsView>;
  roles: SegmentsView;
  correlations: CorrelationsView;
  atRisk: AtRiskView;
  themes: ThemesView;
  alerts: AlertsView;
  drivers: { accounts: number; drivers: KeyDriver[] };
  priorities: { highImpact: number; ranked: RankedAction[] };
  plan: ActionPlanView;
}
type Severity = AlertsView['latest'][number]['severity'];

/** A row of a chart and its table. */
interface Point {
  key: string;
  n: number;
  value: number | null;
  lower: number | null;
  upper: number | null;
  smallSample: boolean;
}

const TITLES: Record<HeadlineKpi['kpi'], string> = {
  nps: 'NPS by month',
  csat: 'CSAT (% satisfied) by month',
  ces: 'Customer effort (1-7, higher is easier) by month',
  c2es: 'Employee effort (C2ES) by month',
};
const FORMAT: Record<HeadlineKpi['kpi'], (v: number) => string> = {
  nps: (v) => formatSigned(v),
  csat: (v) => `${v.toFixed(1)}%`,
  ces: (v) => v.toFixed(2),
  c2es: (v) => v.toFixed(2),
};
const SEGMENT_LABELS: Record<string, string> = {
  sector: 'Sector',
  size: 'Size',
  region: 'Region',
  distributor: 'Distributor',
};
const VERDICT: Record<string, string> = {
  'significantly-above': 'above target',
  'significantly-below': 'below target',
  'not-distinguishable': 'not distinguishable from target',
  'no-interval': 'no interval',
  'insufficient-data': 'not enough answers',
};

const fromFigure = (key: string, f: KpiView): Point => ({
  key,
  n: f.n,
  value: f.value,
  lower: f.interval?.lower ?? null,
  upper: f.interval?.upper ?? null,
  smallSample: f.smallSample,
});

/** Every chart has its data as a table: screen readers and the axe audit get the same numbers. */
function table(caption: string, points: Point[], fmt: (v: number) => string, keyLabel: string): string {
  return `<details><summary>${esc(caption)} as a table</summary><table><caption class="visually-hidden">${esc(caption)}</caption>
    <thead><tr><th scope="col">${esc(keyLabel)}</th><th scope="col">Value</th><th scope="col">95% interval</th><th scope="col">n</th></tr></thead>
    <tbody>${points
      .map(
        (
          p,
        ) => `<tr><td>${esc(p.key)}</td><td>${p.value === null ? '—' : esc(fmt(p.value))}${p.value !== null && p.smallSample ? ' (small sample)' : ''}</td>
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

function headline(k: HeadlineKpi): string {
  const f = k.figure;
  const fmt = FORMAT[k.kpi];
  const value =
    f.value === null
      ? `<span class="kpi-value">—</span> <span class="micro">${esc(f.reason ?? 'no answers')}</span>`
      : `<span class="kpi-value">${esc(fmt(f.value))}</span>${f.interval ? ` <span class="micro">(${esc(fmt(f.interval.lower))} to ${esc(fmt(f.interval.upper))})</span>` : ''}`;
  const target = k.target
    ? `<p class="micro">Target ${esc(fmt(k.target.target))}: ${esc(VERDICT[k.target.verdict] ?? k.target.verdict)}</p>`
    : '';
  return `<div data-testid="kpi-${k.kpi}"><h3>${esc(k.kpi.toUpperCase())}</h3><p>${value}</p>
    <p class="micro">n = ${f.n.toLocaleString('en')}${f.value !== null && f.smallSample ? ' · small sample' : ''}</p>${target}</div>`;
}

function alertsSection(a: AlertsView): string {
  const counts = (['critical', 'warning', 'info'] as const)
    .map((s) => `${a.bySeverity[s].total} ${SEVERITY[s][1].toLowerCase()}`)
    .join(', ');
  const shown = a.latest.length < a.total ? `; the latest ${a.latest.length} below` : '';
  return `<section class="card" aria-labelledby="t-alerts"><h2 id="t-alerts">Alerts (last 12 months)</h2>
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
          <td>${esc(x.title)}${x.acknowledgedAt ? ' (acknowledged)' : ''}</td>
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

function themesSection(view: ThemesView): string {
  const themes = view.themes;
  const pct = (f: KpiView) => (f.value === null ? '—' : `${f.value.toFixed(0)}%`);
  return `<section class="card" aria-labelledby="t-themes"><h2 id="t-themes">What customers talk about (last 12 months)</h2>
    ${
      themes.length === 0
        ? '<p>No analysed comment yet.</p>'
        : `<div class="chart"><canvas id="c-themes" role="img" aria-label="Mentions per theme by sentiment, last 12 months"></canvas></div>
    <table data-testid="themes"><caption class="visually-hidden">Themes of the comments of the last 12 months, most mentioned first</caption>
      <thead><tr><th scope="col">Theme</th><th scope="col">Mentions</th><th scope="col">Accounts</th><th scope="col">Negative (95% interval)</th><th scope="col">Example</th></tr></thead>
      <tbody>${themes
        .map(
          (
            t,
          ) => `<tr><td>${esc(t.label)}</td><td>${t.count.toLocaleString('en')}</td><td>${t.accounts.toLocaleString('en')}</td>
          <td>${esc(pct(t.negativeShare))}${t.negativeShare.interval ? ` (${t.negativeShare.interval.lower.toFixed(0)}–${t.negativeShare.interval.upper.toFixed(0)}%)` : ''}</td>
          <td>${t.examples[0] ? `<q>${esc(t.examples[0].text)}</q>` : '—'}</td></tr>`,
        )
        .join('')}</tbody></table>`
    }</section>`;
}

function atRiskSection(view: AtRiskView): string {
  return `<section class="card" aria-labelledby="t-risk"><h2 id="t-risk">Accounts most at risk</h2>
    <p class="micro">${view.ranked.toLocaleString('en')} active accounts scored; the ${view.accounts.length} with the highest churn risk.</p>
    <table data-testid="at-risk"><caption class="visually-hidden">Active accounts with the highest churn risk</caption>
      <thead><tr><th scope="col">Account</th><th scope="col">Churn risk</th><th scope="col">Main driver</th><th scope="col">Health</th><th scope="col">NPS (6 months)</th><th scope="col">MRR</th><th scope="col">MRR trend (3 months)</th></tr></thead>
      <tbody>${view.accounts
        .map(
          (
            a,
          ) => `<tr><td><a href="company.html?account=${encodeURIComponent(a.accountId)}">${esc(a.name ?? a.accountId)}</a></td>
          <td>${a.churn === null ? '—' : `${(a.churn.probability * 100).toFixed(1)}%${a.churn.source === 'prior' ? ' (prior)' : ''}`}</td>
          <td>${a.churn?.drivers[0] ? esc(a.churn.drivers[0].text) : '—'}</td>
          <td>${a.health === null ? '—' : `${Math.round(a.health.score)} · ${esc(a.health.bandLabel)}`}</td>
          <td>${a.nps.value === null ? '—' : esc(formatSigned(a.nps.value))} (n = ${a.nps.n})</td>
          <td>${a.mrr === null ? '—' : `€${a.mrr.toLocaleString('en')}`}</td>
          <td>${a.mrrTrendPercent === null ? '—' : `${esc(formatSigned(a.mrrTrendPercent, 1))}%`}</td></tr>`,
        )
        .join('')}</tbody></table></section>`;
}

function correlationsSection(view: CorrelationsView): string {
  return `<section class="card" aria-labelledby="t-corr"><h2 id="t-corr">CX and outcomes (Spearman, per account)</h2>
    <p class="micro">Accounts with at least ${view.minAnswers} answers of the KPI in the last 12 months; revenue and usage over active accounts.</p>
    <table data-testid="correlations"><caption class="visually-hidden">Correlations of account NPS, CSAT and CES with outcomes</caption>
      <thead><tr><th scope="col">Metric</th><th scope="col">Outcome</th><th scope="col">ρ (95% interval)</th><th scope="col">p</th><th scope="col">n</th></tr></thead>
      <tbody>${view.correlations
        .map(
          (
            c,
          ) => `<tr><td>${esc(c.metric)}</td><td>${esc(c.outcome)}</td><td>${c.rho === null ? '—' : c.rho.toFixed(2)}${c.interval ? ` (${c.interval.lower.toFixed(2)} to ${c.interval.upper.toFixed(2)})` : ''}</td>
          <td>${c.p === null ? '—' : c.p < 0.001 ? '< 0.001' : c.p.toFixed(3)}</td><td>${c.n}${c.smallSample ? ' (small sample)' : ''}</td></tr>`,
        )
        .join('')}</tbody></table></section>`;
}

const QUADRANT: Record<RankedAction['quadrant'], string> = {
  'quick-win': 'Quick win',
  structural: 'Structural project',
  'fill-in': 'Fill-in',
  deprioritise: 'Deprioritise',
};
const signed1 = (v: number) => formatSigned(v, 1);

function prioritiesSection(d: Dashboard['drivers'], p: Dashboard['priorities']): string {
  const top = d.drivers.filter((x) => x.impact !== null).slice(0, 8);
  return `<section class="card" aria-labelledby="t-priorities"><h2 id="t-priorities">What pulls NPS down, and what to fix first</h2>
    <p class="micro">Accounts exposed to each driver against the others (${d.accounts} active accounts, last 12 months): an association, not a proof of cause.</p>
    <table data-testid="drivers"><caption class="visually-hidden">Key drivers of NPS by points at stake</caption>
      <thead><tr><th scope="col">Driver</th><th scope="col">Exposed when</th><th scope="col">NPS gap (95% interval)</th><th scope="col">Points at stake</th><th scope="col">Accounts (MRR)</th></tr></thead>
      <tbody>${top
        .map(
          (x) => `<tr><td>${esc(x.label)}</td><td>${esc(x.rule)}</td>
          <td>${esc(signed1(x.gap!))} (${esc(signed1(x.gapInterval!.lower))} to ${esc(signed1(x.gapInterval!.upper))})${x.smallSample ? ' (small sample)' : ''}</td>
          <td>${x.impact!.toFixed(1)}</td><td>${x.accounts}${x.mrrKnown > 0 ? ` (€${Math.round(x.mrr).toLocaleString('en')})` : ''}</td></tr>`,
        )
        .join('')}</tbody></table>
    <h3>Improvement actions, ranked</h3>
    ${
      p.ranked.length === 0
        ? '<p>No candidate action yet.</p>'
        : `<table data-testid="priorities"><caption class="visually-hidden">Candidate actions ranked on the impact and effort matrix</caption>
      <thead><tr><th scope="col">Rank</th><th scope="col">Action</th><th scope="col">Matrix</th><th scope="col">Why</th></tr></thead>
      <tbody>${p.ranked
        .map(
          (r) =>
            `<tr><td>${r.rank}</td><td>${esc(r.title)}</td><td>${esc(QUADRANT[r.quadrant])}</td><td>${esc(r.explanation)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    }</section>`;
}

function planSection(plan: ActionPlanView): string {
  const verdict: Record<string, string> = {
    'significantly-above': 'above target',
    'significantly-below': 'below target',
    'not-distinguishable': 'within the noise of the target',
    'no-interval': 'no interval',
    'insufficient-data': 'not enough answers',
    'not-due': 'not due yet',
  };
  return `<section class="card" aria-labelledby="t-plan"><h2 id="t-plan">Action plan</h2>
    ${
      plan.actions.length === 0
        ? '<p>No action in the plan yet.</p>'
        : plan.actions
            .map((a) => {
              const o = a.plan.objective;
              return `<h3>${esc(a.title)}</h3>
      <p class="micro">${esc(o.metric.toUpperCase())} of ${esc(o.scope.type === 'portfolio' ? 'all accounts' : o.scope.type === 'role' ? `role ${o.scope.role}` : `${o.scope.attribute} ${o.scope.value}`)} to ${esc(formatSigned(o.target))} by ${esc(o.deadline)} · owner ${esc(a.plan.owner.name ?? a.plan.owner.email)} · ${esc(a.plan.status)}</p>
      <table data-testid="plan"><caption class="visually-hidden">Progress of ${esc(a.title)} at each checkpoint</caption>
        <thead><tr><th scope="col">Period</th><th scope="col">NPS (95% interval)</th><th scope="col">n</th><th scope="col">Against the target</th></tr></thead>
        <tbody>${a.checkpoints
          .map(
            (c) => `<tr><td>${esc(c.from)} to ${esc(c.date)}</td>
            <td>${c.figure?.value == null ? '—' : `${esc(formatSigned(c.figure.value))}${c.figure.interval ? ` (${esc(formatSigned(c.figure.interval.lower))} to ${esc(formatSigned(c.figure.interval.upper))})` : ''}`}</td>
            <td>${c.figure?.n ?? '—'}</td><td>${esc(verdict[c.verdict] ?? c.verdict)}</td></tr>`,
          )
          .join('')}</tbody></table>`;
            })
            .join('')
    }</section>`;
}

const root = byId('dashboard');
try {
  const d = await getJson<Dashboard>('/api/dashboard');
  const o = d.overview;
  const trends = o.kpis.filter((k) => k.figure.n > 0);
  const trendPoints = (k: HeadlineKpi): Point[] => k.trend.map((p) => ({ ...p, key: p.period }));
  const segmentPoints = (v: SegmentsView): Point[] => v.segments.map((s) => fromFigure(s.segment, s.figure));
  const nps = (v: number) => formatSigned(v);
  root.innerHTML = `
  <p class="micro" data-testid="totals">${o.accounts.total} accounts (${o.accounts.churned} have left); ${o.health.scored} scored for health, ${o.churn.expectedChurners ?? '—'} expected to leave within the churn horizon (€${(o.churn.expectedMrrAtRisk ?? 0).toLocaleString('en')} of monthly revenue at risk). Last ${o.window.months} months; every figure from the server's analytics API.</p>
  <section class="card" aria-labelledby="t-headline"><h2 id="t-headline">Headline KPIs (last ${o.window.months} months)</h2>
    <div class="grid">${o.kpis.map(headline).join('')}</div></section>
  ${alertsSection(d.alerts)}
  <div class="grid">
    ${trends
      .map(
        (
          k,
        ) => `<section class="card" aria-labelledby="t-${k.kpi}"><h2 id="t-${k.kpi}">${esc(TITLES[k.kpi])}</h2>
        <div class="chart"><canvas id="c-${k.kpi}" role="img" aria-label="${esc(TITLES[k.kpi])}, with 95% intervals"></canvas></div>
        ${table(TITLES[k.kpi], trendPoints(k), FORMAT[k.kpi], 'Month')}</section>`,
      )
      .join('')}
    <section class="card" aria-labelledby="t-roles"><h2 id="t-roles">NPS by role (last 12 months)</h2>
      <div class="chart"><canvas id="c-roles" role="img" aria-label="NPS by role"></canvas></div>
      ${table('NPS by role', segmentPoints(d.roles), nps, 'Role')}</section>
  </div>
  <section class="card" aria-labelledby="t-segments"><h2 id="t-segments">NPS by segment (last 12 months)</h2>
    <div class="grid">${Object.entries(d.segments)
      .map(
        ([dim, view]) => `<div><h3>${esc(SEGMENT_LABELS[dim] ?? dim)}</h3>
          <div class="chart"><canvas id="c-seg-${esc(dim)}" role="img" aria-label="NPS by ${esc(dim)}"></canvas></div>
          ${table(`NPS by ${SEGMENT_LABELS[dim] ?? dim}`, segmentPoints(view), nps, SEGMENT_LABELS[dim] ?? dim)}</div>`,
      )
      .join('')}</div></section>
  ${atRiskSection(d.atRisk)}
  ${correlationsSection(d.correlations)}
  ${themesSection(d.themes)}
  ${prioritiesSection(d.drivers, d.priorities)}
  ${planSection(d.plan)}`;

  for (const k of trends)
    intervalLineChart(byId<HTMLCanvasElement>(`c-${k.kpi}`), k.kpi.toUpperCase(), trendPoints(k));
  barChart(byId<HTMLCanvasElement>('c-roles'), 'NPS', segmentPoints(d.roles));
  for (const [dim, view] of Object.entries(d.segments))
    barChart(byId<HTMLCanvasElement>(`c-seg-${dim}`), 'NPS', segmentPoints(view));
  const themes = d.themes.themes;
  if (themes.length > 0)
    stackedBarChart(
      byId<HTMLCanvasElement>('c-themes'),
      themes.map((t) => t.label),
      [
        { label: 'Negative', color: '#b42318', data: themes.map((t) => t.sentiment.negative) },
        { label: 'Neutral', color: '#8a94a6', data: themes.map((t) => t.sentiment.neutral) },
        { label: 'Positive', color: '#0b6b2b', data: themes.map((t) => t.sentiment.positive) },
      ],
    );
} catch (e) {
  root.innerHTML = `<p role="alert">The analytics could not be loaded: ${esc((e as Error).message)}</p>`;
}
document.body.dataset['ready'] = 'true';
