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

/** `GET /v1/admin/health/weights-validation`: the weights against later churn, and a suggestion. */
interface WeightsValidation {
  current: { auc: number; rows: number; events: number };
  suggested: { auc: number };
  weights: Record<string, number>;
  better: boolean;
  horizonDays: number;
  validationFrom: string;
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
    <section class="card" aria-labelledby="validation-title">
      <h2 id="validation-title">Weights against later churn</h2>
      <p class="micro">How well each weight set ranks the accounts that churned in the following months, on this
        portal's history (AUC: 0.5 is chance, 1 is perfect).</p>
      <p><button type="button" class="secondary" id="check-weights">Check the weights</button></p>
      <div id="weights-validation" role="status"></div>
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
  byId('check-weights').addEventListener('click', () => void checkWeights());
}

async function checkWeights(): Promise<void> {
  const out = byId('weights-validation');
  let v: WeightsValidation;
  try {
    v = await getJson<WeightsValidation>('/api/settings/health/weights-validation');
  } catch (e) {
    out.innerHTML = `<p>${esc((e as Error).message)}</p>`;
    return;
  }
  out.innerHTML = `<p data-testid="weights-auc">Current weights: AUC ${v.current.auc.toFixed(3)}; suggested: AUC
    ${v.suggested.auc.toFixed(3)} (churn within ${v.horizonDays} days, ${v.current.events} churns since
    ${esc(v.validationFrom.slice(0, 10))}). ${
      v.better
        ? 'The suggestion ranks later churn better.'
        : 'The suggestion does not do clearly better: keep yours.'
    }</p>
    <p><button type="button" class="secondary" id="use-suggested">Use the suggested weights and preview</button></p>`;
  byId('use-suggested').addEventListener('click', () => {
    config.components.forEach((c, i) => {
      byId<HTMLInputElement>(`w-${i}`).value = String(v.weights[c.key] ?? c.weight);
    });
    // The band changes as for any edit; nothing is saved until "Save and recompute".
    void preview();
  });
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
