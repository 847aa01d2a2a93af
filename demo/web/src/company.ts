import type { AccountSummaryView } from '@cxkit/core';
import { intervalLineChart } from './charts.js';
import { byId, esc, getJson } from './common.js';
import { renderCard } from './card-view.js';

interface Company {
  account: {
    id: string;
    name: string;
    sector: string;
    size: string;
    region: string;
    distributor: string;
    churnedAt: string | null;
  };
  summary: AccountSummaryView;
  hubspot: { id: string; properties: Record<string, string | null> } | null;
}

const select = byId<HTMLSelectElement>('account');

async function show(id: string): Promise<void> {
  const c = await getJson<Company>(`/api/company/${encodeURIComponent(id)}`);
  const props = Object.entries(c.hubspot?.properties ?? {}).filter(([k]) => k.startsWith('cxkit_'));
  byId('card').innerHTML = `
    <section class="card" aria-labelledby="card-title">
      <h2 id="card-title">${esc(c.account.name)} <span class="micro">${esc(c.account.sector)} · ${esc(c.account.size)} · ${esc(c.account.region)} · ${esc(c.account.distributor)}${
        c.account.churnedAt ? ` · left in ${esc(c.account.churnedAt)}` : ''
      }</span></h2>
      <div data-testid="card">${renderCard(c.summary)}</div>
    </section>
    <section class="card" aria-labelledby="hs-title">
      <h2 id="hs-title">HubSpot company properties (stand-in)</h2>
      ${
        props.length === 0
          ? '<p class="micro">Not synced yet.</p>'
          : `<table data-testid="hubspot-properties"><caption class="visually-hidden">cxkit properties of company ${esc(c.hubspot?.id)}</caption><thead><tr><th scope="col">Property</th><th scope="col">Value</th></tr></thead><tbody>${props
              .map(([k, v]) => `<tr><td><code>${esc(k)}</code></td><td>${esc(v ?? '')}</td></tr>`)
              .join('')}</tbody></table>`
      }
    </section>`;
  const canvas = document.getElementById('card-trend') as HTMLCanvasElement | null;
  if (canvas)
    intervalLineChart(
      canvas,
      'NPS',
      c.summary.npsTrend.map((p) => ({ key: p.period, value: p.value, lower: p.lower, upper: p.upper })),
    );
}

const { accounts } = await getJson<{ accounts: { id: string; name: string; churnedAt: string | null }[] }>(
  '/api/accounts',
);
select.innerHTML = accounts
  .map(
    (a) => `<option value="${esc(a.id)}">${esc(a.name)}${a.churnedAt ? ' (former customer)' : ''}</option>`,
  )
  .join('');
const requested = new URLSearchParams(location.search).get('account');
select.value = requested && accounts.some((a) => a.id === requested) ? requested : accounts[0]!.id;
select.addEventListener('change', () => {
  history.replaceState(null, '', `?account=${encodeURIComponent(select.value)}`);
  void show(select.value);
});
await show(select.value);
