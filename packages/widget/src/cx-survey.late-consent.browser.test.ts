// Runs in its own page (a file of its own): the outbox is read from IndexedDB once per page, when
// storage is first allowed, which is what this test is about.
import { expect } from 'chai';
import type { CxDismissDetail } from './index.js';
import { mount, npsSurvey, shown } from '../test/browser-helpers.js';

describe('<cx-survey> late consent', () => {
  it('late consent: closes a survey whose answer from an earlier page still waits in the outbox', async () => {
    const def = npsSurvey();
    // An earlier page queued the answer (collector unreachable) but its fatigue record is gone.
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = indexedDB.open('cx-survey', 1);
      r.onupgradeneeded = () => r.result.createObjectStore('outbox', { keyPath: 'id' });
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const id = crypto.randomUUID();
    await new Promise((res) => {
      const t = db.transaction('outbox', 'readwrite');
      t.objectStore('outbox').put({
        id,
        response: {
          id,
          surveyId: def.id,
          accountId: 'acme',
          respondentId: 'ann',
          answeredAt: new Date().toISOString(),
          answers: [{ kind: 'nps', questionId: 'nps', value: 8 }],
        },
        url: '/collector/nowhere/v1/responses',
        headers: {},
        tries: 3,
        due: 0,
      });
      t.oncomplete = res;
    });
    db.close();
    const el = await mount({ account: 'acme', respondent: 'ann', 'require-consent': true }, def);
    await shown(el);
    const closed = new Promise<CxDismissDetail>((r) => el.addEventListener('cx-dismiss', (e) => r(e.detail)));
    el.consent = true;
    expect((await closed).reason).to.equal('answered');
    expect(el.renderRoot.querySelector('section')).to.equal(null);
  });
});
