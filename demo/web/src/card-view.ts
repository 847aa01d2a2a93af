import type { AccountSummaryView, KpiView } from '@cxkit/core';
import { esc, formatSigned } from './common.js';

// Mirrors the HubSpot card's presentation (packages/hubspot-app/src/app/cards/format.ts and
// AccountSummaryCard.tsx): same numbers, same wording, same limits.

/** How many contributions, drivers, themes and comments the card lists. */
const CARD_LIMITS = { contributions: 3, drivers: 3, themes: 5, verbatims: 5 } as const;

function formatValue(value: number, kpi: Pick<KpiView, 'unit' | 'scale'>): string {
  if (kpi.unit === 'points') return formatSigned(value);
  if (kpi.unit === 'percent') return `${Math.round(value)}%`;
  return kpi.scale ? `${value.toFixed(1)} / ${kpi.scale.max}` : value.toFixed(1);
}
function formatBound(value: number, kpi: Pick<KpiView, 'unit'>): string {
  if (kpi.unit === 'points') return formatSigned(value);
  if (kpi.unit === 'percent') return `${Math.round(value)}%`;
  return value.toFixed(1);
}
/** The headline number of a KPI, or an em dash when there is not enough data. */
export function formatKpi(kpi: KpiView): string {
  return kpi.status === 'ok' && kpi.value !== null ? formatValue(kpi.value, kpi) : '—';
}
function formatKpiDetail(kpi: KpiView): string {
  if (kpi.status !== 'ok' || !kpi.interval) return `n = ${kpi.n}`;
  const level = `${Math.round(kpi.interval.level * 100)}% CI`;
  return `${level} ${formatBound(kpi.interval.lower, kpi)} to ${formatBound(kpi.interval.upper, kpi)}, n = ${kpi.n}`;
}
const formatInsufficient = (kpi: KpiView) =>
  `Not enough data (n = ${kpi.n})${kpi.reason ? `: ${kpi.reason}` : ''}`;
const formatDate = (iso: string) =>
  new Date(iso).toLocaleDateString('en-GB', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
const formatRole = (role: string) =>
  role ? role[0]!.toUpperCase() + role.slice(1).replace(/[-_]/g, ' ') : role;
const MODES = {
  pooled: 'all answers pooled',
  'per-respondent': 'one vote per respondent',
  'role-weighted': 'weighted by role',
};
const bandVariant = (band: string) =>
  band === 'healthy'
    ? 'success'
    : band === 'needs-attention'
      ? 'warning'
      : band === 'at-risk'
        ? 'error'
        : 'default';

// Core's thresholds: negative < -0.05 <= neutral <= 0.05 < positive.
const sentimentLabel = (score: number) =>
  score > 0.05 ? 'positive' : score < -0.05 ? 'negative' : 'neutral';
const formatSentimentSplit = (s: { negative: number; neutral: number; positive: number }) =>
  `${s.positive} positive, ${s.negative} negative${s.neutral > 0 ? `, ${s.neutral} neutral` : ''}`;
/** A quote shortened at a word boundary before 140 characters, in quotation marks (still unescaped). */
function shortQuote(text: string, max = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return `“${flat}”`;
  const cut = flat.slice(0, max - 1);
  const space = flat[max - 1] === ' ' ? cut.length : cut.lastIndexOf(' ');
  return `“${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…”`;
}

function kpiItem(label: string, kpi: KpiView, testId: string): string {
  return `<div class="stat" data-testid="${testId}">
    <div class="label">${esc(label)}</div>
    <div class="value">${esc(formatKpi(kpi))}</div>
    <div class="micro">${esc(kpi.status === 'ok' ? formatKpiDetail(kpi) : formatInsufficient(kpi))}</div>
    ${kpi.status === 'ok' && kpi.smallSample ? '<span class="tag warning">Small sample: read with care</span>' : ''}
  </div>`;
}

function health(view: AccountSummaryView): string {
  const h = view.health;
  const thin = view.healthInsufficient;
  if (!h && thin)
    return `<h3>Health: insufficient data</h3><p>Not scored: ${esc(thin.reason)}. A score on so little would read like a full one.</p>
    ${thin.missingLabels.length > 0 ? `<p class="micro">No data: ${esc(thin.missingLabels.join(', '))}</p>` : ''}`;
  if (!h) return '<h3>Health</h3><p>Not scored yet: the health score needs at least one of its inputs.</p>';
  // As on the card: the components furthest from a neutral 50, by weight (what lifts and what drags).
  const ranked = [...h.contributions].sort(
    (a, b) => Math.abs(b.normalized - 50) * b.weight - Math.abs(a.normalized - 50) * a.weight,
  );
  const top = ranked.slice(0, CARD_LIMITS.contributions);
  const rest = ranked.slice(CARD_LIMITS.contributions);
  const restPoints = rest.reduce((sum, c) => sum + c.points, 0);
  return `<h3>Health ${Math.round(h.score)} / 100 <span class="tag ${bandVariant(h.band)}">${esc(h.bandLabel)}</span>
    ${h.change !== null ? `<span class="micro">${esc(formatSigned(h.change))} since last computed</span>` : ''}</h3>
    <dl>${top
      .map(
        (c) =>
          `<dt>${esc(c.label)}</dt><dd>${c.points.toFixed(1)} of ${Math.round(c.weight * 100)} pts (scored ${Math.round(c.normalized)}/100${
            c.imputed
              ? ': none on record, which counts'
              : c.raw !== null
                ? ` from ${esc(typeof c.raw === 'number' ? Number(c.raw.toFixed(1)) : c.raw)}`
                : ''
          })</dd>`,
      )
      .join('')}</dl>
    ${rest.length > 0 ? `<p class="micro">Other ${rest.length} ${rest.length === 1 ? 'component' : 'components'}: ${restPoints.toFixed(1)} pts</p>` : ''}
    ${h.missing.length > 0 ? `<p class="micro">Not scored, no data: ${esc((h.missingLabels ?? h.missing).join(', '))}</p>` : ''}`;
}

/** As the card's formatModelValidation: the model's time-split figures against the health estimate. */
function modelValidation(v: NonNullable<NonNullable<AccountSummaryView['churn']>['validation']>): string {
  const f = (x: number | null) => (x === null ? 'n/a' : x.toFixed(2));
  const since = new Date(v.from).toLocaleDateString('en-GB', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
  return (
    `Forecast by this portal's model: AUC ${f(v.auc)} (health estimate ${f(v.priorAuc)}), ` +
    `calibration slope ${f(v.calibrationSlope)}, on ${v.events} churns since ${since}`
  );
}

function churn(view: AccountSummaryView): string {
  const c = view.churn;
  if (!c) return '';
  const drivers = [...c.drivers]
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
    .slice(0, CARD_LIMITS.drivers);
  return `<h3>Churn risk ${Math.round(c.probability * 100)}% in the next ${c.horizonDays} days</h3>
    ${
      c.source === 'prior'
        ? `<p class="micro">Estimated from the health score: ${esc(c.reason ?? 'too little churn history to train a model yet.')}</p>`
        : c.validation
          ? `<p class="micro">${esc(modelValidation(c.validation))}</p>`
          : ''
    }
    <ul>${drivers.map((d) => `<li>${esc(d.text)}</li>`).join('')}</ul>`;
}

function themes(view: AccountSummaryView): string {
  // As on the card: nothing from a server without verbatim analysis, an empty state when no theme came up.
  if (view.themes === undefined) return '';
  const top = [...view.themes].sort((a, b) => b.count - a.count).slice(0, CARD_LIMITS.themes);
  if (top.length === 0)
    return `<h3>What they talk about</h3><p data-testid="card-themes-empty">No themes yet: they appear once this company's comments mention a topic.</p>`;
  return `<h3>What they talk about</h3><table data-testid="card-themes"><caption class="visually-hidden">Themes of the comments</caption>
    <thead><tr><th scope="col">Theme</th><th scope="col">Mentions</th><th scope="col">Sentiment</th><th scope="col">Example</th></tr></thead>
    <tbody>${top
      .map(
        (t) =>
          `<tr><td>${esc(t.label)}</td><td>${t.count}</td><td>${esc(formatSentimentSplit(t.sentiment))}</td><td><em>${
            t.examples[0] ? esc(shortQuote(t.examples[0].text)) : '—'
          }</em></td></tr>`,
      )
      .join('')}</tbody></table>`;
}

/** The card body for a loaded summary, as HTML. */
export function renderCard(view: AccountSummaryView): string {
  if (view.responses.total === 0 && view.health === null && view.churn === null)
    return '<p>No survey answers from this company yet.</p>';
  const trend = view.npsTrend.filter((p) => p.value !== null);
  const last = trend.at(-1);
  const prev = trend.at(-2);
  const nps = view.nps;
  return `<p class="micro">${esc(formatDate(view.window.from))} to ${esc(formatDate(view.window.to))}, ${esc(MODES[view.window.mode])} ·
      ${view.responses.total} answers, ${view.responses.last90Days} in the last 90 days</p>
    <div class="stats">
      ${kpiItem('NPS', nps, 'card-nps')}
      ${kpiItem('CSAT', view.csat, 'card-csat')}
      ${kpiItem('Customer effort', view.ces, 'card-ces')}
    </div>
    ${last && prev ? `<p class="micro">${esc(formatSigned(last.value! - prev.value!))} pts since ${esc(prev.period)}</p>` : ''}
    ${
      nps.status === 'ok'
        ? `<p class="micro" data-testid="card-counts">${nps.counts.promoters} promoters, ${nps.counts.passives} passives, ${nps.counts.detractors} detractors${
            nps.counts.cantRecommend > 0 ? `, ${nps.counts.cantRecommend} not in a position to recommend` : ''
          }</p>`
        : ''
    }
    <div class="chart"><canvas id="card-trend" role="img" aria-label="NPS by period"></canvas></div>
    <details><summary>NPS by period as a table</summary><table><caption class="visually-hidden">NPS by period</caption>
      <thead><tr><th scope="col">Period</th><th scope="col">NPS</th><th scope="col">n</th></tr></thead>
      <tbody>${view.npsTrend.map((p) => `<tr><td>${esc(p.period)}</td><td>${p.value === null ? '—' : esc(formatSigned(p.value))}</td><td>${p.n}</td></tr>`).join('')}</tbody></table></details>
    ${health(view)}
    ${churn(view)}
    ${
      view.roles.length > 0
        ? `<h3>By role</h3><table><caption class="visually-hidden">NPS by role</caption><thead><tr><th scope="col">Role</th><th scope="col">Weight</th><th scope="col">Respondents</th><th scope="col">NPS</th></tr></thead><tbody>${view.roles
            .map(
              (r) =>
                `<tr><td>${esc(formatRole(r.role))}</td><td>${r.weight}</td><td>${r.respondents}</td><td>${esc(formatKpi(r.nps))}</td></tr>`,
            )
            .join('')}</tbody></table>`
        : ''
    }
    ${themes(view)}
    <h3>Latest comments</h3>
    ${
      view.verbatims.length === 0
        ? '<p class="micro">No comments yet.</p>'
        : `<ul>${view.verbatims
            .slice(0, CARD_LIMITS.verbatims)
            .map(
              (v) =>
                `<li><q>${esc(v.text)}</q> <span class="micro">${esc(formatDate(v.answeredAt))}${v.role ? `, ${esc(formatRole(v.role))}` : ''}${
                  v.score !== null ? `, score ${v.score}` : ''
                }${v.sentiment !== null ? `, ${sentimentLabel(v.sentiment)}` : ''}${v.themes.length ? `, ${esc(v.themes.join(', '))}` : ''}</span></li>`,
            )
            .join('')}</ul>`
    }
    <p class="micro">Updated ${esc(formatDate(view.generatedAt))}</p>`;
}
