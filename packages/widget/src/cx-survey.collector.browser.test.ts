import { expect } from 'chai';
import type { CxErrorDetail, CxSentDetail, CxSurvey } from './index.js';
import {
  choose,
  cleanPage,
  collectorStats,
  configureCollector,
  mount,
  next,
  npsSurvey,
  uid,
  waitFor,
} from '../test/browser-helpers.js';

/** Answers 9 then skips the follow-up. */
async function answer(el: CxSurvey): Promise<void> {
  await choose(el, '9');
  await next(el);
  await next(el);
}

const isShown = (el: CxSurvey) => el.renderRoot.querySelector('section') !== null;

describe('<cx-survey> with a collector endpoint', () => {
  afterEach(cleanPage);

  it('fetches the definition and delivers the response with the site key and identity token', async () => {
    const ns = uid('c');
    const def = npsSurvey('relationship-q4');
    await configureCollector(ns, { definitions: { 'relationship-q4': def } });
    const el = await mount({
      endpoint: `/collector/${ns}/`,
      survey: 'relationship-q4',
      account: 'acme',
      respondent: 'u-123',
      'respondent-role': 'buyer',
      token: 'SIGNED',
      'site-key': 'site-1',
      locale: 'fr',
    });
    await waitFor(() => isShown(el), 5000, 'the survey');
    const sent = new Promise<CxSentDetail>((r) => el.addEventListener('cx-sent', (e) => r(e.detail)));
    await answer(el);
    const detail = await sent;
    expect(detail.status).to.equal('created');
    const stats = await collectorStats(ns);
    expect(stats.created).to.deep.equal([detail.responseId]);
    expect(stats.responses[0]).to.deep.include({
      surveyId: 'relationship-q4',
      surveyVersion: 1,
      accountId: 'acme',
      respondentId: 'u-123',
      role: 'buyer',
      channel: 'web',
      locale: 'fr',
    });
    const paths = stats.requests.map((r) => `${r.method} ${r.path}`);
    // One request before the first paint, with nothing in its headers (no CORS preflight).
    expect(paths).to.deep.equal(['GET /v1/first-paint', 'POST /v1/responses']);
    for (const r of stats.requests)
      expect(r.headers).to.include({ siteKey: 'site-1', authorization: 'Bearer SIGNED' });
    expect(stats.requests[0]!.headers.query).to.equal(
      '?survey=relationship-q4&account=acme&site=site-1&respondent=u-123&token=SIGNED',
    );
  });

  it('stays hidden when the server says the respondent is not eligible', async () => {
    const ns = uid('c');
    await configureCollector(ns, { eligible: false });
    const el = await mount({ endpoint: `/collector/${ns}`, account: 'acme', respondent: 'u-1' }, npsSurvey());
    await waitFor(async () => (await collectorStats(ns)).requests.length, 5000, 'the eligibility call');
    await el.updateComplete;
    expect(isShown(el)).to.equal(false);
    expect(await el.show()).to.equal(false);
  });

  it('sends no respondent id and no identity token in anonymous mode, even with a token set', async () => {
    const ns = uid('c');
    await configureCollector(ns, { definitions: { pulse: npsSurvey('pulse') } });
    const el = await mount({
      endpoint: `/collector/${ns}`,
      survey: 'pulse',
      account: 'acme',
      respondent: 'u-1',
      token: 'SIGNED',
      'site-key': 'site-1',
      anonymous: true,
    });
    await waitFor(() => isShown(el), 5000, 'the survey');
    await answer(el);
    const stats = await waitFor(async () => {
      const s = await collectorStats(ns);
      return s.created.length === 1 && s;
    });
    expect(stats.responses[0]).not.to.have.property('respondentId');
    expect(stats.requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal([
      'GET /v1/first-paint',
      'POST /v1/responses',
    ]);
    for (const r of stats.requests) {
      expect(r.headers.siteKey).to.equal('site-1');
      expect(r.headers.authorization, `${r.method} ${r.path}`).to.equal(undefined);
      expect(r.headers.query).not.to.contain('u-1');
    }
  });

  it('drops an anonymous answer to a survey that needs identity with one cx-error, without retrying', async () => {
    const ns = uid('c');
    await configureCollector(ns, { requireIdentity: true });
    const el = await mount(
      { endpoint: `/collector/${ns}`, account: 'acme', token: 'SIGNED', anonymous: true },
      npsSurvey(),
    );
    const errors: CxErrorDetail[] = [];
    el.addEventListener('cx-error', (e) => errors.push(e.detail));
    await waitFor(() => isShown(el), 5000, 'the survey');
    await answer(el);
    await waitFor(() => errors.length, 5000, 'the cx-error');
    expect(errors[0]!.code).to.equal('delivery/rejected');
    expect(errors[0]!.message).to.contain('401');
    window.dispatchEvent(new Event('online')); // would resend anything still queued
    await new Promise((r) => setTimeout(r, 1500));
    const stats = await collectorStats(ns);
    expect(stats.posts).to.equal(1);
    expect(stats.created).to.deep.equal([]);
    expect(stats.requests.every((r) => r.headers.authorization === undefined)).to.equal(true);
    expect(errors).to.have.length(1);
  });

  it('keeps an answer whose token is refused, reports it once, and delivers it once a new token is set', async () => {
    const ns = uid('c');
    // The token expired while the answer waited (overnight offline, say): the collector refuses it.
    await configureCollector(ns, { refuseTokens: ['EXPIRED'] });
    const el = await mount(
      { endpoint: `/collector/${ns}`, account: 'acme', respondent: 'u-1', token: 'EXPIRED' },
      npsSurvey(),
    );
    const errors: CxErrorDetail[] = [];
    el.addEventListener('cx-error', (e) => errors.push(e.detail));
    await waitFor(() => isShown(el), 5000, 'the survey');
    await answer(el);
    await waitFor(() => errors.length, 5000, 'the cx-error');
    expect(errors[0]!.code).to.equal('delivery/unauthorized');
    // Neither the backoff nor the network coming back resends it with the refused token.
    window.dispatchEvent(new Event('online'));
    await new Promise((r) => setTimeout(r, 2500));
    const before = await collectorStats(ns);
    expect(before.created).to.deep.equal([]);
    expect(before.posts).to.be.at.most(2);
    expect(errors).to.have.length(1);
    const sent = new Promise<CxSentDetail>((r) => el.addEventListener('cx-sent', (e) => r(e.detail)));
    el.setAttribute('token', 'FRESH');
    const detail = await sent;
    const stats = await collectorStats(ns);
    expect(stats.created).to.deep.equal([detail.responseId]);
    expect(stats.duplicates).to.equal(0);
    expect(stats.requests.at(-1)!.headers.authorization).to.equal('Bearer FRESH');
    expect(errors).to.have.length(1);
  });

  it('reports a definition it cannot fetch as cx-error and one console line', async () => {
    const ns = uid('c');
    const el = document.createElement('cx-survey');
    const error = new Promise<CxErrorDetail>((r) => el.addEventListener('cx-error', (e) => r(e.detail)));
    const warn = console.warn;
    const lines: unknown[][] = [];
    console.warn = (...a: unknown[]) => lines.push(a);
    try {
      el.setAttribute('endpoint', `/collector/${ns}`);
      el.setAttribute('survey', 'missing');
      el.setAttribute('account', 'acme');
      document.body.append(el);
      const detail = await error;
      expect(detail.code).to.equal('definition/fetch-failed');
      expect(detail.message).to.contain('404');
    } finally {
      console.warn = warn;
    }
    expect(lines).to.have.length(1);
    expect(String(lines[0]![0])).to.match(/^\[cx-survey\] definition\/fetch-failed: /);
  });

  it('refuses to collect without an account, with a cx-error naming the attribute', async () => {
    const el = document.createElement('cx-survey');
    const error = new Promise<CxErrorDetail>((r) => el.addEventListener('cx-error', (e) => r(e.detail)));
    el.setAttribute('endpoint', `/collector/${uid('c')}`);
    el.definition = npsSurvey();
    document.body.append(el);
    expect(await error).to.deep.equal({
      code: 'config/missing-account',
      message: 'the account attribute is required to deliver answers',
    });
    await el.updateComplete;
    expect(isShown(el)).to.equal(false);
  });

  it('drops a response the collector refuses (400) with cx-error, while the rest of the batch arrives', async () => {
    const ns = uid('c');
    await configureCollector(ns, { down: true });
    const attrs = { endpoint: `/collector/${ns}`, account: 'acme', 'fatigue-days': '0' };
    const good = await mount(attrs, npsSurvey());
    const bad = await mount({ ...attrs, 'respondent-role': 'Not A Slug' }, npsSurvey());
    const error = new Promise<CxErrorDetail>((r) => bad.addEventListener('cx-error', (e) => r(e.detail)));
    await waitFor(() => isShown(good) && isShown(bad), 5000, 'both surveys');
    await answer(good);
    await answer(bad);
    await configureCollector(ns, { down: false });
    window.dispatchEvent(new Event('online')); // what the browser fires when the network returns
    expect((await error).code).to.equal('delivery/rejected');
    const stats = await waitFor(async () => {
      const s = await collectorStats(ns);
      return s.created.length === 1 && s;
    });
    expect(stats.responses[0]).not.to.have.property('role');
  });

  it('sends what is pending when the tab is hidden, without ending a survey in progress', async () => {
    const ns = uid('c');
    await configureCollector(ns, { down: true });
    const attrs = { endpoint: `/collector/${ns}`, account: 'acme', 'fatigue-days': '0' };
    const done = await mount(attrs, npsSurvey());
    const open = await mount(attrs, npsSurvey());
    await waitFor(() => isShown(done) && isShown(open), 5000, 'both surveys');
    await answer(done);
    await choose(open, '4'); // in progress
    await waitFor(async () => (await collectorStats(ns)).posts > 0, 5000, 'a failed attempt');
    window.dispatchEvent(new Event('online')); // a second failure pushes the next retry 2-4 s away
    await waitFor(async () => (await collectorStats(ns)).posts > 1, 5000, 'a second failed attempt');
    await configureCollector(ns, { down: false });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    try {
      document.dispatchEvent(new Event('visibilitychange'));
    } finally {
      delete (document as { visibilityState?: unknown }).visibilityState;
    }
    // Before the next retry is due: only the hidden-page flush can have sent it.
    await waitFor(async () => (await collectorStats(ns)).created.length === 1, 1800, 'the pending answer');
    expect(open.renderRoot.querySelector<HTMLInputElement>('input:checked')?.value).to.equal('4');
  });
});

describe('<cx-survey> survey fatigue', () => {
  afterEach(cleanPage);

  it('is not shown again after an answer, for fatigue-days', async () => {
    const def = npsSurvey();
    const first = await mount({ 'fatigue-days': '30' }, def);
    await answer(first);
    const again = await mount({ 'fatigue-days': '30' }, def);
    expect(isShown(again)).to.equal(false);
    const log = JSON.parse(localStorage.getItem('cx-survey:fatigue')!) as { surveys: Record<string, number> };
    expect(Date.now() - log.surveys[def.id]!).to.be.lessThan(60_000);
    // A 0-day period shows it again.
    const zero = await mount({ 'fatigue-days': '0' }, def);
    expect(isShown(zero)).to.equal(true);
  });

  it('is not shown again after a dismissal, and the definition sets the default period', async () => {
    const def = { ...npsSurvey(), fatigueDays: 10 };
    const first = await mount({ mode: 'floating' }, def);
    first.renderRoot.querySelector<HTMLButtonElement>('[part="close"]')!.click();
    expect(isShown(await mount({}, def))).to.equal(false);
    // Older than the period: shown again.
    const log = JSON.parse(localStorage.getItem('cx-survey:fatigue')!) as { surveys: Record<string, number> };
    log.surveys[def.id] = Date.now() - 11 * 86_400_000;
    localStorage.setItem('cx-survey:fatigue', JSON.stringify(log));
    expect(isShown(await mount({}, def))).to.equal(true);
  });

  it('caps surveys across the whole site', async () => {
    const capped = { 'global-cap': '2', 'global-cap-days': '30', 'fatigue-days': '0' };
    await answer(await mount(capped, npsSurvey()));
    await answer(await mount(capped, npsSurvey()));
    expect(isShown(await mount(capped, npsSurvey())), 'a third survey within 30 days').to.equal(false);
    expect(isShown(await mount({ ...capped, 'global-cap': '3' }, npsSurvey()))).to.equal(true);
  });
});
