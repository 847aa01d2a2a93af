import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';
import type { CxSubmitDetail } from './index.js';
import {
  choose,
  collectorStats,
  configureCollector,
  mount,
  next,
  npsSurvey,
  uid,
  waitFor,
} from '../test/browser-helpers.js';

const cutNetwork = (ns: string, cut: boolean) =>
  executeServerCommand('cut-network', { cut, pattern: `**/collector/${ns}/v1/responses` });

/** Entries still waiting in the IndexedDB outbox. */
async function outboxSize(): Promise<number> {
  const db = await new Promise<IDBDatabase>((res, rej) => {
    const r = indexedDB.open('cx-survey', 1);
    r.onsuccess = () => res(r.result);
    r.onerror = () => rej(r.error);
  });
  const n = await new Promise<number>((res) => {
    const r = db.transaction('outbox').objectStore('outbox').count();
    r.onsuccess = () => res(r.result);
  });
  db.close();
  return n;
}

describe('delivery: 100 answers through random failures and a network cut', () => {
  it('arrive exactly once each, and the outbox ends empty', async function () {
    this.timeout(240_000);
    const ns = uid('c');
    // One request in three fails: half with a 503, half with the connection cut mid-request.
    await configureCollector(ns, { failRate: 0.33, seed: 7 });
    const el = await mount(
      { endpoint: `/collector/${ns}`, account: 'acme', 'fatigue-days': '0' },
      npsSurvey(),
    );
    const submitted: string[] = [];
    const t0 = performance.now();
    el.addEventListener('cx-submit', (e: CustomEvent<CxSubmitDetail>) =>
      submitted.push(e.detail.response.id),
    );
    for (let i = 0; i < 100; i++) {
      if (i === 40) await cutNetwork(ns, true);
      if (i === 70) await cutNetwork(ns, false);
      await waitFor(() => el.renderRoot.querySelector('form'), 5000, 'the survey');
      await choose(el, String(i % 11));
      await next(el);
      await next(el); // skip the follow-up
      el.reset();
      await el.updateComplete;
    }
    expect(new Set(submitted).size).to.equal(100);
    console.log(`submitted in ${Math.round(performance.now() - t0)} ms`);
    const stats = await waitFor(
      async () => {
        const s = await collectorStats(ns);
        return s.created.length >= 100 && (await outboxSize()) === 0 && s;
      },
      200_000,
      'every answer to arrive',
    );
    expect(stats.failures, 'the collector did fail').to.be.greaterThan(5);
    expect([...stats.created].sort()).to.deep.equal([...submitted].sort());
    expect(stats.invalid).to.deep.equal([]);
  });
});
