import { expect } from 'chai';
import type { CxErrorDetail } from './index.js';
import {
  choose,
  collectorStats,
  configureCollector,
  mount,
  next,
  npsSurvey,
  shown,
  uid,
  waitFor,
} from '../test/browser-helpers.js';

// Some browsers refuse IndexedDB (private modes, disabled storage): the outbox must fall back to
// localStorage. This file runs in its own page, so breaking indexedDB.open here affects nothing else.
describe('outbox without IndexedDB', () => {
  it('keeps pending answers in localStorage and clears them once delivered', async () => {
    indexedDB.open = () => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
    const ns = uid('c');
    await configureCollector(ns, { down: true });
    const el = await mount({ endpoint: `/collector/${ns}`, account: 'acme' }, npsSurvey());
    await shown(el);
    await choose(el, '10');
    await next(el);
    await next(el);
    const stored = await waitFor(
      () => localStorage.getItem('cx-survey:outbox'),
      5000,
      'the localStorage outbox',
    );
    expect(Object.keys(JSON.parse(stored) as object)).to.have.length(1);
    await configureCollector(ns, { down: false });
    window.dispatchEvent(new Event('online'));
    await waitFor(async () => (await collectorStats(ns)).created.length === 1, 5000, 'delivery');
    await waitFor(() => localStorage.getItem('cx-survey:outbox') === '{}', 5000, 'the outbox to empty');
  });

  it('still delivers, and says so with cx-error, when no storage accepts the answer', async () => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    try {
      const ns = uid('c');
      const el = await mount({ endpoint: `/collector/${ns}`, account: 'acme' }, npsSurvey());
      const error = new Promise<CxErrorDetail>((r) => el.addEventListener('cx-error', (e) => r(e.detail)));
      await shown(el);
      await choose(el, '8');
      await next(el);
      await next(el);
      expect((await error).code).to.equal('storage/unavailable');
      await waitFor(
        async () => (await collectorStats(ns)).created.length === 1,
        5000,
        'delivery from memory',
      );
    } finally {
      Storage.prototype.setItem = setItem;
    }
  });
});
