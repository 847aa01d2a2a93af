import type { AccountSummaryView, KpiView } from '@cxkit/core';
import {
  bandVariant,
  formatContribution,
  formatDate,
  formatInsufficient,
  formatKpi,
  formatKpiDetail,
  formatMode,
  formatModelValidation,
  formatOtherComponents,
  formatProbability,
  formatRole,
  formatSentimentSplit,
  formatSigned,
  latestVerbatims,
  sentimentLabel,
  shortQuote,
  splitContributions,
  topDrivers,
  topThemes,
  trendChange,
} from './card-format.js';
import { esc } from './common.js';

// The HubSpot card's presentation in HTML: every number, word and limit comes from the card's own
// formatting (card-format.ts is generated from packages/hubspot-app/src/app/cards/format.ts).

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
  const { top, rest } = splitContributions(h.contributions);
  return `<h3>Health ${Math.round(h.score)} / 100 <span class="tag ${bandVariant(h.band)}">${esc(h.bandLabel)}</span>
    ${h.change !== null ? `<span class="micro">${esc(formatSigned(h.change))} since last computed</span>` : ''}</h3>
    <dl>${top.map((c) => `<dt>${esc(c.label)}</dt><dd>${esc(formatContribution(c))}</dd>`).join('')}</dl>
    ${rest.length > 0 ? `<p class="micro">${esc(formatOtherComponents(rest))}</p>` : ''}
    ${h.missing.length > 0 ? `<p class="micro">Not scored, no data: ${esc((h.missingLabels ?? h.missing).join(', '))}</p>` : ''}`;
}

function churn(view: AccountSummaryView): string {
  const c = view.churn;
  if (!c) return '';
  const drivers = topDrivers(c.drivers);
  return `<h3>Churn risk ${formatProbability(c.probability)} in the next ${c.horizonDays} days</h3>
    ${
      c.source === 'prior'
        ? `<p class="micro">Estimated from the health score: ${esc(c.reason ?? 'too little churn history to train a model yet.')}</p>`
        : c.validation
          ? `<p class="micro">${esc(formatModelValidation(c.validation))}</p>`
          : ''
    }
    <ul>${drivers.map((d) => `<li>${esc(d.text)}</li>`).join('')}</ul>`;
}

function themes(view: AccountSummaryView): string {
  // As on the card: nothing from a server without verbatim analysis, an empty state when no theme came up.
  if (view.themes === undefined) return '';
  const top = topThemes(view.themes);
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
  const change = trendChange(view.npsTrend);
  const nps = view.nps;
  return `<p class="micro">${esc(formatDate(view.window.from))} to ${esc(formatDate(view.window.to))}, ${esc(formatMode(view.window.mode))} ·
      ${view.responses.total} answers, ${view.responses.last90Days} in the last 90 days</p>
    <div class="stats">
      ${kpiItem('NPS', nps, 'card-nps')}
      ${kpiItem('CSAT', view.csat, 'card-csat')}
      ${kpiItem('Customer effort', view.ces, 'card-ces')}
    </div>
    ${change ? `<p class="micro">${esc(formatSigned(change.delta))} pts since ${esc(change.since)}</p>` : ''}
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
        : `<ul>${latestVerbatims(view.verbatims)
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
