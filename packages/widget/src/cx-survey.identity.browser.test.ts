// One browser, several people and tabs (issue 20, item 6): an answer goes out only with its own
// person's token and its free text is not left in storage for the next one; two tabs cannot take
// two answers from one person; a late consent does not re-ask someone who already answered.
import { expect } from 'chai';
import type { CxDismissDetail, CxSurvey } from './index.js';
import {
  choose,
  collectorStats,
  configureCollector,
  mount,
  next,
  npsSurvey,
  shown,
  type,
  uid,
  waitFor,
} from '../test/browser-helpers.js';

/** Every entry of the IndexedDB outbox. */
async function stored(): Promise<{ id: string; response: { answers: { value: unknown }[] } }[]> {
  const db = await new Promise<IDBDatabase>((res, rej) => {
    const r = indexedDB.open('cx-survey', 1);
    r.onupgradeneeded = () => r.result.createObjectStore('outbox', { keyPath: 'id' });
    r.onsuccess = () => res(r.result);
    r.onerror = () => rej(r.error);
  });
  const all = await new Promise<never[]>((res) => {
    const q = db.transaction('outbox').objectStore('outbox').getAll();
    q.onsuccess = () => res(q.result as never[]);
  });
  db.close();
  return all;
}

const dismissal = (el: CxSurvey) =>
  new Promise<CxDismissDetail>((r) => el.addEventListener('cx-dismiss', (e) => r(e.detail)));

describe('<cx-survey> on a shared browser', () => {
  afterEach(() => {
    for (const el of document.querySelectorAll('cx-survey')) el.remove();
    localStorage.clear();
  });

  it("sends a queued answer only with its own person's token, and keeps no free text for the next person", async () => {
    const ns = uid('c');
    await configureCollector(ns, { down: true });
    const endpoint = `/collector/${ns}`;
    const def = npsSurvey();
    const ann = await mount({ endpoint, account: 'acme', respondent: 'ann', token: 'tok-ann' }, def);
    await shown(ann);
    await choose(ann, '3');
    await next(ann);
    await type(ann, 'Ann thinks the invoices are wrong');
    const sent = new Promise<string>((r) =>
      ann.addEventListener('cx-submit', (e) => r(e.detail.response.id)),
    );
    await next(ann);
    const annId = await sent;
    await waitFor(async () => (await collectorStats(ns)).posts > 0, 5000, 'a first attempt');
    ann.remove();

    // Ann signs out; Bob signs in on the same browser and the collector is back.
    await configureCollector(ns, { down: false });
    const bob = await mount(
      { endpoint, account: 'acme', respondent: 'bob', token: 'tok-bob', 'fatigue-days': '0' },
      npsSurvey(),
    );
    await shown(bob);
    window.dispatchEvent(new Event('online'));
    await waitFor(
      async () =>
        (await stored()).find((e) => e.id === annId)?.response.answers.some((a) => a.value === null),
      5000,
      "Ann's free text to leave storage",
    );
    await new Promise((r) => setTimeout(r, 500));
    let s = await collectorStats(ns);
    expect(s.created, "Ann's answer is not sent while Bob is signed in").not.to.include(annId);
    expect(
      s.requests.filter((r) => r.method === 'POST' && r.headers.authorization === 'Bearer tok-bob'),
    ).to.deep.equal([]);
    const kept = (await stored()).find((e) => e.id === annId)!;
    expect(JSON.stringify(kept)).not.to.contain('invoices');
    expect(kept.response.answers[0]!.value, 'the score stays').to.equal(3);
    bob.remove();

    // Ann is back: her answer goes out with her token, free text included (it was kept in memory).
    const back = await mount({ endpoint, account: 'acme', respondent: 'ann', token: 'tok-ann2' }, def);
    void back;
    s = await waitFor(
      async () => {
        const x = await collectorStats(ns);
        return x.created.includes(annId) && x;
      },
      5000,
      "Ann's answer",
    );
    const posts = s.requests.filter((r) => r.method === 'POST');
    expect(posts.at(-1)!.headers.authorization).to.equal('Bearer tok-ann2');
    expect(JSON.stringify(s.responses)).to.contain('invoices');
  });

  it('forgets the text typed by the previous person when another one signs in on the page', async () => {
    const el = await mount({ account: 'acme', respondent: 'ann', 'fatigue-days': '0' }, npsSurvey());
    await choose(el, '3');
    await next(el);
    await type(el, 'Private remark');
    const submits: unknown[] = [];
    el.addEventListener('cx-submit', (e) => submits.push(e.detail));
    el.respondent = 'bob';
    el.token = 'tok-bob';
    await waitFor(() => el.renderRoot.querySelector('[role="radiogroup"]'), 5000, 'a fresh survey');
    expect(el.renderRoot.querySelector('textarea')).to.equal(null);
    expect(submits, "nothing of Ann's is queued under Bob").to.deep.equal([]);
    await choose(el, '9');
    await next(el);
    expect(el.renderRoot.querySelector('textarea')!.value).to.equal('');
  });

  it('two tabs: once the person answers in one, the other closes and cannot take a second answer', async () => {
    const def = npsSurvey();
    const here = await mount({ account: 'acme', respondent: 'ann' }, def);
    await shown(here);
    const closed = dismissal(here);
    // The other tab: a same-origin frame with its own copy of the widget.
    const frame = document.createElement('iframe');
    frame.srcdoc = `<script type="module">import '/src/define.ts';</script>`;
    document.body.append(frame);
    await waitFor(() => frame.contentWindow?.customElements?.get('cx-survey'), 10_000, 'the other tab');
    const other = frame.contentDocument!.createElement('cx-survey') as CxSurvey;
    other.setAttribute('account', 'acme');
    other.setAttribute('respondent', 'ann');
    other.setAttribute('global-cap', '0');
    other.definition = def;
    frame.contentDocument!.body.append(other);
    await shown(other);
    await choose(other, '10');
    await next(other);
    await next(other);
    expect((await closed).reason).to.equal('answered');
    expect(here.renderRoot.querySelector('section')).to.equal(null);
    expect(await here.show(), 'not shown again on this page').to.equal(false);
    frame.remove();
  });

  it('late consent: closes a survey storage says this person already answered', async () => {
    const def = npsSurvey();
    // An earlier page, with consent, recorded the answer.
    localStorage.setItem(
      'cx-survey:fatigue',
      JSON.stringify({ surveys: { [def.id]: Date.now() }, site: [] }),
    );
    const el = await mount({ account: 'acme', respondent: 'ann', 'require-consent': true }, def);
    await shown(el); // without consent the widget may not read storage
    const closed = dismissal(el);
    const submits: unknown[] = [];
    el.addEventListener('cx-submit', (e) => submits.push(e.detail));
    el.consent = true;
    expect((await closed).reason).to.equal('answered');
    expect(el.renderRoot.querySelector('section')).to.equal(null);
    expect(submits).to.deep.equal([]);
  });
});
