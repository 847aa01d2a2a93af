import type { ActionPlanView } from './action-plan.js';
import type { KpiView } from './account-summary-view.js';
import type { AlertsView, HeadlineKpi, ThemesView } from './portfolio-analytics-view.js';

/** What a monthly report shows (seed 001, "Reporting automatisé"): one month of a tenant's portfolio. */
export interface MonthlyReportInput {
  /** The tenant's name. */
  tenant: string;
  /** The month reported (`YYYY-MM`). */
  month: string;
  /** When it was produced (ISO). */
  generatedAt: string;
  /** Headline KPIs whose trend includes the month (and the months before it). */
  kpis: readonly HeadlineKpi[];
  /** The month's themes. */
  themes: ThemesView;
  /** The month's alerts; null when there are none to report (a file has no stored alerts): `notes.alerts` says why. */
  alerts: AlertsView | null;
  /** The action plan's progress; null when there is no plan to report: `notes.plan` says why. */
  plan: ActionPlanView | null;
  /** Where the figures come from and what a section lacks, shown as written (escaped). */
  notes?: { source?: string; alerts?: string; plan?: string };
}

const NAMES = { nps: 'NPS', csat: 'CSAT', ces: 'CES', c2es: 'C2ES' } as const;

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

function fmt(kpi: keyof typeof NAMES | KpiView['unit'], v: number): string {
  if (kpi === 'nps' || kpi === 'points') return `${v > 0 ? '+' : ''}${v.toFixed(0)}`;
  if (kpi === 'csat' || kpi === 'percent') return `${v.toFixed(1)} %`;
  return v.toFixed(2);
}

function figure(f: KpiView): string {
  if (f.value === null) return f.n === 0 ? 'no answers' : `not enough answers (n = ${f.n})`;
  const i = f.interval
    ? ` (95 % interval ${fmt(f.unit, f.interval.lower)} to ${fmt(f.unit, f.interval.upper)})`
    : '';
  return `${fmt(f.unit, f.value)}${i}, n = ${f.n}${f.smallSample ? ', small sample' : ''}`;
}

const VERDICT: Record<string, string> = {
  'significantly-above': 'above target',
  'significantly-below': 'below target',
  'not-distinguishable': 'within the noise of the target',
  'no-interval': 'no interval to compare',
  'insufficient-data': 'not enough answers',
  'not-due': 'not due yet',
};

/**
 * The monthly report as a self-contained HTML document (inline CSS, no script): the month's headline
 * KPIs with interval, n and target, the changes from the previous month that are significant, the
 * month's alerts, its themes, and the action plan's progress. Every value is escaped.
 * @example renderMonthlyReport({ tenant: 'Acme', month: '2026-05', ... }).startsWith('<!doctype html>') // true
 */
export function renderMonthlyReport(r: MonthlyReportInput): string {
  const e = escapeHtml;
  const rows = r.kpis.map((k) => {
    const p = k.trend.find((t) => t.period === r.month);
    const value: KpiView = p
      ? {
          status: p.value === null ? 'insufficient-data' : 'ok',
          n: p.n,
          value: p.value,
          unit: k.figure.unit,
          interval:
            p.lower === null || p.upper === null
              ? null
              : { lower: p.lower, upper: p.upper, level: 0.95, method: '' },
          smallSample: p.smallSample,
        }
      : {
          status: 'insufficient-data',
          n: 0,
          value: null,
          unit: k.figure.unit,
          interval: null,
          smallSample: true,
        };
    const target = p?.target
      ? `${fmt(k.kpi, p.target.target)}: ${VERDICT[p.target.verdict] ?? p.target.verdict}`
      : '—';
    return {
      k,
      p,
      html: `<tr><th scope="row">${NAMES[k.kpi]}</th><td>${e(figure(value))}</td><td>${e(target)}</td></tr>`,
    };
  });
  const changes = rows.flatMap(({ k, p }) =>
    p?.change?.significant
      ? [
          `<li>${NAMES[k.kpi]} ${p.change.delta > 0 ? 'rose' : 'fell'} by ${e(Math.abs(p.change.delta).toFixed(k.figure.unit === 'scale' ? 2 : 1))}` +
            `${k.figure.unit === 'scale' ? '' : ' points'} ` +
            `from ${e(p.change.comparedWith)} (p = ${p.change.p < 0.001 ? '&lt; 0.001' : e(p.change.p.toFixed(3))}).</li>`,
        ]
      : [],
  );
  const alerts = (r.alerts?.latest ?? []).map(
    (a) =>
      `<tr><td>${e(a.severity)}</td><td>${e(a.title)}</td><td>${e(a.target.type === 'account' ? (a.accountName ?? a.target.id) : `segment ${a.target.id}`)}</td><td>${a.acknowledgedAt ? 'acknowledged' : 'open'}</td></tr>`,
  );
  const themes = r.themes.themes.map(
    (t) =>
      `<tr><td>${e(t.label)}</td><td>${t.count}</td><td>${t.accounts}</td><td>${e(figure(t.negativeShare))}</td><td>${t.examples[0] ? `<q>${e(t.examples[0].text)}</q>` : '—'}</td></tr>`,
  );
  const plan = (r.plan?.actions ?? []).map((a) => {
    const last = [...a.checkpoints].reverse().find((c) => c.due);
    const o = a.plan.objective;
    return (
      `<tr><td>${e(a.title)}</td><td>${e(`${NAMES[o.metric]} to ${fmt(o.metric, o.target)} by ${o.deadline}`)}</td>` +
      `<td>${e(a.plan.owner.name ?? a.plan.owner.email)}</td><td>${e(a.plan.status)}</td>` +
      `<td>${last?.figure ? e(figure(last.figure)) : 'no checkpoint measured yet'}</td><td>${e(VERDICT[a.latestVerdict] ?? a.latestVerdict)}</td></tr>`
    );
  });
  const table = (head: string[], body: string[], empty: string) =>
    body.length === 0
      ? `<p>${e(empty)}</p>`
      : `<table><thead><tr>${head.map((h) => `<th scope="col">${e(h)}</th>`).join('')}</tr></thead><tbody>${body.join('')}</tbody></table>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(r.tenant)} · customer experience · ${e(r.month)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2939}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{border-bottom:1px solid #d0d5dd;padding:.35rem .5rem;text-align:left;vertical-align:top}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}.micro{color:#475467;font-size:.85rem}</style></head>
<body><h1>${e(r.tenant)}: customer experience, ${e(r.month)}</h1>
<p class="micro">Produced by cxkit on ${e(r.generatedAt.slice(0, 10))}${r.notes?.source ? ` from ${e(r.notes.source)}` : ''}. Intervals are 95 %; figures on fewer than 30 answers are marked as small samples.</p>
<h2>Headline KPIs</h2>
<table><thead><tr><th scope="col">KPI</th><th scope="col">${e(r.month)}</th><th scope="col">Target</th></tr></thead><tbody>${rows.map((x) => x.html).join('')}</tbody></table>
<h2>Changes that matter</h2>
${changes.length === 0 ? '<p>No significant change from the previous month.</p>' : `<ul>${changes.join('')}</ul>`}
<h2>Alerts</h2>
${r.notes?.alerts ? `<p class="micro">${e(r.notes.alerts)}</p>\n` : ''}${
    r.alerts === null
      ? ''
      : `<p>${r.alerts.total} alerts this month, ${r.alerts.open} still open.</p>
${table(['Severity', 'Alert', 'Account or segment', 'Status'], alerts, 'No alert this month.')}`
  }
<h2>What customers talked about</h2>
${table(['Theme', 'Mentions', 'Accounts', 'Negative share', 'Example'], themes, 'No analysed comment this month.')}
<h2>Action plan</h2>
${r.notes?.plan ? `<p class="micro">${e(r.notes.plan)}</p>\n` : ''}${r.plan === null ? '' : table(['Action', 'Objective', 'Owner', 'Status', 'Latest checkpoint', 'Against the target'], plan, 'No action in the plan.')}
</body></html>
`;
}
