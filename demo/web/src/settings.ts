import type { HealthConfig } from '@cxkit/core';
import { byId, esc, getJson } from './common.js';

interface Preview {
  changes: number;
  total: number;
  accounts: {
    accountId: string;
    name: string | null;
    from: { band: string; label: string; score: number } | null;
    to: { band: string; label: string; score: number } | null;
  }[];
}

const root = byId('settings');
let config = await getJson<HealthConfig>('/api/settings/health');

const band = (b: Preview['accounts'][number]['from']) =>
  b ? `${esc(b.label)} (${Math.round(b.score)})` : 'not scored';

function edited(): HealthConfig {
  return {
    ...config,
    components: config.components.map((c, i) => ({
      ...c,
      weight: Number(byId<HTMLInputElement>(`w-${i}`).value),
    })),
  };
}

function render(): void {
  root.innerHTML = `
    <section class="card" aria-labelledby="weights-title">
      <h2 id="weights-title">Component weights</h2>
      <p class="micro">Weights are relative: they are renormalised over the components an account has data for.</p>
      <form id="weights">
        <table><caption class="visually-hidden">Health score components and their weights</caption>
          <thead><tr><th scope="col">Component</th><th scope="col">Group</th><th scope="col">Weight</th></tr></thead>
          <tbody>${config.components
            .map(
              (c, i) => `<tr><td><label for="w-${i}">${esc(c.label)}</label></td><td>${esc(c.group)}</td>
                <td><input id="w-${i}" type="number" min="0" max="100" step="any" value="${c.weight}" /></td></tr>`,
            )
            .join('')}</tbody></table>
        <p><button type="submit">Preview band changes</button>
          <button type="button" class="secondary" id="save">Save and recompute</button></p>
      </form>
      <p id="settings-status" role="status"></p>
    </section>
    <section class="card" aria-labelledby="preview-title">
      <h2 id="preview-title">Accounts that change band</h2>
      <div id="preview"><p class="micro">Change a weight and preview.</p></div>
    </section>`;
  byId<HTMLFormElement>('weights').addEventListener('submit', (e) => {
    e.preventDefault();
    void preview();
  });
  byId('save').addEventListener('click', () => void save());
}

async function preview(): Promise<void> {
  const p = await getJson<Preview>('/api/settings/health/preview', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(edited()),
  });
  byId('preview').innerHTML =
    `<p data-testid="preview-count">${p.changes} of ${p.total} customers change band.</p>
    ${
      p.accounts.length === 0
        ? ''
        : `<table data-testid="preview-table"><caption class="visually-hidden">Accounts whose band changes</caption>
      <thead><tr><th scope="col">Account</th><th scope="col">Now</th><th scope="col">With these weights</th></tr></thead>
      <tbody>${p.accounts
        .map(
          (
            a,
          ) => `<tr><td><a href="company.html?account=${encodeURIComponent(a.accountId)}">${esc(a.name ?? a.accountId)}</a></td>
          <td>${band(a.from)}</td><td>${band(a.to)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    }`;
}

async function save(): Promise<void> {
  const next = edited();
  await getJson('/api/settings/health', {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(next),
  });
  config = next;
  byId('settings-status').textContent = 'Saved: health scores were recomputed with the new weights.';
}

render();
