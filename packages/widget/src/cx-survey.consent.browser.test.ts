import { expect } from 'chai';
import {
  choose,
  shown,
  collectorStats,
  configureCollector,
  mount,
  next,
  npsSurvey,
  uid,
  waitFor,
} from '../test/browser-helpers.js';

// This file runs in its own browser context, so storage starts empty.
const databases = async () => (await indexedDB.databases()).map((d) => d.name);

describe('<cx-survey> consent first', () => {
  it('writes nothing to storage before consent, then persists what is pending', async () => {
    const ns = uid('c');
    await configureCollector(ns, { down: true });
    const el = await mount(
      { endpoint: `/collector/${ns}`, account: 'acme', 'require-consent': true, 'fatigue-days': '30' },
      npsSurvey(),
    );
    await shown(el);
    await choose(el, '10');
    await next(el);
    await next(el);
    await waitFor(async () => (await collectorStats(ns)).posts > 0, 5000, 'a delivery attempt');
    expect(localStorage.length, 'localStorage keys before consent').to.equal(0);
    expect(await databases(), 'IndexedDB databases before consent').to.deep.equal([]);
    // Fatigue still holds for this page, from memory.
    const again = await mount(
      { 'require-consent': true, 'fatigue-days': '30' },
      { ...npsSurvey(), id: el.definition!.id },
    );
    expect(again.renderRoot.querySelector('section')).to.equal(null);

    el.consent = true;
    await waitFor(async () => (await databases()).includes('cx-survey'), 5000, 'the outbox database');
    expect(localStorage.getItem('cx-survey:fatigue')).to.contain(el.definition!.id);
    const pending = await new Promise<unknown[]>((res) => {
      const r = indexedDB.open('cx-survey', 1);
      r.onsuccess = () => {
        const q = r.result.transaction('outbox').objectStore('outbox').getAll();
        q.onsuccess = () => res(q.result);
      };
    });
    expect(pending).to.have.length(1);

    await configureCollector(ns, { down: false });
    window.dispatchEvent(new Event('online'));
    await waitFor(async () => (await collectorStats(ns)).created.length === 1, 5000, 'delivery');
  });
});
